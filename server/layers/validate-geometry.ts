/**
 * Structural checks on a GeoJSON geometry before it reaches the database: the layer's type,
 * 2D finite positions inside longitude/latitude range, closed rings with enough points.
 * Validity in the OGC sense (self-intersections…) is checked by PostGIS, which says where.
 */
import type { Geometry, GeometryCollection, MultiLineString, MultiPolygon, Point, Position } from 'geojson';
import type { GeometryType } from './types.ts';
import type { ErrorDetail } from '../http/errors.ts';

/** Bounds the work a single write can ask for. */
export const MAX_POSITIONS = 200_000;

export type LayerGeometry = Point | MultiLineString | MultiPolygon;

/** The elevations a road may carry, in metres: below the Dead Sea's shore to above Everest. */
const ELEVATION_RANGE = [-500, 9000] as const;

type Result = { ok: true; geometry: LayerGeometry } | { ok: false; details: ErrorDetail[] };

/** @param elevation positions may carry a third value, the elevation in metres (the layer says so) */
export function checkGeometry(input: unknown, expected: GeometryType, elevation = false): Result {
  const details: ErrorDetail[] = [];
  const fail = (field: string, message: string): Result => {
    details.push({ field, message });
    return { ok: false, details };
  };
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return fail('geometry', 'geometry must be a GeoJSON geometry object');
  const g = input as { type?: unknown; coordinates?: unknown; crs?: unknown };
  const allowed = expected === 'MultiPolygon' ? ['MultiPolygon', 'Polygon'] : expected === 'MultiLineString' ? ['MultiLineString', 'LineString'] : ['Point'];
  if (typeof g.type !== 'string' || !allowed.includes(g.type)) {
    return fail('geometry.type', `geometry type must be ${allowed.join(' or ')} for this layer, got ${JSON.stringify(g.type ?? null)}`);
  }
  const counter = { n: 0, elevation };
  if (g.type === 'Point') {
    const msg = positionProblem(g.coordinates, counter);
    if (msg) return fail('geometry.coordinates', msg);
    return { ok: true, geometry: { type: 'Point', coordinates: g.coordinates as Position } };
  }
  if (g.type === 'LineString' || g.type === 'MultiLineString') {
    const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
    if (!Array.isArray(lines) || lines.length === 0) return fail('geometry.coordinates', 'coordinates must be a non-empty array');
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l];
      const lPath = g.type === 'LineString' ? 'geometry.coordinates' : `geometry.coordinates[${l}]`;
      if (!Array.isArray(line)) return fail(lPath, 'a line must be an array of positions');
      if (line.length < 2) return fail(lPath, `a line needs at least 2 positions, got ${line.length}`);
      for (let i = 0; i < line.length; i++) {
        const msg = positionProblem(line[i], counter);
        if (msg) return fail(`${lPath}[${i}]`, msg);
      }
    }
    return { ok: true, geometry: { type: 'MultiLineString', coordinates: lines as Position[][] } };
  }
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const base = g.type === 'Polygon' ? 'geometry.coordinates' : 'geometry.coordinates';
  if (!Array.isArray(polygons) || polygons.length === 0) return fail(base, 'coordinates must be a non-empty array');
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p];
    const pPath = g.type === 'Polygon' ? base : `${base}[${p}]`;
    if (!Array.isArray(rings) || rings.length === 0) return fail(pPath, 'a polygon must be a non-empty array of linear rings');
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      const rPath = `${pPath}[${r}]`;
      if (!Array.isArray(ring)) return fail(rPath, 'a linear ring must be an array of positions');
      if (ring.length < 4) return fail(rPath, `a linear ring needs at least 4 positions, got ${ring.length}`);
      for (let i = 0; i < ring.length; i++) {
        const msg = positionProblem(ring[i], counter);
        if (msg) return fail(`${rPath}[${i}]`, msg);
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) return fail(rPath, 'linear ring is not closed: the first and last positions differ');
    }
  }
  const coordinates = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Position[][][];
  return { ok: true, geometry: { type: 'MultiPolygon', coordinates } };
}

