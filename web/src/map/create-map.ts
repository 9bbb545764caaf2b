/** The OpenLayers map: Web Mercator view over Xinyi, keyboard pan/zoom, scale bar. */
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import { defaults as defaultInteractions } from 'ol/interaction/defaults.js';
import type TileLayer from 'ol/layer/Tile.js';
import { XINYI_EXTENT } from './extent.ts';
import { t } from '../i18n.ts';

export function createMap(target: HTMLElement, basemap: TileLayer[]): Map {
  const map = new Map({
    target,
    layers: basemap,
    controls: defaultControls({ rotate: false, attributionOptions: { collapsible: true } }).extend([new ScaleLine({ units: 'metric' })]),
    interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }),
    view: new View({ projection: 'EPSG:3857', minZoom: 8, maxZoom: 19, extent: expand(XINYI_EXTENT, 0.6), constrainOnlyCenter: true }),
  });
  map.getView().fit(XINYI_EXTENT, { padding: [10, 10, 10, 10] });
  // Arrow keys pan and +/- zoom once the map has focus.
  target.tabIndex = 0;
  target.setAttribute('role', 'region');
  target.setAttribute('aria-label', t('mapLabel'));
  return map;
}

function expand(e: number[], f: number): [number, number, number, number] {
  const dx = (e[2] - e[0]) * f;
  const dy = (e[3] - e[1]) * f;
  return [e[0] - dx, e[1] - dy, e[2] + dx, e[3] + dy];
}
