/**
 * Converts a geometry's positions to WGS84 and into the shape a layer stores: heights kept for a
 * layer with elevations (roads), else dropped with measures; a one-point MultiPoint read as the
 * Point it is.
 */
import type { Geometry, Position } from 'geojson';
import type { ToWgs84 } from './crs.ts';

function position(p: Position, f: ToWgs84, keepZ: boolean): Position {
  // Non-numbers pass through unchanged so that the geometry check names them.
  if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return p;
  const xy = f(p[0], p[1]);
  return keepZ && p.length >= 3 ? [xy[0], xy[1], p[2]] : xy;
}

/** @param keepZ keep the third value of each position (the layer stores elevations) */
export function reproject(g: Geometry, f: ToWgs84, keepZ = false): Geometry {
  const line = (ps: Position[]) => (Array.isArray(ps) ? ps.map((p) => position(p, f, keepZ)) : ps);
  const poly = (rs: Position[][]) => (Array.isArray(rs) ? rs.map(line) : rs);
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: position(g.coordinates, f, keepZ) };
    case 'MultiPoint':
      return g.coordinates?.length === 1 ? { type: 'Point', coordinates: position(g.coordinates[0], f, keepZ) } : { type: 'MultiPoint', coordinates: line(g.coordinates) };
    case 'LineString':
      return { type: 'LineString', coordinates: line(g.coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: Array.isArray(g.coordinates) ? g.coordinates.map(line) : g.coordinates };
    case 'Polygon':
      return { type: 'Polygon', coordinates: poly(g.coordinates) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: Array.isArray(g.coordinates) ? g.coordinates.map(poly) : g.coordinates };
    default:
      return g;
  }
}

/** The first position of a geometry, for guessing its coordinate system. */
export function firstPosition(g: Geometry | null | undefined): [number, number] | undefined {
  if (!g || g.type === 'GeometryCollection') return undefined;
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : undefined;
}
