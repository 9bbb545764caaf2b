/**
 * The report's map: the county with each town coloured by its coverage rate and labelled with
 * it, and the gap areas hatched over them (and the basemap, when one is configured). Static, so
 * that it prints as seen; redrawn at its printed size before printing.
 */
import 'ol/ol.css';
import type Feature from 'ol/Feature.js';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Attribution from 'ol/control/Attribution.js';
import type { FeatureCollection } from 'geojson';
import type { Registry } from '../registry.ts';
import { createBasemap } from '../map/basemap.ts';
import { XINYI_EXTENT } from '../map/extent.ts';
import { geojson } from '../map/sources.ts';
import { gapAreaStyle, townStyle } from '../planner/analysis-styles.ts';
import { INDICATOR } from '../planner/town-figures.ts';

export async function drawReportMap(target: HTMLElement, towns: FeatureCollection, gaps: FeatureCollection, reg: Registry): Promise<Map> {
  const basemap = createBasemap(reg.doc.basemap);
  const map = new Map({
    target,
    controls: [new Attribution({ collapsible: false }), new ScaleLine({ units: 'metric' })],
    interactions: [],
    layers: [
      ...basemap.layers,
      new VectorLayer({ source: new VectorSource<Feature>({ features: geojson.readFeatures(towns) as Feature[] }), style: townStyle(() => INDICATOR.coverage), declutter: true }),
      new VectorLayer({ source: new VectorSource<Feature>({ features: geojson.readFeatures(gaps) as Feature[] }), style: () => gapAreaStyle() }),
    ],
    view: new View({ projection: 'EPSG:3857' }),
  });
  const fit = () => map.getView().fit(XINYI_EXTENT, { padding: [8, 8, 8, 8] });
  fit();
  window.addEventListener('beforeprint', () => {
    map.updateSize();
    fit();
    map.renderSync();
  });
  await new Promise<void>((resolve) => {
    map.once('rendercomplete', () => resolve());
    map.render();
  });
  return map;
}
