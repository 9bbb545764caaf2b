/**
 * The coordinate reference systems the features API serves and accepts (OGC API – Features
 * Part 2): CRS84 (what GeoJSON and the tables hold), EPSG:4326 and EPSG:4490 (CGCS2000, equal to
 * WGS 84 within this service's accuracy), both latitude first as the EPSG defines them, and
 * EPSG:3857 (Web Mercator metres). Anything else is refused by name.
 */
import type { Geometry, Position } from 'geojson';
import proj4 from 'proj4';
import { badRequest } from '../http/errors.ts';

/** WGS 84 longitude first: what GeoJSON and the tables hold. */
export const CRS84 = ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'urn:ogc:def:crs:OGC:1.3:CRS84'];
/** WGS 84 as the EPSG defines it: latitude first. */
export const EPSG_4326 = ['http://www.opengis.net/def/crs/EPSG/0/4326', 'urn:ogc:def:crs:EPSG::4326', 'EPSG:4326'];

export type CrsId = 'CRS84' | 'EPSG:4326' | 'EPSG:4490' | 'EPSG:3857';

/** Each CRS by its URI, as collections list them and Content-Crs names them. */
export const CRS_URI: Record<CrsId, string> = {
  CRS84: CRS84[0],
  'EPSG:4326': EPSG_4326[0],
  'EPSG:4490': 'http://www.opengis.net/def/crs/EPSG/0/4490',
  'EPSG:3857': 'http://www.opengis.net/def/crs/EPSG/0/3857',
};

const BY_NAME = new Map<string, CrsId>([
  ...CRS84.map((u) => [u, 'CRS84'] as const),
  ...EPSG_4326.map((u) => [u, 'EPSG:4326'] as const),
  ...(['EPSG:4490', 'EPSG:3857'] as const).flatMap((id) => {
    const code = id.slice(5);
    return [[CRS_URI[id], id], [`urn:ogc:def:crs:EPSG::${code}`, id], [id, id]] as const;
  }),
]);

/** A CRS named by a parameter or header (Content-Crs puts the URI in <…>); unsupported → 400 naming it. */
export function crsNamed(field: string, raw: string): CrsId {
  const name = raw.trim().replace(/^<(.*)>$/, '$1');
  const id = BY_NAME.get(name);
  if (!id) {
    throw badRequest(`${field}: the CRS "${name.slice(0, 100)}" is not supported; use one of ${Object.values(CRS_URI).join(', ')}`, [
      { field, message: `unsupported CRS "${name.slice(0, 100)}"` },
    ]);
  }
  return id;
}

const mercator = proj4('EPSG:4326', 'EPSG:3857');
/** Web Mercator is defined up to this latitude. */
const MAX_MERCATOR_LAT = 85.05112878;

type Convert = (p: Position) => Position;
const keepRest = (p: Position, a: number, b: number): Position => (p.length > 2 ? [a, b, ...p.slice(2)] : [a, b]);
/** Metres to the millimetre, degrees to about a millimetre: no false precision. */
const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** From CRS84 (as stored) to the CRS asked for. */
export function fromCrs84(crs: CrsId): Convert | undefined {
  if (crs === 'CRS84') return undefined;
  if (crs === 'EPSG:3857') {
    return (p) => {
      const [x, y] = mercator.forward([p[0], Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, p[1]))]);
      return keepRest(p, round(x, 3), round(y, 3));
    };
  }
  return (p) => keepRest(p, p[1], p[0]);
}

/** From the CRS a client wrote in to CRS84 (as stored). */
export function toCrs84(crs: CrsId): Convert | undefined {
  if (crs === 'CRS84') return undefined;
  if (crs === 'EPSG:3857') {
    return (p) => {
      const [lon, lat] = mercator.inverse([p[0], p[1]]);
      return keepRest(p, round(lon, 9), round(lat, 9));
    };
  }
  return (p) => keepRest(p, p[1], p[0]);
}

/** A geometry with every position converted (a new object; the one given is left alone). */
export function convertGeometry<G extends Geometry | null>(g: G, convert: Convert | undefined): G {
  if (!g || !convert) return g;
  const deep = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? convert(c as Position) : Array.isArray(c) ? c.map(deep) : c);
  if (g.type === 'GeometryCollection') return { ...g, geometries: g.geometries.map((x) => convertGeometry(x, convert)) };
  return { ...g, coordinates: deep(g.coordinates) } as G;
}

/**
 * A written feature's geometry from the CRS it was sent in to CRS84, before any check. Only
 * well-formed positions (arrays of finite numbers) are converted: anything else is left for the
 * checks to name.
 */
export function bodyToCrs84(body: unknown, crs: CrsId): unknown {
  const convert = toCrs84(crs);
  if (!convert || typeof body !== 'object' || body === null || !('geometry' in body)) return body;
  const positions = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (c.length >= 2 && c.every((v) => typeof v === 'number' && Number.isFinite(v))) return convert(c as Position);
    return c.map(positions);
  };
  const geometry = (g: unknown): unknown => {
    if (typeof g !== 'object' || g === null) return g;
    const o = g as Record<string, unknown>;
    if (Array.isArray(o.geometries)) return { ...o, geometries: o.geometries.map(geometry) };
    return 'coordinates' in o ? { ...o, coordinates: positions(o.coordinates) } : o;
  };
  return { ...(body as Record<string, unknown>), geometry: geometry((body as { geometry: unknown }).geometry) };
}

/** A bbox given in `crs` (its own axis order) as west, south, east, north in CRS84. */
export function bboxToCrs84(nums: number[], crs: CrsId): number[] {
  if (crs === 'CRS84') return nums;
  const convert = toCrs84(crs)!;
  const [a, b] = convert([nums[0], nums[1]]);
  const [c, d] = convert([nums[2], nums[3]]);
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