function positionProblem(p: unknown, counter: { n: number; elevation?: boolean }): string | undefined {
  if (++counter.n > MAX_POSITIONS) return `too many positions (more than ${MAX_POSITIONS})`;
  if (!Array.isArray(p)) return 'a position must be an array [longitude, latitude]';
  if (counter.elevation && p.length === 3) {
    const z = p[2] as unknown;
    if (typeof z !== 'number' || !Number.isFinite(z) || z < ELEVATION_RANGE[0] || z > ELEVATION_RANGE[1]) {
      return `the elevation (third value) must be a number of metres between ${ELEVATION_RANGE[0]} and ${ELEVATION_RANGE[1]}`;
    }
    return positionProblem(p.slice(0, 2), { n: 0 });
  }
  if (p.length !== 2) return counter.elevation ? `positions must be [longitude, latitude] or [longitude, latitude, elevation], got ${p.length} values` : `positions must be 2D [longitude, latitude], got ${p.length} values`;
  const [lon, lat] = p as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return 'longitude and latitude must be finite numbers';
  }
  if (lon < -180 || lon > 180) return `longitude ${lon} is outside [-180, 180]`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside [-90, 90]`;
  return undefined;
}

type AnyResult = { ok: true; geometry: Exclude<Geometry, GeometryCollection> } | { ok: false; details: ErrorDetail[] };

/** Positions nested under `coordinates` per type, and the least number of positions per innermost list. */
const SHAPES: Record<string, { depth: number; min: number; ring?: boolean }> = {
  Point: { depth: 0, min: 1 },
  MultiPoint: { depth: 1, min: 0 },
  LineString: { depth: 1, min: 2 },
  MultiLineString: { depth: 2, min: 2 },
  Polygon: { depth: 2, min: 4, ring: true },
  MultiPolygon: { depth: 3, min: 4, ring: true },
};

/**
 * Any GeoJSON geometry but a GeometryCollection, checked like a layer's: the shape of its
 * coordinates, 2D finite longitude/latitude positions, lines of two positions or more, closed
 * rings of four or more. Used where a body may hold any geometry (an export of an analysis).
 */
export function checkAnyGeometry(input: unknown, field = 'geometry'): AnyResult {
  const fail = (f: string, message: string): AnyResult => ({ ok: false, details: [{ field: f, message }] });
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return fail(field, 'must be a GeoJSON geometry object');
  const g = input as { type?: unknown; coordinates?: unknown };
  const shape = typeof g.type === 'string' ? SHAPES[g.type] : undefined;
  if (!shape) return fail(`${field}.type`, `must be one of ${Object.keys(SHAPES).join(', ')}, got ${JSON.stringify(g.type ?? null).slice(0, 40)}`);
  const counter = { n: 0 };
  // Iterative over the fixed depth of the type: nesting in a hostile body cannot recurse.
  const stack: Array<[unknown, number, string]> = [[g.coordinates, shape.depth, `${field}.coordinates`]];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (depth === 0) {
      const msg = positionProblem(v, counter);
      if (msg) return fail(path, msg);
      continue;
    }
    if (!Array.isArray(v)) return fail(path, 'must be an array');
    if (depth === 1 && v.length < shape.min) return fail(path, `needs at least ${shape.min} positions, got ${v.length}`);
    if (depth === 1 && shape.ring && v.length > 0) {
      const [a, b] = [v[0] as unknown[], v[v.length - 1] as unknown[]];
      if (!Array.isArray(a) || !Array.isArray(b) || a[0] !== b[0] || a[1] !== b[1]) return fail(path, 'linear ring is not closed: the first and last positions differ');
    }
    for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth - 1, `${path}[${i}]`]);
  }
  return { ok: true, geometry: { type: g.type, coordinates: g.coordinates } as Exclude<Geometry, GeometryCollection> };
}
