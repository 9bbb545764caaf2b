/**
 * The planners' workspace: coverage gaps, unsafe and overloaded shelters, catchments and
 * siting suggestions as map layers that read at the scale they are seen at, the figures per
 * town beside them as a table and a chart, a printable report and a CSV of the table, the
 * what-if draft and the feature editor.
 */
import type { AppContext, Workspace } from '../workspace.ts';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import { circular } from 'ol/geom/Polygon.js';
import { fromLonLat } from 'ol/proj.js';
import type OlMap from 'ol/Map.js';
import { containsExtent, isEmpty, type Extent } from 'ol/extent.js';
import { XINYI_EXTENT } from '../map/extent.ts';
import type { Point as GeoPoint } from 'geojson';
import { ApiError } from '../api.ts';
import { countText, onLang, pctText, live, t, tr, type UiKey } from '../i18n.ts';
import { geojson } from '../map/sources.ts';
import { fill, h } from '../ui/dom.ts';
import { errorText } from '../ui/error-text.ts';
import { createAnalysisLayers } from './analysis-layers.ts';
import { mountAnalysisLegend } from './analysis-legend.ts';
import { catchments, coverage, indicators, siting, type CatchmentAnswer, type CatchmentDemand, type CatchmentMethod, type CoverageAnswer, type IndicatorsAnswer, type TravelMode, type TravelOptions } from './analysis-api.ts';
import { catchmentPlaces } from './catchment-places.ts';
import { mountEditor } from './editor.ts';
import { INDICATOR, INDICATORS, townName, type IndicatorId, type TownProps } from './town-figures.ts';
import { townChart } from './town-charts.ts';
import { CATCHMENT_FIGURES, COVERAGE_FIGURES, figureGrid, persons, townRows, type Figures } from './city-figures.ts';
import { PANEL_COLUMNS, download, townCsv, townTable, worstFirst } from './town-table.ts';
import { mountWhatIf } from './what-if.ts';
import { mountRoadClosures } from './road-closures.ts';

/**
 * Shows an answer clear of the analysis legend: the suggested sites wherever they are, or the
 * whole county when it was in view (a planner who zoomed in keeps the view).
 */
function fitBesideLegend(map: OlMap, extent?: Extent): void {
  const size = map.getSize();
  const legend = map.getTargetElement().querySelector<HTMLElement>('.analysis-legend');
  if (!size || (!extent && !containsExtent(map.getView().calculateExtent(size), XINYI_EXTENT))) return;
  const right = legend && !legend.hidden && size[0] > 700 ? legend.getBoundingClientRect().width + 6 : 0;
  if (extent && isEmpty(extent)) return;
  const pad = extent ? 40 : 10;
  map.getView().fit(extent ?? XINYI_EXTENT, { padding: [pad, right + pad, pad, pad], maxZoom: 13, duration: 250 });
}

function describe(e: unknown, route: string): string {
  if (e instanceof ApiError && e.status === 404 && /no route/.test(e.message)) return t('routeMissing', { route });
  return t('analysisFailed', { m: errorText(e) });
}

