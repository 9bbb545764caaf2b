/**
 * The analysis layers' legend on the map: one entry per layer a run has filled, grouped by
 * analysis, each with its symbol, its classes, how many features it holds and a switch; and a
 * switch that fades the public layers under the results.
 */
import OlFeature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import type { Registry } from '../registry.ts';
import { countText, onLang, t, type UiKey } from '../i18n.ts';
import { fill, h } from '../ui/dom.ts';
import { swatch } from '../ui/legend.ts';
import { chips } from '../ui/colour-chips.ts';
import type { PublicLayers } from '../map/public-layers.ts';
import { LAYER_DEFS, GROUPS, draftStyle, type AnalysisLayers, type LayerDef } from './analysis-layers.ts';
import { LOAD_COLOURS, assignmentStyle, catchmentStyle, gapAreaStyle, pointStyle, sitingStyle } from './analysis-styles.ts';
import { CLASS_COLOURS, NO_DATA_COLOUR } from './town-figures.ts';

const FADED: Partial<Record<keyof PublicLayers['layers'], number>> = { hazard_zones: 0.3, risk_sites: 0.25, villages: 0.6, shelters: 0.55 };


function symbolOf(d: LayerDef): HTMLCanvasElement {
  if (d.look) {
    return swatch(pointStyle(d.look)(new OlFeature({ geometry: new Point([0, 0]), ...fakeWorst(d) })), 'point');
  }
  switch (d.id) {
    case 'gap_areas':
      return swatch(gapAreaStyle(), 'area');
    case 'catchments':
      return swatch(catchmentStyle(new OlFeature({ load: 1, utilisation: 0.7 })), 'area');
    case 'assignments':
      return swatch(assignmentStyle(new OlFeature({ within_radius: true })), 'line');
    case 'siting':
      return swatch(sitingStyle(new OlFeature({ geometry: new Point([0, 0]), rank: 1 })), 'point');
    case 'draft':
      return swatch(draftStyle(new OlFeature({ shelter_type: 'emergency', status: 'open' })), 'point');
    default:
      return swatch(new Style({ fill: new Fill({ color: CLASS_COLOURS[3] }), stroke: new Stroke({ color: '#4a1d48', width: 1 }) }), 'area');
  }
}

/** Properties that put a sample point in the layer's worst class. */
function fakeWorst(d: LayerDef): Record<string, unknown> {
  switch (d.id) {
    case 'unsafe_shelters':
      return { worst_grade: 'very_high' };
    case 'overloaded':
      return { load_ratio: 3 };
    case 'depot_gaps':
      return { distance_m: 10, max_distance_m: 1 };
    case 'unassigned':
      return { reason: 'no_shelter_within_radius' };
    default:
      return { shortfall_m: 5000 };
  }
}

function classesOf(d: LayerDef, analysis: AnalysisLayers, reg: Registry): HTMLElement | null {
  const labels = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => t(`${prefix}_${i}` as UiKey));
  const zip = (colours: readonly string[], texts: string[]) => chips(colours.map((c, i) => [c, texts[i]] as [string, string]));
  switch (d.id) {
    case 'town_coverage':
    case 'town_placed': {
      const ind = analysis.indicator(d.id === 'town_placed' ? 'catchments' : 'coverage');
      return h('div', {}, h('p', { class: 'indicator-name' }, t(ind.title)), zip([...CLASS_COLOURS, NO_DATA_COLOUR], [...ind.classLabels(), t('noResidents')]));
    }
    case 'uncovered_sites': {
      // by travel time the gaps are minutes beyond the limit, by straight line metres beyond the radius
      const byTime = analysis.sources[d.id].getFeatures().some((f) => f.get('shortfall_minutes') !== undefined);
      return zip(d.look!.colours, labels(byTime ? 'shortfallMin' : 'shortfall', 3));
    }
    case 'depot_gaps':
      return zip(d.look!.colours, labels('depotFar', 3));
    case 'overloaded':
      return zip(d.look!.colours, labels('overload', 3));
    case 'unsafe_shelters':
      return zip(d.look!.colours, ['high', 'very_high'].map((g) => reg.valueLabel('hazard_zones', 'grade', g)));
    case 'unassigned':
      return zip(d.look!.colours, [t('reason_capacity_exhausted'), t('reason_unreachable')]);
    case 'catchments':
      return zip(LOAD_COLOURS, labels('load', 4));
    default:
      return null;
  }
}

export function mountAnalysisLegend(parent: HTMLElement, analysis: AnalysisLayers, layers: PublicLayers, reg: Registry): { show(on: boolean): void } {
  const box = h('details', { class: 'analysis-legend', id: 'analysis-legend', open: window.innerWidth > 700 });
  let shown = false;
  let fade = true;
  parent.append(box);

  const applyFade = () => {
    const on = shown && fade && LAYER_DEFS.some((d) => d.group !== 'draft' && analysis.has(d.id));
    for (const [id, opacity] of Object.entries(FADED)) layers.layers[id as keyof typeof FADED].setOpacity(on ? opacity! : 1);
  };

  const render = () => {
    const filled = LAYER_DEFS.filter((d) => analysis.has(d.id));
    box.hidden = !shown || filled.length === 0;
    applyFade();
    if (box.hidden) return;
    const fadeBox = h('input', { type: 'checkbox', id: 'fade-public', checked: fade });
    fadeBox.addEventListener('change', () => {
      fade = fadeBox.checked;
      applyFade();
    });
    fill(
      box,
      h('summary', {}, t('analysisLayers')),
      ...GROUPS.filter((g) => filled.some((d) => d.group === g)).map((g) =>
        h(
          'section',
          { class: 'legend-group', 'data-group': g },
          h('h3', {}, t(`group_${g}` as UiKey)),
          h(
            'ul',
            { class: 'legend-layers' },
            ...filled
              .filter((d) => d.group === g)
              .map((d) => {
                const count = d.id === 'siting' ? analysis.sources[d.id].getFeatures().filter((f) => f.getGeometry()?.getType() === 'Point').length : analysis.sources[d.id].getFeatures().length;
                const cb = h('input', { type: 'checkbox', id: `show-${d.id}`, checked: analysis.visible(d.id), disabled: count === 0 });
                cb.addEventListener('change', () => analysis.setVisible(d.id, cb.checked));
                return h(
                  'li',
                  { 'data-layer': d.id },
                  h('div', { class: 'toggle' }, cb, symbolOf(d), h('label', { for: `show-${d.id}` }, t(`layer_${d.id}` as UiKey)), h('span', { class: 'count' }, countText(count))),
                  count > 0 ? classesOf(d, analysis, reg) : null,
                );
              }),
          ),
        ),
      ),
      h('p', { class: 'note' }, t('zoomNote')),
      h('p', { class: 'note' }, t('replaceNote')),
      h('div', { class: 'toggle' }, fadeBox, h('label', { for: 'fade-public' }, t('dimPublic'))),
    );
  };
  analysis.onChange(render);
  onLang(render);
  return {
    show(on) {
      shown = on;
      render();
    },
  };
}
