/**
 * Point-in-area lookups over many polygons (hazard zones, towns): a Flatbush index over the
 * box of every polygon part narrows each query to a few parts, then an even-odd ray test runs
 * on their rings. Far cheaper than Turf's booleanPointInPolygon over all pairs.
 *
 * @example
 * const idx = polygonIndex(zones.features);
 * idx.containing(110.95, 22.36);   // positions (in zones.features) of the zones holding the point
 */
import Flatbush from 'flatbush';
import type { Feature, Position } from 'geojson';
import type { Areal } from './types.ts';

export interface PolygonIndex {
  /** Positions of the features whose area holds the point, ascending. */
  containing(lon: number, lat: number): number[];
  /** Whether any feature holds the point (stops at the first). */
  any(lon: number, lat: number): boolean;
}

/** One polygon (outer ring plus holes) of a feature, flattened for the ray test. */
interface Part {
  feature: number;
  /** Ring k spans xy[ringStart[k] .. ringStart[k+1]) as x, y pairs. */
  ringStart: number[];
  xy: Float64Array;
}

/**
 * @param features polygon or multipolygon features (not mutated); features without an areal
 *   geometry are skipped
 */
export function polygonIndex(features: readonly Feature<Areal | null, unknown>[]): PolygonIndex {
  const parts: Part[] = [];
  const boxes: number[] = [];
  features.forEach((f, i) => {
    const g = f.geometry;
    if (!g) return;
    const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polys) {
      if (rings.length === 0) continue;
      const ringStart = [0];
      let size = 0;
      for (const r of rings) ringStart.push((size += r.length * 2));
      const xy = new Float64Array(size);
      let k = 0;
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const r of rings) {
        for (const p of r) {
          xy[k++] = p[0];
          xy[k++] = p[1];
        }
      }
      // the outer ring bounds the part
      for (const p of rings[0]) {
        if (p[0] < minX) minX = p[0];
        if (p[0] > maxX) maxX = p[0];
        if (p[1] < minY) minY = p[1];
        if (p[1] > maxY) maxY = p[1];
      }
      parts.push({ feature: i, ringStart, xy });
      boxes.push(minX, minY, maxX, maxY);
    }
  });

  const tree = new Flatbush(Math.max(parts.length, 1));
  for (let p = 0; p < parts.length; p++) tree.add(boxes[4 * p], boxes[4 * p + 1], boxes[4 * p + 2], boxes[4 * p + 3]);
  if (parts.length === 0) tree.add(0, 0, 0, 0); // Flatbush needs one box; never reported
  tree.finish();

  const hits = (lon: number, lat: number): number[] => (parts.length === 0 ? [] : tree.search(lon, lat, lon, lat));

  return {
    containing(lon, lat) {
      const out = new Set<number>();
      for (const p of hits(lon, lat)) if (inPart(parts[p], lon, lat)) out.add(parts[p].feature);
      return [...out].sort((a, b) => a - b);
    },
    any(lon, lat) {
      for (const p of hits(lon, lat)) if (inPart(parts[p], lon, lat)) return true;
      return false;
    },
  };
}

/** Even-odd rule over all rings of the part, so holes take themselves out. */
function inPart(part: Part, x: number, y: number): boolean {
  const { xy, ringStart } = part;
  let inside = false;
  for (let r = 0; r < ringStart.length - 1; r++) {
    const start = ringStart[r];
    const end = ringStart[r + 1];
    for (let i = start, j = end - 2; i < end; j = i, i += 2) {
      const xi = xy[i], yi = xy[i + 1], xj = xy[j], yj = xy[j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
