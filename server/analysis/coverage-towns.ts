/**
 * Towns as the unit of every per-town figure: a lookup by code, and one representative point
 * per town for distances (the area-weighted centroid when it lies inside the town, otherwise
 * a point on its surface, so a crescent-shaped town is never measured from outside itself).
 *
 * @example
 * const t = townTable(towns.features);
 * t.position.get('440983101');   // position in towns.features
 * t.points[0];                   // { lon, lat, method: 'centroid' | 'point_on_surface' }
 */
import { pointOnFeature } from '@turf/turf';
import type { Position } from 'geojson';
import { polygonIndex, type PolygonIndex } from './point-in-polygon.ts';
import type { TownFeature } from './types.ts';

export interface TownPoint {
  lon: number;
  lat: number;
  method: 'centroid' | 'point_on_surface';
}

export interface TownTable {
  features: readonly TownFeature[];
  /** Town code → position in `features` (the first town with that code). */
  position: Map<string, number>;
  /** Representative point per town, null when the town has no geometry. */
  points: (TownPoint | null)[];
  /**
   * Position of the town an item belongs to: by its town code, else (given a location) the
   * town whose area holds it, else `features.length` (unassigned).
   */
  slotOf(code: unknown, lon?: number, lat?: number): number;
}

/** @param towns town features (not mutated) */
export function townTable(towns: readonly TownFeature[]): TownTable {
  const position = new Map<string, number>();
  towns.forEach((t, i) => {
    const code = t.properties?.code;
    if (code !== undefined && code !== null && !position.has(code)) position.set(code, i);
  });
  let areas: PolygonIndex | null = null; // built on first need: most items carry a known code
  const slotOf = (code: unknown, lon?: number, lat?: number): number => {
    const byCode = typeof code === 'string' ? position.get(code) : undefined;
    if (byCode !== undefined) return byCode;
    if (lon === undefined || lat === undefined) return towns.length;
    areas ??= polygonIndex(towns);
    const hits = areas.containing(lon, lat);
    return hits.length > 0 ? hits[0] : towns.length;
  };
  return { features: towns, position, points: towns.map(townPoint), slotOf };
}

/** Centroid when inside the town, else a point on its surface. */
export function townPoint(town: TownFeature): TownPoint | null {
  const g = town.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || g.coordinates.length === 0) return null;
  const c = areaCentroid(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  if (c && polygonIndex([town]).any(c[0], c[1])) return { lon: c[0], lat: c[1], method: 'centroid' };
  const p = pointOnFeature(g).geometry.coordinates;
  return { lon: p[0], lat: p[1], method: 'point_on_surface' };
}

/**
 * Area-weighted centroid in lon/lat (planar shoelace, holes subtracting), taken relative to
 * the first vertex to keep precision; null for a degenerate shape. Within a town the planar
 * approximation is far below a metre's worth of error that matters here.
 */
export function areaCentroid(polygons: readonly (readonly (readonly Position[])[])[]): Position | null {
  const first = polygons[0]?.[0]?.[0];
  if (!first) return null;
  const [x0, y0] = first;
  let a = 0, cx = 0, cy = 0;
  for (const rings of polygons) {
    rings.forEach((ring, k) => {
      // outer rings add, holes subtract, whatever their winding
      let ra = 0, rx = 0, ry = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const xi = ring[i][0] - x0, yi = ring[i][1] - y0, xj = ring[i + 1][0] - x0, yj = ring[i + 1][1] - y0;
        const cross = xi * yj - xj * yi;
        ra += cross;
        rx += (xi + xj) * cross;
        ry += (yi + yj) * cross;
      }
      const sign = (k === 0 ? 1 : -1) * Math.sign(ra);
      a += sign * ra;
      cx += sign * rx;
      cy += sign * ry;
    });
  }
  if (!(Math.abs(a) > 0)) return null;
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}
