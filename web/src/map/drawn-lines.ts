/**
 * The lines an analysis layer holds, in longitude and latitude with their properties: what the
 * browser tests compare with the server's ways (a line drawn along the roads, not straight).
 */
import type Map from 'ol/Map.js';
import type Feature from 'ol/Feature.js';
import LineString from 'ol/geom/LineString.js';
import VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import { toLonLat } from 'ol/proj.js';

export interface DrawnLine {
  properties: Record<string, unknown>;
  coordinates: number[][];
}

export function drawnLines(map: Map, id: string, max: number, key = 'analysis'): DrawnLine[] {
  const out: DrawnLine[] = [];
  for (const layer of map.getLayers().getArray()) {
    if (layer.get(key) !== id || !(layer instanceof VectorLayer)) continue;
    for (const f of (layer.getSource() as VectorSource<Feature> | null)?.getFeatures() ?? []) {
      if (out.length >= max) return out;
      const g = f.getGeometry();
      if (!(g instanceof LineString)) continue;
      const { geometry: _g, ...properties } = f.getProperties();
      out.push({ properties, coordinates: g.getCoordinates().map((c) => toLonLat(c)) });
    }
  }
  return out;
}
