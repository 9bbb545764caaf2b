/**
 * Caps on the work a JSON body can ask for, checked before any work is done with it: nesting
 * depth (checked on the raw bytes, before parsing), and once parsed the number of features,
 * positions per geometry and in all, polygon parts, and distinct property names. A body over a
 * cap is refused with 413 naming the cap, the limit and where it was exceeded.
 */
import { HttpError } from './errors.ts';
import { ROOT_FIELD } from './validation-errors.ts';

export interface JsonCaps {
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
  /** Features in a FeatureCollection (or in any array of features). */
  maxFeatures: number;
  /** Positions in one geometry. */
  maxPositionsPerGeometry: number;
  /** Positions in the whole body. */
  maxPositions: number;
  /** Polygons of a MultiPolygon plus rings of each polygon, in one geometry. */
  maxParts: number;
  /** Distinct property names across every feature (each becomes a column of an export). */
  maxPropertyNames: number;
}

/** The caps of the public routes that take GeoJSON (documented in the README). */
export const DEFAULT_CAPS: JsonCaps = {
  maxDepth: 32,
  maxFeatures: 50_000,
  maxPositionsPerGeometry: 200_000,
  maxPositions: 500_000,
  maxParts: 10_000,
  maxPropertyNames: 500,
};

export const tooLarge = (cap: keyof JsonCaps | 'body', limit: number, field: string, message: string): HttpError =>
  new HttpError(413, 'too_large', message, [{ field, message, cap, limit }]);

const OPEN = [0x5b, 0x7b]; // [ {
const CLOSE = [0x5d, 0x7d]; // ] }

/** Refuses bytes nested deeper than `maxDepth`, without parsing them (strings are skipped). */
export function checkRawDepth(raw: Uint8Array, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === OPEN[0] || c === OPEN[1]) {
      if (++depth > maxDepth) throw tooLarge('maxDepth', maxDepth, ROOT_FIELD, `the body nests arrays and objects more than ${maxDepth} levels deep (at byte ${i})`);
    } else if (c === CLOSE[0] || c === CLOSE[1]) depth--;
  }
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

/** Counts a geometry's positions and parts (lines, polygons and their rings); shape is checked elsewhere. */
function geometryCounts(type: string, coordinates: unknown): { positions: number; parts: number } {
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  let positions = 0;
  let parts = 0;
  switch (type) {
    case 'Point':
      positions = 1;
      break;
    case 'MultiPoint':
    case 'LineString':
      positions = list(coordinates).length;
      break;
    case 'MultiLineString':
    case 'Polygon':
      for (const line of list(coordinates)) {
        parts++;
        positions += list(line).length;
      }
      break;
    case 'MultiPolygon':
      for (const polygon of list(coordinates)) {
        parts++;
        for (const ring of list(polygon)) {
          parts++;
          positions += list(ring).length;
        }
      }
      break;
  }
  return { positions, parts };
}

/**
 * Walks a parsed body and refuses it at the first cap exceeded. Recognises GeoJSON geometries
 * (an object with a geometry `type` and `coordinates`), features (`properties`) and arrays of
 * features anywhere in the body.
 */
export function checkJsonCaps(body: unknown, caps: JsonCaps = DEFAULT_CAPS): void {
  const names = new Set<string>();
  let positions = 0;
  const stack: Array<[unknown, string]> = [[body, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      const features = v.length > 0 && typeof v[0] === 'object' && v[0] !== null && (v[0] as { type?: unknown }).type === 'Feature';
      if (features && v.length > caps.maxFeatures) {
        throw tooLarge('maxFeatures', caps.maxFeatures, path || ROOT_FIELD, `${path || 'the body'} holds ${v.length} features; at most ${caps.maxFeatures} are accepted`);
      }
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.type === 'string' && GEOMETRY_TYPES.has(o.type) && 'coordinates' in o) {
      const c = geometryCounts(o.type, o.coordinates);
      const field = path ? `${path}.coordinates` : 'coordinates';
      if (c.positions > caps.maxPositionsPerGeometry) {
        throw tooLarge('maxPositionsPerGeometry', caps.maxPositionsPerGeometry, field, `a geometry has ${c.positions} positions; at most ${caps.maxPositionsPerGeometry} are accepted in one geometry`);
      }
      if (c.parts > caps.maxParts) throw tooLarge('maxParts', caps.maxParts, field, `a geometry has ${c.parts} parts (polygons and rings); at most ${caps.maxParts} are accepted`);
      positions += c.positions;
      if (positions > caps.maxPositions) throw tooLarge('maxPositions', caps.maxPositions, field, `the body holds more than ${caps.maxPositions} positions in all`);
      continue;
    }
    if (o.type === 'Feature' && o.properties !== null && typeof o.properties === 'object' && !Array.isArray(o.properties)) {
      for (const k of Object.keys(o.properties)) {
        names.add(k);
        if (names.size > caps.maxPropertyNames) {
          throw tooLarge('maxPropertyNames', caps.maxPropertyNames, `${path ? `${path}.` : ''}properties`, `the features use more than ${caps.maxPropertyNames} distinct property names`);
        }
      }
    }
    const keys = Object.keys(o);
    for (let i = keys.length - 1; i >= 0; i--) stack.push([o[keys[i]], path ? `${path}.${keys[i]}` : keys[i]]);
  }
}

/** Parses JSON bytes under the caps: the depth first (unparsed), then everything else. */
export function parseCappedJson(raw: Uint8Array, caps: JsonCaps = DEFAULT_CAPS): unknown {
  checkRawDepth(raw, caps.maxDepth);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch {
    throw new HttpError(400, 'malformed_json', 'request body is not valid JSON');
  }
  checkJsonCaps(body, caps);
  return body;
}
