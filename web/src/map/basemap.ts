/**
 * The configured basemap (an XYZ or WMTS-KVP tile URL template, e.g. Tianditu with the
 * deployment's key), with an optional label overlay. Offline, or when its tiles fail, it is
 * hidden and the map keeps OneMap's own towns, villages and labels, so it is never blank.
 */
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import type { BasemapInfo } from '../registry.ts';

export interface Basemap {
  layers: TileLayer[];
  /** Called once if the basemap turns out to be unreachable. */
  onOffline(f: () => void): void;
}

/** After this many failed tiles with none loaded, the basemap is taken as unreachable. */
const FAILURES_BEFORE_OFFLINE = 4;

export function createBasemap(info: BasemapInfo | null): Basemap {
  if (!info) return { layers: [], onOffline: () => {} };
  const listeners: Array<() => void> = [];
  const make = (url: string, attribution: string) => {
    const source = new XYZ({ url, attributions: attribution || undefined, crossOrigin: 'anonymous', maxZoom: 18, transition: 0 });
    return new TileLayer({ source, properties: { id: 'basemap' } });
  };
  const layers = [make(info.url, info.attribution)];
  if (info.labels_url) layers.push(make(info.labels_url, ''));
  let loaded = 0;
  let failed = 0;
  let offline = !navigator.onLine;
  const goOffline = () => {
    if (offline && layers[0].getVisible() === false) return;
    offline = true;
    for (const l of layers) l.setVisible(false);
    for (const f of listeners) f();
  };
  const base = layers[0].getSource() as XYZ;
  base.on('tileloadend', () => loaded++);
  base.on('tileloaderror', () => {
    failed++;
    if (loaded === 0 && failed >= FAILURES_BEFORE_OFFLINE) goOffline();
  });
  if (offline) for (const l of layers) l.setVisible(false);
  window.addEventListener('offline', goOffline);
  return {
    layers,
    onOffline: (f) => {
      listeners.push(f);
      if (offline) f();
    },
  };
}
