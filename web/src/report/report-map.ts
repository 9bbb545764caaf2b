/**
 * The report's map: the county with each town coloured by its coverage rate and labelled with
 * it, and the gap areas hatched over them (and the basemap, when one is configured).
 */
import type Feature from 'ol/Feature.js';
import type Map from 'ol/Map.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import type { FeatureCollection } from 'geojson';
import type { Registry } from '../registry.ts';
import { rendered, staticMap } from '../map/static-map.ts';
import { XINYI_EXTENT } from '../map/extent.ts';
import { geojson } from '../map/sources.ts';
import { gapAreaStyle, townStyle } from '../planner/analysis-styles.ts';
import { INDICATOR } from '../planner/town-figures.ts';

export async function drawReportMap(target: HTMLElement, towns: FeatureCollection, gaps: FeatureCollection, reg: Registry): Promise<Map> {
  const layers = [
    new VectorLayer({ source: new VectorSource<Feature>({ features: geojson.readFeatures(towns) as Feature[] }), style: townStyle(() => INDICATOR.coverage), declutter: true }),
    new VectorLayer({ source: new VectorSource<Feature>({ features: geojson.readFeatures(gaps) as Feature[] }), style: () => gapAreaStyle() }),
  ];
  const map = staticMap(target, reg, layers, XINYI_EXTENT, 8);
  await rendered(map);
  return map;
}
