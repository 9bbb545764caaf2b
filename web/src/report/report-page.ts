/**
 * The planner's printable report at /planner?view=report: the map of the coverage result, the
 * city's figures, the standards and parameters used, the per-town table and charts, and the
 * date — on A4 pages (report.css), in the reader's language. Reads the coverage answer in parts
 * (its summary, its towns and its gap areas), never the long lists of points it does not print.
 */
import './report.css';
import type { FeatureCollection } from 'geojson';
import type Map from 'ol/Map.js';
import { getJson } from '../api.ts';
import type { Registry } from '../registry.ts';
import { distanceText, lang, onLang, setLang, t, timeText, type UiKey } from '../i18n.ts';
import { mayPlan, type Principal } from '../session.ts';
import { fill, h } from '../ui/dom.ts';
import { errorText } from '../ui/error-text.ts';
import { chips } from '../ui/colour-chips.ts';
import { indicators, type CoverageAnswer, type IndicatorsAnswer } from '../planner/analysis-api.ts';
import { COVERAGE_FIGURES, figureGrid, townRows } from '../planner/city-figures.ts';
import { townChart } from '../planner/town-charts.ts';
import { CLASS_COLOURS, INDICATOR, INDICATORS, NO_DATA_COLOUR } from '../planner/town-figures.ts';
import { ALL_COLUMNS, download, townCsv, townTable, worstFirst } from '../planner/town-table.ts';

declare global {
  interface Window {
    __onemapReport?: { mapReady: Promise<unknown> };
  }
}

type Summary = Pick<CoverageAnswer, 'summary'>;

const list = (items: string[]) => items.join(lang() === 'zh' ? '、' : ', ');

function standards(reg: Registry, s: CoverageAnswer['summary']): HTMLElement {
  const p = s.parameters ?? {};
  const row = (title: UiKey, value: string) => h('div', { class: 'kv' }, h('dt', {}, t(title)), h('dd', {}, value));
  const area = s.city.area_standard_m2;
  return h(
    'dl',
    { class: 'details standards' },
    row('std_radius', list(Object.entries(p.service_radius_m ?? {}).map(([type, m]) => `${reg.valueLabel('shelters', 'shelter_type', type)} ${distanceText(m)}`))),
    typeof area === 'number' ? row('std_area', t('std_area_value', { n: area, type: reg.valueLabel('shelters', 'shelter_type', p.town_area_reference_type ?? 'short_term') })) : null,
    row('std_usable', list((p.usable_statuses ?? []).map((v) => reg.valueLabel('shelters', 'status', v)))),
    row('std_unsafe', list((p.unsafe_zone_grades ?? []).map((v) => reg.valueLabel('hazard_zones', 'grade', v)))),
    row('std_depot', list(Object.entries(p.depot_max_distance_m ?? {}).map(([tier, m]) => `${t(`tier_${tier}` as UiKey)} ${distanceText(m)}`))),
    p.cell_size_m ? row('std_cell', distanceText(p.cell_size_m)) : null,
  );
}

export async function showReport(root: HTMLElement, reg: Registry, me: Principal | null): Promise<void> {
  document.body.classList.add('report-page');
  root.removeAttribute('aria-busy');
  if (!mayPlan(me)) {
    fill(root, h('main', { id: 'main', class: 'report' }, h('p', { class: 'error', role: 'alert' }, t('reportSignIn')), h('a', { href: '/planner' }, t('reportBack'))));
    return;
  }
  let summary: Summary;
  let towns: FeatureCollection;
  let gaps: FeatureCollection;
  let ind: IndicatorsAnswer | null;
  try {
    [summary, towns, gaps, ind] = await Promise.all([
      getJson<Summary>('/api/analysis/coverage?include=summary'),
      getJson<FeatureCollection>('/api/analysis/coverage?include=towns&limit=1000'),
      getJson<FeatureCollection>('/api/analysis/coverage?include=gap_areas&limit=10000'),
      indicators().catch(() => null),
    ]);
  } catch (e) {
    fill(root, h('main', { id: 'main', class: 'report' }, h('p', { class: 'error', role: 'alert' }, t('analysisFailed', { m: errorText(e) })), h('a', { href: '/planner' }, t('reportBack'))));
    return;
  }
  const rows = townRows({ towns: towns as CoverageAnswer['towns'], summary: summary.summary }, ind);
  const generated = new Date().toISOString();
  const mapBox = h('div', { class: 'report-map', id: 'report-map', role: 'img' });
  const content = h('div', { class: 'report-content' });
  const toolbar = h('div', { class: 'report-toolbar no-print' });
  fill(root, h('main', { id: 'main', class: 'report' }, toolbar, content));
  let map: Map | null = null;

  const render = () => {
    const printBtn = h('button', { type: 'button', class: 'primary', id: 'print' }, t('cardPrint'));
    printBtn.addEventListener('click', () => window.print());
    const csvBtn = h('button', { type: 'button', id: 'download-csv' }, t('downloadCsv'));
    csvBtn.addEventListener('click', () => download(`coverage-by-town-${generated.slice(0, 10)}.csv`, townCsv(rows.towns, rows.city)));
    const langBtn = h('button', { type: 'button', id: 'lang-switch', 'aria-label': t('languageSwitch') }, t('language'));
    langBtn.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
    fill(toolbar, h('a', { href: '/planner', class: 'back' }, t('reportBack')), langBtn, csvBtn, printBtn);
    document.title = `${t('reportTitle')} · ${t('reportPlace')}`;
    mapBox.setAttribute('aria-label', t('reportMap'));
    const ind = INDICATOR.coverage;
    fill(
      content,
      h('header', { class: 'report-head' }, h('h1', {}, t('reportTitle')), h('p', { class: 'report-sub' }, `${t('reportPlace')} · ${timeText(generated)}`)),
      h(
        'section',
        { class: 'report-section map-section' },
        h('h2', {}, t('reportMap')),
        mapBox,
        chips([...CLASS_COLOURS.map((c, i) => [c, ind.classLabels()[i]] as const), [NO_DATA_COLOUR, t('noResidents')] as const]),
        h('p', { class: 'gap-key' }, h('span', { class: 'hatch' }), t('layer_gap_areas')),
      ),
      h('section', { class: 'report-section summary' }, h('h2', {}, t('reportSummary')), figureGrid(COVERAGE_FIGURES, rows.city, null)),
      h('section', { class: 'report-section standards-section' }, h('h2', {}, t('reportStandards')), standards(reg, summary.summary), h('p', { class: 'source' }, t('std_source'))),
      h('section', { class: 'report-section towns' }, h('h2', {}, t('reportTowns')), townTable(worstFirst(rows.towns, ind), ALL_COLUMNS, 'report-towns', t('reportTowns'))),
      h('section', { class: 'report-section charts' }, h('h2', {}, t('reportCharts')), h('div', { class: 'chart-grid' }, ...INDICATORS.map((id) => h('figure', { class: 'chart', 'data-indicator': id }, h('figcaption', {}, t(INDICATOR[id].title)), townChart(id, rows.towns, rows.city, reg))))),
      h('p', { class: 'note basis' }, t('reportBasis')),
      h('footer', { class: 'report-foot' }, t('reportFooter', { time: timeText(generated), name: me?.name ?? '' })),
    );
    map?.getLayers().forEach((l) => l.changed()); // labels follow the language
  };
  onLang(render);
  const { drawReportMap } = await import('./report-map.ts');
  const mapReady = drawReportMap(mapBox, towns, gaps, reg).then((m) => {
    map = m;
  });
  window.__onemapReport = { mapReady };
  await mapReady;
}