export function mountPlanner(ctx: AppContext): Workspace {
  const { map, reg, layers } = ctx;
  const analysis = createAnalysisLayers(map);
  const legend = mountAnalysisLegend(map.getTargetElement(), analysis, layers, reg);
  let baseline: Figures | null = null;
  let lastCoverage: { towns: TownProps[]; city: TownProps } | null = null;
  let lastCatchments: { method: CatchmentMethod; demand: CatchmentDemand } | null = null;
  let lastCatchmentAnswer: CatchmentAnswer | null = null;
  let indicatorCache: IndicatorsAnswer | null = null;
  let indicator: IndicatorId = 'coverage';
  let seq = 0;
  /** How to draw each result again (after a language switch). */
  const redraw: Record<'figures' | 'catchments' | 'siting', () => void> = { figures: () => {}, catchments: () => {}, siting: () => {} };

  // ── how distances are measured: along the roads by default, the straight line to compare ──
  const travelMode = h('select', { id: 'travel-mode' }, ...(['walk', 'drive', 'straight'] as const).map((m) => h('option', { value: m }, tr(`mode_${m}`))));
  const travel = (): TravelOptions => ({ mode: travelMode.value as TravelMode, closures: roads.ids() });
  const travelBox = h('div', { class: 'row' }, h('label', { for: 'travel-mode' }, tr('travelMode'), travelMode));

  // ── coverage ──
  const runBtn = h('button', { type: 'button', class: 'primary', id: 'run-coverage' }, tr('runCoverage'));
  const reportLink = h('a', { class: 'button', id: 'open-report', href: '/planner?view=report', target: '_blank', rel: 'noopener' }, tr('openReport'));
  const csvBtn = h('button', { type: 'button', id: 'download-csv', disabled: true }, tr('downloadCsv'));
  const figures = h('div', { id: 'coverage-figures', 'aria-live': 'polite' });
  const pick = h('select', { id: 'town-indicator' }, ...INDICATORS.map((id) => h('option', { value: id }, tr(INDICATOR[id].title))));
  const chart = h('figure', { class: 'town-chart', id: 'town-chart' });
  const towns = h('div', { class: 'town-table scroll-box' });
  const townBox = h('div', { class: 'town-figures', hidden: true }, h('label', { for: 'town-indicator', class: 'inline' }, tr('townsBy'), pick), chart, towns);
  const coverageBox = h('fieldset', { class: 'group' }, h('legend', {}, tr('coverage')), h('div', { class: 'actions start' }, runBtn, reportLink, csvBtn), figures, townBox);

  const renderTowns = () => {
    if (!lastCoverage) return;
    townBox.hidden = false;
    const ind = INDICATOR[indicator];
    fill(chart, townChart(indicator, lastCoverage.towns, lastCoverage.city, reg));
    fill(towns, townTable(worstFirst(lastCoverage.towns, ind), PANEL_COLUMNS, 'town-figures', t('coverage')));
  };
  pick.addEventListener('change', () => {
    indicator = pick.value as IndicatorId;
    analysis.setIndicator(indicator);
    renderTowns();
  });
  csvBtn.addEventListener('click', () => {
    if (lastCoverage) download(`coverage-by-town-${new Date().toISOString().slice(0, 10)}.csv`, townCsv(lastCoverage.towns, lastCoverage.city));
  });

  const renderCoverage = (c: CoverageAnswer, ind: IndicatorsAnswer | null, draftActive: boolean) => {
    lastCoverage = townRows(c, ind);
    if (!draftActive) baseline = lastCoverage.city;
    const city = lastCoverage.city;
    const before = draftActive ? baseline : null;
    redraw.figures = () => fill(figures, figureGrid(COVERAGE_FIGURES, city, before), before ? h('p', { class: 'note' }, `${t('draftBefore')} → ${t('draftAfter')}`) : null);
    redraw.figures();
    csvBtn.disabled = false;
    renderTowns();
    const townFeatures = geojson.readFeatures(c.towns) as Feature[];
    const grades = new Map(lastCoverage.towns.map((p) => [String(p.code), p.sites_by_grade]));
    for (const f of townFeatures) f.set('sites_by_grade', grades.get(String(f.get('code'))));
    analysis.setFeatures('town_coverage', townFeatures);
    analysis.set('gap_areas', c.gap_areas);
    analysis.set('uncovered_sites', { ...c.uncovered, features: c.uncovered.features.filter((f) => f.properties.demand_type !== 'village') });
    analysis.set('uncovered_villages', { ...c.uncovered, features: c.uncovered.features.filter((f) => f.properties.demand_type === 'village') });
    analysis.set('overloaded', c.overloaded);
    analysis.set('unsafe_shelters', c.unsafe_shelters);
    analysis.set('depot_gaps', c.depot_gaps);
  };

  // ── catchments ──
  const method = h('select', { id: 'catchment-method' }, ...(['nearest', 'capacity'] as const).map((m) => h('option', { value: m }, tr(`method_${m}`))));
  const demand = h('select', { id: 'catchment-demand' }, ...(['risk_sites', 'villages'] as const).map((d) => h('option', { value: d }, tr(`demand_${d}`))));
  const catchBtn = h('button', { type: 'button', id: 'run-catchments' }, tr('runCatchments'));
  const catchOut = h('div', { 'aria-live': 'polite', id: 'catchment-figures' });

  const showCatchments = async (k: CatchmentAnswer, d: CatchmentDemand) => {
    lastCatchmentAnswer = k;
    analysis.set('catchments', k);
    const reasons = new Map<string, number>();
    for (const u of k.unassigned ?? []) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + u.residents);
    redraw.catchments = () =>
      fill(
        catchOut,
        figureGrid(CATCHMENT_FIGURES, k.summary, null),
        Array.isArray(k.summary.closed_roads) ? h('p', { class: 'note', id: 'catchment-closed' }, t('closedRoadsCount', { n: k.summary.closed_roads.length })) : null,
        reasons.size
          ? h('ul', { class: 'reasons' }, ...[...reasons].map(([r, people]) => h('li', { 'data-reason': r }, `${t(`reason_${r}` as UiKey)}${t('colon')}${persons(people)}`)))
          : null,
      );
    redraw.catchments();
    const places = await catchmentPlaces(k, d, layers);
    if (lastCatchmentAnswer !== k) return;
    analysis.setFeatures('assignments', places.assignments);
    analysis.setFeatures('unassigned', places.unassigned);
    analysis.setFeatures('town_placed', places.towns);
  };

  catchBtn.addEventListener('click', async () => {
    lastCatchments = { method: method.value as CatchmentMethod, demand: demand.value as CatchmentDemand };
    fill(catchOut, h('p', { class: 'busy' }, t('running')));
    try {
      const k = await catchments(lastCatchments.method, lastCatchments.demand, whatIf.draft.size ? whatIf.draft.request() : null, travel());
      analysis.showOnly('catchments');
      await showCatchments(k, lastCatchments.demand);
    } catch (e) {
      fill(catchOut, h('p', { class: 'error', role: 'alert' }, describe(e, 'GET /api/analysis/catchments')));
    }
  });
  const catchBox = h(
    'fieldset',
    { class: 'group' },
    h('legend', {}, tr('catchments')),
    h('div', { class: 'row' }, h('label', { for: 'catchment-method' }, tr('method'), method), h('label', { for: 'catchment-demand' }, tr('demand'), demand)),
    h('div', { class: 'actions' }, catchBtn),
    catchOut,
  );

  const refresh = async (show = false): Promise<void> => {
    const mine = ++seq;
    const draft = whatIf.draft.size ? whatIf.draft.request() : null;
    fill(figures, h('p', { class: 'busy' }, t('running')));
    try {
      const [c, ind, k] = await Promise.all([
        coverage(draft, travel()),
        indicatorCache ? Promise.resolve(indicatorCache) : indicators().catch(() => null),
        lastCatchments ? catchments(lastCatchments.method, lastCatchments.demand, draft, travel()) : Promise.resolve(null),
      ]);
      if (mine !== seq) return;
      indicatorCache = ind;
      renderCoverage(c, ind, draft !== null);
      if (show) analysis.showOnly('coverage');
      if (k && lastCatchments) await showCatchments(k, lastCatchments.demand);
      figures.dataset.state = draft ? 'draft' : 'saved';
    } catch (e) {
      if (mine !== seq) return;
      fill(figures, h('p', { class: 'error', role: 'alert' }, describe(e, draft ? 'POST /api/analysis/coverage' : 'GET /api/analysis/coverage')));
    }
  };
  runBtn.addEventListener('click', () => {
    indicatorCache = null; // a fresh run reads the grades again
    void refresh(true).then(() => fitBesideLegend(map));
  });

  // ── siting ──
  const count = h('input', { id: 'siting-count', type: 'number', min: 1, max: 50, value: '5' });
  const sType = h('select', { id: 'siting-type' }, ...reg.values('shelters', 'shelter_type').map((v) => h('option', { value: v }, live(() => reg.valueLabel('shelters', 'shelter_type', v)))));
  const sCap = h('input', { id: 'siting-capacity', type: 'number', min: 1, placeholder: '—' });
  const siteBtn = h('button', { type: 'button', id: 'run-siting' }, tr('runSiting'));
  const siteOut = h('div', { 'aria-live': 'polite', id: 'siting-figures' });
  /** A candidate village's name in the reader's language (the answer gives the Chinese one). */
  const villageName = (code: unknown): string | null => {
    const v = (layers.layers.villages.getSource() as { getFeatures(): Feature[] } | null)?.getFeatures().find((f) => f.get('code') === code);
    return v ? townName(v.getProperties()) : null;
  };
  siteBtn.addEventListener('click', async () => {
    fill(siteOut, h('p', { class: 'busy' }, t('running')));
    try {
      const r = await siting({ count: Number(count.value) || 5, shelter_type: sType.value, ...(sCap.value ? { capacity: Number(sCap.value) } : {}) });
      const features: Feature[] = [];
      for (const f of r.picks.features) {
        const [lon, lat] = (f.geometry as GeoPoint).coordinates;
        const radius = Number(f.properties.service_radius_m);
        if (radius > 0) features.push(new Feature({ geometry: circular([lon, lat], radius, 64).transform('EPSG:4326', 'EPSG:3857'), rank: f.properties.rank }));
        features.push(new Feature({ ...f.properties, geometry: new Point(fromLonLat([lon, lat])) }));
      }
      analysis.setFeatures('siting', features);
      analysis.showOnly('siting');
      fitBesideLegend(map, analysis.sources.siting.getExtent() ?? undefined);
      const excluded = r.candidates?.excluded ?? 0;
      redraw.siting = () => fill(
        siteOut,
        r.before && r.after && typeof r.before.covered_pct === 'number' && typeof r.after.covered_pct === 'number'
          ? h('p', { class: 'figures' }, t('sitingCoverage', { from: pctText(r.before.covered_pct), to: pctText(r.after.covered_pct) }))
          : null,
        h(
          'ol',
          { class: 'siting-list' },
          ...r.picks.features.map((f, i) => {
            const p = f.properties ?? {};
            const gain = typeof p.marginal_gain === 'number' ? ` · ${t('sitingGain', { n: persons(p.marginal_gain) })}` : '';
            const name = villageName(p.candidate_code) ?? p.candidate_name;
            return h('li', {}, `${t('sitingPick', { n: i + 1 })}${name ? ` · ${String(name)}` : ''}${gain}`);
          }),
        ),
        excluded > 0 ? h('p', { class: 'note' }, t('sitingExcluded', { n: countText(excluded) })) : null,
      );
      redraw.siting();
    } catch (e) {
      fill(siteOut, h('p', { class: 'error', role: 'alert' }, describe(e, 'POST /api/analysis/siting')));
    }
  });
  const sitingBox = h(
    'fieldset',
    { class: 'group' },
    h('legend', {}, tr('siting')),
    h('div', { class: 'row' }, h('label', { for: 'siting-count' }, tr('count'), count), h('label', { for: 'siting-type' }, live(() => reg.fieldTitle('shelters', 'shelter_type')), sType), h('label', { for: 'siting-capacity' }, tr('capacity'), sCap)),
    h('div', { class: 'actions' }, siteBtn),
    siteOut,
  );

  const whatIf = mountWhatIf(map, reg, layers, analysis, refresh);
  const roads = mountRoadClosures(map, () => (baseline || lastCatchments ? refresh() : Promise.resolve()));
  const editor = mountEditor(map, reg, layers, async () => {
    if (baseline) await refresh();
  });
  // Figures, charts and tables are drawn again in the new language.
  onLang(() => {
    for (const f of Object.values(redraw)) f();
    renderTowns();
  });

  const element = h('section', { class: 'planner', 'aria-labelledby': 'planner-heading' }, h('h2', { id: 'planner-heading' }, tr('planner')), travelBox, coverageBox, whatIf.element, roads.element, catchBox, sitingBox, editor.element);
  return {
    element,
    activate() {
      analysis.attach();
      legend.show(true);
      whatIf.activate();
      roads.activate();
      editor.activate();
    },
    deactivate() {
      whatIf.deactivate();
      roads.deactivate();
      editor.deactivate();
      legend.show(false);
      analysis.detach();
    },
  };
}
