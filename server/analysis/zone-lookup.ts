/**
 * Which polygons (hazard zones, towns, a warning area) contain a point: a Flatbush index of
 * the polygons' boxes, then an exact point-in-polygon test on the few whose box holds it.
 *
 * @example
 * const zonesAt = zoneLookup(hazardZones.features);
 * zonesAt([110.95, 22.36]); // the zone features containing that point (boundary counts as inside)
 */
import { booleanPointInPolygon } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, Position } from 'geojson';
import type { Areal } from './types.ts';

export function zoneLookup<F extends Feature<Areal, unknown>>(zones: readonly F[]): (position: Position) => F[] {
  const usable = zones.filter((z) => {
    const g = z.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return false;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polys.some((p) => (p[0]?.length ?? 0) >= 4);
  });
  if (usable.length === 0) return () => [];
  const index = new Flatbush(usable.length);
  for (const z of usable) {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    const polys = z.geometry.type === 'Polygon' ? [z.geometry.coordinates] : z.geometry.coordinates;
    for (const poly of polys) {
      for (const [x, y] of poly[0] ?? []) {
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();
  return (position) => {
    const [x, y] = position;
    return index
      .search(x, y, x, y)
      .sort((a, b) => a - b) // input order, for stable output
      .map((k) => usable[k])
      .filter((z) => booleanPointInPolygon(position, z.geometry));
  };
}
