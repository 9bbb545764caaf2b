/**
 * The planners' workspace: coverage gaps, unsafe and overloaded shelters, catchments and
 * siting suggestions as map layers, the figures per town beside them, the what-if draft and
 * the feature editor.
 */
import type { AppContext, Workspace } from '../app/workspace.ts';
import { ApiError } from '../api.ts';
import { numberText, t, type UiKey } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { createAnalysisLayers, legendSymbols, type AnalysisLayerId } from './analysis-layers.ts';
import { swatch } from '../ui/legend.ts';
import { catchments, coverage, siting, type CatchmentDemand, type CatchmentMethod, type CoverageAnswer } from './analysis-api.ts';
import { mountEditor } from './editor.ts';
import { mountWhatIf } from './what-if.ts';

type CityFigures = Record<string, number | boolean | null>;

/** City figures shown, most telling first. */
const CITY_FIGURES: Array<[string, UiKey | null]> = [
  ['covered_residents_pct', 'coveredPct'],
  ['uncovered_residents', 'uncoveredResidents'],
  ['overloaded_shelters', 'overloaded'],
  ['unsafe_shelters', 'unsafeShelters'],
  ['villages_beyond_depot', 'depotGaps'],
  ['gap_cells', 'gapAreas'],
];

function fmt(v: unknown, key: string): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '—' : String(v);
  return key.endsWith('_pct') ? `${v.toFixed(1)}%` : numberText(Math.round(v * 100) / 100);
}

function describe(e: unknown, route: string): string {
  if (e instanceof ApiError && e.status === 404 && /no route/.test(e.message)) return t('routeMissing', { route });
  return t('analysisFailed', { m: (e as Error).message });
}

