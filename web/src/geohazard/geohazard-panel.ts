/**
 * The geohazard team's workspace: risk sites in a table filterable by town, grade and
 * rectification status, linked to the map both ways, and the selected site's grading.
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import Style from 'ol/style/Style.js';
import CircleStyle from 'ol/style/Circle.js';
import Stroke from 'ol/style/Stroke.js';
import type { EventsKey } from 'ol/events.js';
import { unByKey } from 'ol/Observable.js';
import { fromLonLat } from 'ol/proj.js';
import type { Point as GeoPoint } from 'geojson';
import type { AppContext, Workspace } from '../workspace.ts';
import { getJson } from '../api.ts';
import { lang, live, numberText, onLang, t, tr } from '../i18n.ts';
import type { StoredFeature } from '../features.ts';
import { fill, h } from '../ui/dom.ts';
import { gradingView } from './grading-view.ts';
import { gradeChip } from '../ui/grade-chip.ts';
import { errorText } from '../ui/error-text.ts';

const PAGE = 50;
const ring = new Style({ image: new CircleStyle({ radius: 12, stroke: new Stroke({ color: '#0b4f8a', width: 3 }) }) });

export function mountGeohazard(ctx: AppContext): Workspace {
  const { map, reg, layers } = ctx;
  const selection = new VectorLayer({ source: new VectorSource<Feature>(), style: ring, zIndex: 12 });
  let offset = 0;
  let selected: number | null = null;
  let clickKey: EventsKey | null = null;

  const townOptions = () =>
    layers.towns
      .getFeatures()
      .map((f) => [String(f.get('code')), f.getProperties()] as const)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([code, p]) => h('option', { value: code }, live(() => (lang() === 'en' && p.name_en ? String(p.name_en) : String(p.name)))));
  // the table (grades, statuses, column names) is drawn again in the new language
  const town = h('select', { id: 'filter-town' }, h('option', { value: '' }, tr('all')), ...townOptions());
  const grade = h('select', { id: 'filter-grade' }, h('option', { value: '' }, tr('all')), ...reg.values('risk_sites', 'grade').map((v) => h('option', { value: v }, live(() => reg.valueLabel('risk_sites', 'grade', v)))));
  const status = h('select', { id: 'filter-status' }, h('option', { value: '' }, tr('all')), ...reg.values('risk_sites', 'rectification_status').map((v) => h('option', { value: v }, live(() => reg.valueLabel('risk_sites', 'rectification_status', v)))));
  const count = h('p', { class: 'note', 'aria-live': 'polite', id: 'site-count' });
  const table = h('div', { class: 'site-table' });
  const prev = h('button', { type: 'button', id: 'page-prev' }, tr('prev'));
  const next = h('button', { type: 'button', id: 'page-next' }, tr('next'));
  const detail = h('div', { class: 'site-detail' }, h('p', { class: 'hint' }, t('selectSite')));

  if (layers.towns.getFeatures().length === 0) void layers.towns.ready().then(() => town.append(...townOptions()));

  const select = (f: StoredFeature, zoom: boolean) => {
    selected = f.id;
    const coord = fromLonLat((f.geometry as GeoPoint).coordinates);
    selection.getSource()?.clear();
    selection.getSource()?.addFeature(new Feature(new Point(coord)));
    if (zoom) map.getView().animate({ center: coord, zoom: Math.max(map.getView().getZoom() ?? 10, 15), duration: 300 });
    for (const tr of table.querySelectorAll('tbody tr')) tr.setAttribute('aria-selected', String(tr.getAttribute('data-id') === String(f.id)));
    fill(detail, gradingView(reg, f.id, () => void load()));
  };

  const load = async () => {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (town.value) q.set('town_code', town.value);
    if (grade.value) q.set('grade', grade.value);
    if (status.value) q.set('rectification_status', status.value);
    fill(table, h('p', { class: 'busy' }, t('running')));
    try {
      const page = await getJson<{ features: StoredFeature[]; numberMatched: number }>(`/ogc/collections/risk_sites/items?${q.toString()}`);
      count.textContent = t('rows', { n: numberText(page.numberMatched) });
      prev.disabled = offset === 0;
      next.disabled = offset + PAGE >= page.numberMatched;
      const rows = page.features.map((f) => {
        const p = f.properties;
        const tr = h(
          'tr',
          { 'data-id': f.id, 'data-code': String(p.code), tabindex: 0, 'aria-selected': String(f.id === selected) },
          h('th', { scope: 'row' }, String(p.code)),
          h('td', {}, String(p.village ?? '')),
          h('td', {}, gradeChip(reg, p.grade as string | null)),
          h('td', {}, reg.valueLabel('risk_sites', 'rectification_status', p.rectification_status)),
          h('td', { class: 'num' }, numberText(Number(p.residents))),
        );
        tr.addEventListener('click', () => select(f, true));
        tr.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            select(f, true);
          }
        });
        return tr;
      });
      fill(
        table,
        h(
          'table',
          { class: 'data', id: 'site-table' },
          h('thead', {}, h('tr', {}, ...['code', 'village', 'grade', 'rectification_status', 'residents'].map((k) => h('th', { scope: 'col', class: k === 'residents' ? 'num' : null }, reg.fieldTitle('risk_sites', k))))),
          h('tbody', {}, ...rows),
        ),
      );
    } catch (e) {
      fill(table, h('p', { class: 'error', role: 'alert' }, t('loadFailed', { m: errorText(e) })));
    }
  };

  for (const s of [town, grade, status]) {
    s.addEventListener('change', () => {
      offset = 0;
      void load();
    });
  }
  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    void load();
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    void load();
  });

  const onMapClick = async (evt: { pixel: number[] }) => {
    const hit = map.forEachFeatureAtPixel(evt.pixel, (f) => f, { layerFilter: (l) => l === layers.layers.risk_sites, hitTolerance: 4 });
    const id = hit?.getId() ?? hit?.get('id');
    if (id === undefined) return;
    const f = await getJson<StoredFeature>(`/ogc/collections/risk_sites/items/${String(id)}`);
    select(f, false);
  };

  const element = h(
    'section',
    { class: 'geohazard', 'aria-labelledby': 'geohazard-heading' },
    h('h2', { id: 'geohazard-heading' }, tr('geohazard')),
    h('div', { class: 'row' }, h('label', { for: 'filter-town' }, tr('filterTown'), town), h('label', { for: 'filter-grade' }, live(() => reg.fieldTitle('risk_sites', 'grade')), grade), h('label', { for: 'filter-status' }, live(() => reg.fieldTitle('risk_sites', 'rectification_status')), status)),
    count,
    table,
    h('div', { class: 'actions' }, prev, next),
    detail,
  );
  void load();
  let first = true;
  onLang(() => {
    if (first) first = false;
    else if (element.isConnected) void load();
  });
  return {
    element,
    activate() {
      map.addLayer(selection);
      // The map's own "where do I go" click yields to picking a site.
      map.set('tool', 'geohazard');
      clickKey = map.on('singleclick', (e) => void onMapClick(e));
    },
    deactivate() {
      map.removeLayer(selection);
      map.set('tool', null);
      if (clickKey) unByKey(clickKey);
    },
  };
}
