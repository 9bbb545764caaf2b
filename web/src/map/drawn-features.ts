/**
 * How many features each layer draws in the current view: layers that are switched on and within
 * their zoom range, features in the view's extent whose style draws something. For clustered
 * layers a group counts once. Read by diagnostics and the browser tests.
 */
import type Map from 'ol/Map.js';
import type BaseLayer from 'ol/layer/Base.js';
import VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import type Feature from 'ol/Feature.js';

export function drawnFeatures(map: Map, key: string): Record<string, number> {
  const view = map.getView();
  const size = map.getSize();
  const resolution = view.getResolution();
  const out: Record<string, number> = {};
  if (!size || resolution === undefined) return out;
  const extent = view.calculateExtent(size);
  const visit = (layer: BaseLayer) => {
    const id = layer.get(key) as string | undefined;
    if (id === undefined || !(layer instanceof VectorLayer) || !layer.isVisible(view)) return;
    const style = layer.getStyleFunction();
    const source = layer.getSource() as VectorSource<Feature> | null;
    let n = 0;
    for (const f of source?.getFeaturesInExtent(extent) ?? []) {
      const s = style ? style(f, resolution) : null;
      if (s && (!Array.isArray(s) || s.length)) n++;
    }
    out[id] = (out[id] ?? 0) + n;
  };
  map.getLayers().forEach(visit);
  return out;
}
