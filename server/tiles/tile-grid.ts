/**
 * The Web Mercator tile grid (XYZ, the OGC WebMercatorQuad): which z/x/y are valid, and where
 * a tile lies in the unit square [0, 1]² (x east, y south) that geojson-vt and supercluster use.
 */
import { badRequest, type ErrorDetail } from '../http/errors.ts';

/** Deepest zoom served; clients over-zoom past it (points and simplified shapes gain nothing deeper). */
export const MAX_ZOOM = 16;
export const MIN_ZOOM = 0;
/** MVT tile extent (coordinate units across a tile). */
export const EXTENT = 4096;
/** Mercator's latitude limit: the grid is square. */
const MAX_LAT = 85.0511287798066;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

/** A lon/lat box [w, s, e, n] in degrees. */
export type Bounds = [number, number, number, number];

/** The box around all the given boxes (undefined when there are none). */
export function unionBounds(all: ReadonlyArray<Bounds | undefined>): Bounds | undefined {
  const b = all.filter((x): x is Bounds => x !== undefined);
  if (b.length === 0) return undefined;
  return [Math.min(...b.map((x) => x[0])), Math.min(...b.map((x) => x[1])), Math.max(...b.map((x) => x[2])), Math.max(...b.map((x) => x[3]))];
}

/** A bounding box in the unit square: [minX, minY, maxX, maxY], y growing southwards. */
export type UnitBox = [number, number, number, number];

function integer(field: string, raw: string, max: number, details: ErrorDetail[]): number {
  if (!/^\d+$/.test(raw)) {
    details.push({ field, message: `must be a whole number, got "${raw.slice(0, 20)}"` });
    return NaN;
  }
  const n = Number(raw);
  if (n > max) details.push({ field, message: `must be between 0 and ${max}, got ${n}` });
  return n;
}

/** What a tile path calls z, x and y (OGC API – Tiles: tileMatrix, tileCol, tileRow). */
export interface CoordNames {
  z: string;
  x: string;
  y: string;
}

const XYZ: CoordNames = { z: 'z', x: 'x', y: 'y' };

/** Parses z/x/y from a request path; anything outside the grid is a 400 naming the field. */
export function parseTileCoord(raw: { z: string; x: string; y: string }, names: CoordNames = XYZ): TileCoord {
  const details: ErrorDetail[] = [];
  const z = integer(names.z, raw.z, MAX_ZOOM, details);
  // x and y are checked against this zoom's size only when z itself is good.
  const size = details.length === 0 ? 2 ** z - 1 : Number.MAX_SAFE_INTEGER;
  const x = integer(names.x, raw.x, size, details);
  const y = integer(names.y, raw.y, size, details);
  if (details.length > 0) throw badRequest(`no tile ${raw.z}/${raw.x}/${raw.y} in the grid (zoom ${MIN_ZOOM}–${MAX_ZOOM})`, details);
  return { z, x, y };
}

export function lonToUnit(lon: number): number {
  return lon / 360 + 0.5;
}

export function latToUnit(lat: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
}

/** A lon/lat box [w, s, e, n] in the unit square. */
export function unitBox([w, s, e, n]: Bounds): UnitBox {
  return [lonToUnit(w), latToUnit(n), lonToUnit(e), latToUnit(s)];
}

/** Whether a tile, grown by `margin` tile widths on each side, touches the box. */
export function tileTouches({ z, x, y }: TileCoord, box: UnitBox, margin: number): boolean {
  const n = 2 ** z;
  return (x - margin) / n <= box[2] && (x + 1 + margin) / n >= box[0] && (y - margin) / n <= box[3] && (y + 1 + margin) / n >= box[1];
}

/** The tile at zoom z that holds a lon/lat position. */
export function tileAt(lon: number, lat: number, z: number): TileCoord {
  const n = 2 ** z;
  const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
  return { z, x: clamp(lonToUnit(lon)), y: clamp(latToUnit(lat)) };
}
