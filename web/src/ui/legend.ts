/**
 * The legend: what each symbol means (drawn with the map's own styles) and a switch per layer.
 * Names come from the layer registry, in the current language.
 */
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import LineString from 'ol/geom/LineString.js';
import type Style from 'ol/style/Style.js';
import { toContext } from 'ol/render.js';
import type Layer from 'ol/layer/Layer.js';
import type { Registry } from '../registry.ts';
import { label, onLang, t } from '../i18n.ts';
import { GRADES, SHELTER_STATUSES, SHELTER_TYPES, WARNING_LEVELS } from '../../../server/domain/vocabularies.ts';
import { SHELTER_GROUPS_FROM, warningStyle, clusterStyle, shelterGroupStyle, routeStyle, shelterStyle, siteStyle, youStyle, zoneStyle } from '../map/styles.ts';
import { PUBLIC_LAYER_IDS, type PublicLayers } from '../map/public-layers.ts';
import { fill, h } from './dom.ts';

const SIZE = 22;

export function swatch(style: Style | Style[], shape: 'point' | 'area' | 'line'): HTMLCanvasElement {
  const canvas = h('canvas', { width: SIZE, height: SIZE, 'aria-hidden': 'true', class: 'swatch' });
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const render = toContext(ctx, { size: [SIZE, SIZE], pixelRatio: 1 });
  const geometry =
    shape === 'point'
      ? new Point([SIZE / 2, SIZE / 2])
      : shape === 'line'
        ? new LineString([[2, SIZE - 4], [SIZE - 2, 4]])
        : new Polygon([[[2, 2], [SIZE - 2, 2], [SIZE - 2, SIZE - 2], [2, SIZE - 2], [2, 2]]]);
  const feature = new Feature(geometry);
  for (const s of Array.isArray(style) ? style : [style]) {
    render.setStyle(s);
    render.drawGeometry(feature.getGeometry() as Point);
  }
  return canvas;
}

const item = (sw: HTMLCanvasElement, text: string) => h('li', {}, sw, h('span', {}, text));

export function mountLegend(parent: HTMLElement, reg: Registry, layers: PublicLayers): void {
  const details = h('details', { class: 'legend', open: window.innerWidth > 700 });
  parent.append(details);
  onLang(() => {
    const toggles = h(
      'fieldset',
      { class: 'layer-toggles' },
      h('legend', {}, t('layers')),
      ...PUBLIC_LAYER_IDS.map((id) => {
        const layer = layers.layers[id] as Layer;
        const box = h('input', { type: 'checkbox', id: `toggle-${id}`, checked: layer.getVisible() });
        box.addEventListener('change', () => layer.setVisible(box.checked));
        return h('div', { class: 'toggle' }, box, h('label', { for: `toggle-${id}` }, reg.title(id)));
      }),
    );
    fill(
      details,
      h('summary', {}, t('legend')),
      h('h3', {}, `${reg.title('shelters')} · ${label(reg.attribute('shelters', 'shelter_type')?.title)}`),
      h(
        'ul',
        {},
        ...SHELTER_TYPES.map((s) => item(swatch(shelterStyle(s, 'open'), 'point'), reg.valueLabel('shelters', 'shelter_type', s))),
        item(swatch(shelterGroupStyle(new Feature({ features: [new Feature(), new Feature(), new Feature(), new Feature(), new Feature()] }), SHELTER_GROUPS_FROM), 'point'), t('shelterGroup')),
      ),
      h('h3', {}, `${reg.title('shelters')} · ${reg.fieldTitle('shelters', 'status')}`),
      h('ul', {}, ...SHELTER_STATUSES.map((s) => item(swatch(shelterStyle('emergency', s), 'point'), reg.valueLabel('shelters', 'status', s)))),
      h('h3', {}, `${reg.title('warnings')} · ${reg.fieldTitle('warnings', 'level')}`),
      h('ul', { class: 'warning-levels' }, ...WARNING_LEVELS.map((l) => item(swatch(warningStyle(l), 'area'), reg.valueLabel('warnings', 'level', l)))),
      h('h3', {}, `${reg.title('hazard_zones')} · ${reg.fieldTitle('hazard_zones', 'grade')}`),
      h('ul', {}, ...GRADES.map((g) => item(swatch(zoneStyle(g), 'area'), reg.valueLabel('hazard_zones', 'grade', g)))),
      h('h3', {}, `${reg.title('risk_sites')} · ${reg.fieldTitle('risk_sites', 'grade')}`),
      h(
        'ul',
        {},
        ...GRADES.map((g) => item(swatch(siteStyle(g, 5), 'point'), reg.valueLabel('risk_sites', 'grade', g))),
        item(swatch(siteStyle(null, 5), 'point'), t('ungraded')),
        layers.usesTiles ? item(swatch(clusterStyle(new Feature({ point_count: 12, point_count_abbreviated: '12', grade: 'high' })), 'point'), t('cluster')) : null,
      ),
      h('ul', {}, item(swatch(youStyle, 'point'), t('you')), item(swatch(routeStyle, 'line'), t('route'))),
      toggles,
    );
  });
}