export function mountPlanner(ctx: AppContext): Workspace {
  const { map, reg, layers } = ctx;
  const analysis = createAnalysisLayers(map);
  let baseline: CityFigures | null = null;
  let lastCatchments: { method: CatchmentMethod; demand: CatchmentDemand } | null = null;
  let seq = 0;

  // ── coverage ──
  const runBtn = h('button', { type: 'button', class: 'primary', id: 'run-coverage' }, t('runCoverage'));
  const figures = h('div', { id: 'coverage-figures', 'aria-live': 'polite' });
  const towns = h('div', { class: 'town-table scroll-box' });
  const names: Record<AnalysisLayerId, UiKey> = {
    catchments: 'catchments', gap_areas: 'gapAreas', uncovered: 'uncovered', overloaded: 'overloaded',
    unsafe_shelters: 'unsafeShelters', depot_gaps: 'depotGaps', siting: 'suggested', draft: 'whatIf',
  };
  const legend = h(
    'details',
    { class: 'planner-legend' },
    h('summary', {}, t('legend')),
    h('ul', { class: 'legend-list' }, ...legendSymbols().map(([id, style, shape]) => h('li', {}, swatch(style, shape), h('span', {}, t(names[id]))))),
  );
  const coverageBox = h('fieldset', { class: 'group' }, h('legend', {}, t('coverage')), runBtn, figures, legend, towns);

  const renderCoverage = (c: CoverageAnswer, draftActive: boolean) => {
    const city = c.summary.city;
    if (!draftActive) baseline = city;
    fill(
      figures,
      h(
        'div',
        { class: 'figure-grid' },
        ...CITY_FIGURES.map(([key, title]) => {
          const now = city[key];
          const before = baseline?.[key];
          const differs = draftActive && before !== undefined && before !== now;
          return h(
            'div',
            { class: 'figure', 'data-key': key },
            h('span', { class: `v${differs ? ' changed' : ''}`, 'data-value': String(now ?? '') }, differs ? `${fmt(before, key)} → ${fmt(now, key)}` : fmt(now, key)),
            h('span', { class: 'k' }, title ? t(title) : key),
          );
        }),
      ),
      draftActive ? h('p', { class: 'note' }, `${t('draftBefore')} → ${t('draftAfter')}`) : null,
    );
    const rows = [...c.towns.features].sort((a, b) => Number(b.properties.uncovered_residents ?? 0) - Number(a.properties.uncovered_residents ?? 0));
    fill(
      towns,
      h(
        'table',
        { class: 'data', id: 'town-figures' },
        h('caption', { class: 'visually-hidden' }, t('coverage')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('town')), h('th', { scope: 'col', class: 'num' }, t('coveredPct')), h('th', { scope: 'col', class: 'num' }, t('uncoveredResidents')), h('th', { scope: 'col', class: 'num' }, t('placesPerResident')), h('th', { scope: 'col', class: 'num' }, t('overloaded')))),
        h(
          'tbody',
          {},
          ...rows.map((f) => {
            const p = f.properties;
            return h(
              'tr',
              { 'data-town': String(p.code) },
              h('th', { scope: 'row' }, String(p.name)),
              h('td', { class: 'num' }, fmt(p.covered_residents_pct, 'covered_residents_pct')),
              h('td', { class: 'num' }, fmt(p.uncovered_residents, 'n')),
              h('td', { class: 'num' }, fmt(p.capacity_per_resident, 'n')),
              h('td', { class: 'num' }, fmt(p.overloaded_shelters, 'n')),
            );
          }),
        ),
      ),
    );
    analysis.set('uncovered', c.uncovered);
    analysis.set('overloaded', c.overloaded);
    analysis.set('unsafe_shelters', c.unsafe_shelters);
    analysis.set('depot_gaps', c.depot_gaps);
    analysis.set('gap_areas', c.gap_areas);
  };

  const refresh = async (): Promise<void> => {
    const mine = ++seq;
    const draft = whatIf.draft.size ? whatIf.draft.request() : null;
    fill(figures, h('p', { class: 'busy' }, t('running')));
    try {
      const [c, k] = await Promise.all([coverage(draft), lastCatchments ? catchments(lastCatchments.method, lastCatchments.demand, draft) : Promise.resolve(null)]);
      if (mine !== seq) return;
      renderCoverage(c, draft !== null);
      if (k) analysis.set('catchments', k);
      figures.dataset.state = draft ? 'draft' : 'saved';
    } catch (e) {
      if (mine !== seq) return;
      fill(figures, h('p', { class: 'error', role: 'alert' }, describe(e, draft ? 'POST /api/analysis/coverage' : 'GET /api/analysis/coverage')));
    }
  };
  runBtn.addEventListener('click', () => void refresh());

  // ── catchments ──
  const method = h('select', { id: 'catchment-method' }, ...(['nearest', 'capacity'] as const).map((m) => h('option', { value: m }, t(`method_${m}`))));
  const demand = h('select', { id: 'catchment-demand' }, ...(['risk_sites', 'villages'] as const).map((d) => h('option', { value: d }, t(`demand_${d}`))));
  const catchBtn = h('button', { type: 'button', id: 'run-catchments' }, t('runCatchments'));
  const catchOut = h('div', { 'aria-live': 'polite' });
  catchBtn.addEventListener('click', async () => {
    lastCatchments = { method: method.value as CatchmentMethod, demand: demand.value as CatchmentDemand };
    fill(catchOut, h('p', { class: 'busy' }, t('running')));
    try {
      const k = await catchments(lastCatchments.method, lastCatchments.demand, whatIf.draft.size ? whatIf.draft.request() : null);
      analysis.set('catchments', k);
      const s = k.summary;
      fill(
        catchOut,
        h(
          'div',
          { class: 'figure-grid' },
          ...['placed_residents', 'unassigned_residents', 'mean_distance_m', 'over_capacity_shelters'].map((key) => h('div', { class: 'figure' }, h('span', { class: 'v' }, fmt(s[key], key)), h('span', { class: 'k' }, key.replace(/_/g, ' ')))),
        ),
      );
    } catch (e) {
      fill(catchOut, h('p', { class: 'error', role: 'alert' }, describe(e, 'GET /api/analysis/catchments')));
    }
  });
  const catchBox = h(
    'fieldset',
    { class: 'group' },
    h('legend', {}, t('catchments')),
    h('div', { class: 'row' }, h('label', { for: 'catchment-method' }, t('method'), method), h('label', { for: 'catchment-demand' }, t('demand'), demand)),
    h('div', { class: 'actions' }, catchBtn),
    catchOut,
  );

  // ── siting ──
  const count = h('input', { id: 'siting-count', type: 'number', min: 1, max: 50, value: '5' });
  const sType = h('select', { id: 'siting-type' }, ...reg.values('shelters', 'shelter_type').map((v) => h('option', { value: v }, reg.valueLabel('shelters', 'shelter_type', v))));
  const sCap = h('input', { id: 'siting-capacity', type: 'number', min: 1, placeholder: '—' });
  const siteBtn = h('button', { type: 'button', id: 'run-siting' }, t('runSiting'));
  const siteOut = h('div', { 'aria-live': 'polite' });
  siteBtn.addEventListener('click', async () => {
    fill(siteOut, h('p', { class: 'busy' }, t('running')));
    try {
      const r = await siting({ count: Number(count.value) || 5, shelter_type: sType.value, ...(sCap.value ? { capacity: Number(sCap.value) } : {}) });
      analysis.set('siting', r.picks);
      fill(
        siteOut,
        r.before && r.after ? h('p', { class: 'figures' }, `${t('coveredPct')} ${fmt(r.before.covered_pct, 'x_pct')} → ${fmt(r.after.covered_pct, 'x_pct')}`) : null,
        h(
          'ol',
          { class: 'siting-list' },
          ...r.picks.features.map((f, i) => {
            const p = f.properties ?? {};
            const gain = typeof p.marginal_gain === 'number' ? ` · +${t('persons', { n: numberText(p.marginal_gain) })}` : '';
            return h('li', {}, `${t('suggested')} ${i + 1}${p.candidate_name ? ` · ${String(p.candidate_name)}` : ''}${gain}`);
          }),
        ),
      );
    } catch (e) {
      fill(siteOut, h('p', { class: 'error', role: 'alert' }, describe(e, 'POST /api/analysis/siting')));
    }
  });
  const sitingBox = h(
    'fieldset',
    { class: 'group' },
    h('legend', {}, t('siting')),
    h('div', { class: 'row' }, h('label', { for: 'siting-count' }, t('count'), count), h('label', { for: 'siting-type' }, reg.fieldTitle('shelters', 'shelter_type'), sType), h('label', { for: 'siting-capacity' }, t('capacity'), sCap)),
    h('div', { class: 'actions' }, siteBtn),
    siteOut,
  );

  const whatIf = mountWhatIf(map, reg, layers, analysis, refresh);
  const editor = mountEditor(map, reg, layers, async () => {
    if (baseline) await refresh();
  });

  const element = h('section', { class: 'planner', 'aria-labelledby': 'planner-heading' }, h('h2', { id: 'planner-heading' }, t('planner')), coverageBox, whatIf.element, catchBox, sitingBox, editor.element);
  return {
    element,
    activate() {
      analysis.attach();
      whatIf.activate();
      editor.activate();
    },
    deactivate() {
      whatIf.deactivate();
      editor.deactivate();
      analysis.detach();
    },
  };
}
