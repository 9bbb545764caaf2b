/**
 * A map for a printed page (the evacuation card, the planner's report): OneMap's layers over the
 * configured basemap, no dragging (the page scrolls on a phone and prints as seen), a scale bar,
 * and redrawn at its printed size before printing.
 */
import 'ol/ol.css';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import type BaseLayer from 'ol/layer/Base.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Attribution from 'ol/control/Attribution.js';
import type { Extent } from 'ol/extent.js';
import type { Registry } from '../registry.ts';
import { createBasemap } from './basemap.ts';

export function staticMap(target: HTMLElement, reg: Registry, layers: BaseLayer[], extent: Extent, padding: number, maxZoom?: number): Map {
  const map = new Map({
    target,
    controls: [new Attribution({ collapsible: false }), new ScaleLine({ units: 'metric' })],
    interactions: [],
    layers: [...createBasemap(reg.doc.basemap).layers, ...layers],
    view: new View({ projection: 'EPSG:3857' }),
  });
  const fit = () => map.getView().fit(extent, { padding: [padding, padding, padding, padding], maxZoom });
  fit();
  // Printing changes the page width: redraw the map at its printed size.
  window.addEventListener('beforeprint', () => {
    map.updateSize();
    fit();
    map.renderSync();
  });
  // …and so does any other change of the box's size (a rotated phone).
  let last = '';
  new ResizeObserver(([e]) => {
    const size = `${Math.round(e.contentRect.width)}x${Math.round(e.contentRect.height)}`;
    if (size === last) return;
    last = size;
    map.updateSize();
    fit();
  }).observe(target);
  return map;
}

/** Resolves once everything on the map is drawn. */
export function rendered(map: Map): Promise<void> {
  return new Promise<void>((resolve) => {
    map.once('rendercomplete', () => resolve());
    map.render();
  });
}
