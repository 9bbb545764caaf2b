/**
 * The planner's map layers: catchments, coverage gaps (gap areas, uncovered demand, depot
 * gaps), unsafe and overloaded shelters, siting suggestions and the draft's shelters.
 */
import type Map from 'ol/Map.js';
import OlFeature from 'ol/Feature.js';
import type Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import RegularShape from 'ol/style/RegularShape.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import type { FeatureLike } from 'ol/Feature.js';
import type { FeatureCollection, Geometry } from 'geojson';
import { geojson } from '../map/sources.ts';
import { shelterStyle } from '../map/styles.ts';

export const ANALYSIS_LAYERS = ['catchments', 'gap_areas', 'uncovered', 'depot_gaps', 'overloaded', 'unsafe_shelters', 'siting', 'draft'] as const;
export type AnalysisLayerId = (typeof ANALYSIS_LAYERS)[number];

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];
const catchmentStyles = PALETTE.map(
  (c) => new Style({ fill: new Fill({ color: `${c}33` }), stroke: new Stroke({ color: c, width: 1.2 }) }),
);

const STYLES: Record<Exclude<AnalysisLayerId, 'draft' | 'catchments'>, Style | Style[]> = {
  gap_areas: new Style({ fill: new Fill({ color: 'rgba(198,40,40,0.16)' }), stroke: new Stroke({ color: '#b71c1c', width: 1.5, lineDash: [4, 3] }) }),
  uncovered: new Style({ image: new RegularShape({ points: 4, radius: 5, radius2: 0, angle: Math.PI / 4, stroke: new Stroke({ color: '#b71c1c', width: 2.5 }) }) }),
  depot_gaps: new Style({ image: new RegularShape({ points: 4, radius: 7, fill: new Fill({ color: '#6a1b9a' }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }) }),
  overloaded: new Style({ image: new CircleStyle({ radius: 13, stroke: new Stroke({ color: '#e65100', width: 3.5 }) }) }),
  unsafe_shelters: [
    new Style({ image: new CircleStyle({ radius: 13, stroke: new Stroke({ color: '#b71c1c', width: 3 }) }) }),
    new Style({ image: new RegularShape({ points: 4, radius: 11, radius2: 0, angle: Math.PI / 4, stroke: new Stroke({ color: '#b71c1c', width: 2 }) }) }),
  ],
  siting: [
    new Style({ image: new CircleStyle({ radius: 14, fill: new Fill({ color: 'rgba(21,101,192,0.25)' }), stroke: new Stroke({ color: '#1565c0', width: 2 }) }) }),
    new Style({ image: new RegularShape({ points: 5, radius: 9, radius2: 4, fill: new Fill({ color: '#1565c0' }), stroke: new Stroke({ color: '#fff', width: 1 }) }) }),
  ],
};

/** Draft shelters: the usual symbol on a dashed ring; switched-off ones crossed out. */
function draftStyle(f: FeatureLike): Style[] {
  const p = f.getProperties();
  const ring = new Style({ image: new CircleStyle({ radius: 15, stroke: new Stroke({ color: '#0b4f8a', width: 2.5, lineDash: [4, 3] }) }) });
  const out = [ring, shelterStyle(String(p.shelter_type), String(p.status))];
  if (p.draft_op === 'off') out.push(STYLES.unsafe_shelters instanceof Array ? STYLES.unsafe_shelters[1] : STYLES.unsafe_shelters);
  return out;
}

/** Each layer's symbol and shape, for the planner's legend. */
export function legendSymbols(): Array<[AnalysisLayerId, Style | Style[], 'point' | 'area']> {
  const sample = new OlFeature({ shelter_type: 'emergency', status: 'open' });
  return [
    ['catchments', catchmentStyles[0], 'area'],
    ['gap_areas', STYLES.gap_areas, 'area'],
    ['uncovered', STYLES.uncovered, 'point'],
    ['overloaded', STYLES.overloaded, 'point'],
    ['unsafe_shelters', STYLES.unsafe_shelters, 'point'],
    ['depot_gaps', STYLES.depot_gaps, 'point'],
    ['siting', STYLES.siting, 'point'],
    ['draft', draftStyle(sample), 'point'],
  ];
}

export interface AnalysisLayers {
  layers: Record<AnalysisLayerId, VectorLayer<VectorSource<Feature>>>;
  set(id: AnalysisLayerId, fc: FeatureCollection<Geometry | null> | null): void;
  attach(): void;
  detach(): void;
}

export function createAnalysisLayers(map: Map): AnalysisLayers {
  const layers = {} as AnalysisLayers['layers'];
  ANALYSIS_LAYERS.forEach((id, i) => {
    const style =
      id === 'draft'
        ? draftStyle
        : id === 'catchments'
          ? (f: FeatureLike) => catchmentStyles[Number(f.get('shelter_id') ?? f.getId() ?? 0) % catchmentStyles.length]
          : STYLES[id];
    layers[id] = new VectorLayer({ source: new VectorSource<Feature>(), style, properties: { id }, zIndex: 5 + i / 10 });
  });
  return {
    layers,
    set(id, fc) {
      const source = layers[id].getSource();
      source?.clear(true);
      if (fc) {
        // Null geometries (a catchment cell outside the city) have nothing to draw.
        const features = geojson.readFeatures({ ...fc, features: fc.features.filter((f) => f.geometry) }) as Feature[];
        source?.addFeatures(features);
      }
    },
    attach() {
      for (const id of ANALYSIS_LAYERS) if (!map.getLayers().getArray().includes(layers[id])) map.addLayer(layers[id]);
    },
    detach() {
      for (const id of ANALYSIS_LAYERS) map.removeLayer(layers[id]);
    },
  };
}
