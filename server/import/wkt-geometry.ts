/**
 * Reads Well-Known Text geometries (OGC 06-103r4, through betterknown), as spreadsheets and
 * database dumps carry them: POINT, LINESTRING, POLYGON, their MULTI forms and collections, with
 * Z/M dropped, and the EWKT "SRID=n;" prefix, which names the file's coordinate system (the
 * caller converts; nothing is reprojected here). Throws an Error that says what is wrong.
 */
import type { Geometry } from 'geojson';
import { wktToGeoJSON } from 'betterknown';
import { xyOnly } from '../layers/xy-only.ts';

export interface ParsedWkt {
  geometry: Geometry | null;
  srid?: number;
}

const TYPES = new Set(['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'GEOMETRYCOLLECTION']);

export function parseWkt(text: string): ParsedWkt {
  const ewkt = /^\s*SRID=(\d{1,9});/i.exec(text);
  const body = (ewkt ? text.slice(ewkt[0].length) : text).trim();
  const word = /^[A-Za-z]+/.exec(body)?.[0].toUpperCase();
  if (!word) throw new Error('expected a geometry type (POINT, LINESTRING, POLYGON, …) at the start');
  if (!TYPES.has(word)) throw new Error(`${word} is not supported (POINT, LINESTRING, POLYGON, their MULTI forms and GEOMETRYCOLLECTION are)`);
  // The parser stops at the geometry's last ")": anything after it would be dropped unread.
  if (!/(\)|\bEMPTY)$/i.test(body)) throw new Error('unexpected text after the geometry (it must end with ")" or EMPTY)');
  let geometry: Geometry | null;
  try {
    geometry = wktToGeoJSON(body) as Geometry | null;
  } catch (e) {
    throw new Error(`${(e as Error).message.replace(/^Expected/, 'expected')} in ${word}`, { cause: e });
  }
  // The parser reads a word where a number should be as null: refuse it here.
  if (geometry && !numbersOnly(geometry)) throw new Error(`expected a number for every coordinate in ${word}`);
  return { geometry: geometry && xyOnly(geometry), ...(ewkt ? { srid: Number(ewkt[1]) } : {}) };
}

function numbersOnly(g: Geometry): boolean {
  const ok = (c: unknown): boolean => (Array.isArray(c) ? c.every(ok) : typeof c === 'number' && Number.isFinite(c));
  return g.type === 'GeometryCollection' ? g.geometries.every(numbersOnly) : ok(g.coordinates);
}
