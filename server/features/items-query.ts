/**
 * The items query, declared once: bbox, datetime, limit, offset, f, property selection
 * (properties, skipGeometry), sortby, equality filters on the layer's filterable attributes and a
 * CQL2 text filter on the same attributes (filter, filter-lang, filter-crs).
 * Anything else is a 400, as OGC API – Features expects.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { visibleAttributes, visibleSystemColumns } from '../layers/registry.ts';
import { badRequest } from '../http/errors.ts';
import type { BBox, FeatureOutput, ListQuery } from '../layers/repository.ts';
import { parseDatetime } from './datetime-param.ts';
import { FILTER_PARAMS, parseFilterParams } from './filter-param.ts';
import { bboxToCrs84, crsNamed, type CrsId } from '../layers/crs.ts';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;
const FIXED = new Set(['bbox', 'bbox-crs', 'crs', 'datetime', 'limit', 'offset', 'f', 'properties', 'skipGeometry', 'sortby', ...FILTER_PARAMS]);
/** Parameters that shape a GeoJSON page; a file export always holds every column in id order. */
const PAGE_ONLY = ['properties', 'skipGeometry', 'sortby'];

/** json: a page of GeoJSON; the others download every matching feature as a file (server/export). */
export const ITEM_FORMATS = ['json', 'geojson', 'csv', 'gpkg', 'fgb'] as const;
export type ItemsFormat = (typeof ITEM_FORMATS)[number];
/** A file export caps its size only by a limit the client gives. */
const MAX_EXPORT_LIMIT = 100_000_000;

export type ItemsQuery = Omit<ListQuery, 'includePrivate'> & FeatureOutput & {
  f: ItemsFormat;
  limitGiven: boolean;
};

export function filterableAttributes(layer: LayerDefinition): string[] {
  return Object.entries(layer.attributes)
    .filter(([, a]) => a.filterable && !a.private)
    .map(([k]) => k);
}

function single(name: string, v: unknown): string {
  if (typeof v !== 'string') throw badRequest(`query parameter "${name}" must be given once`, [{ field: name, message: 'repeated or malformed' }]);
  return v;
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a whole number`, [{ field: name, message: `got "${raw}"` }]);
  const n = Number(raw);
  if (n < min || n > max) throw badRequest(`${name} must be between ${min} and ${max}`, [{ field: name, message: `got ${n}` }]);
  return n;
}

/** `bbox` in `crs` (CRS84 unless bbox-crs says otherwise) as west, south, east, north in CRS84. */
export function parseBBox(raw: string, crs: CrsId = 'CRS84'): BBox {
  const parts = raw.split(',');
  if (parts.length !== 4 && parts.length !== 6) {
    throw badRequest(`bbox must be four numbers (${crs === 'CRS84' ? 'west,south,east,north in CRS84' : `the corners in ${crs}`})`, [{ field: 'bbox', message: `got "${raw}"` }]);
  }
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (nums.some((n) => !Number.isFinite(n))) throw badRequest('bbox values must be numbers', [{ field: 'bbox', message: `got "${raw}"` }]);
  // With six values the third and sixth are heights, which a 2D service ignores.
  const corners = parts.length === 6 ? [nums[0], nums[1], nums[3], nums[4]] : nums;
  const [w, s, e, n] = bboxToCrs84(corners, crs);
  if (![w, s, e, n].every(Number.isFinite)) throw badRequest(`bbox lies outside where ${crs} is defined`, [{ field: 'bbox', message: `got "${raw}"` }]);
  if (w < -180 || w > 180 || e < -180 || e > 180) throw badRequest('bbox longitudes must lie in [-180, 180]', [{ field: 'bbox', message: `got "${raw}"` }]);
  if (s < -90 || n > 90 || s > n) throw badRequest('bbox latitudes must lie in [-90, 90] with south ≤ north', [{ field: 'bbox', message: `got "${raw}"` }]);
  return [w, s, e, n];
}

/** The column a layer's `datetime` filters on: its own time attribute, else when it last changed. */
export const timeColumn = (layer: LayerDefinition): string => layer.timeField ?? 'updated_at';

/** Properties a reader may select or sort by (private ones and updated_by only for staff). */
function selectable(layer: LayerDefinition, includePrivate: boolean): string[] {
  return [...visibleSystemColumns(includePrivate), ...visibleAttributes(layer, includePrivate)];
}

/** `a,b` → names, each checked against what the reader may see; an unknown one is named in a 400. */
function names(param: string, raw: string, allowed: string[]): string[] {
  const list = raw.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = list.map((n) => n.replace(/^[+-]/, '')).filter((n) => !allowed.includes(n));
  if (unknown.length) {
    throw badRequest(`${param}: unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.map((n) => `"${n.slice(0, 40)}"`).join(', ')}`, [
      { field: param, message: `allowed: ${allowed.join(', ')}` },
    ]);
  }
  return list;
}

/** Attributes a list can be ordered by: scalar ones (not lists or maps). */
function sortable(layer: LayerDefinition, includePrivate: boolean): string[] {
  return ['id', ...selectable(layer, includePrivate).filter((k) => !['string_list', 'quantity_map'].includes(layer.attributes[k]?.type ?? ''))];
}

export function parseItemsQuery(layer: LayerDefinition, query: Record<string, unknown>, includePrivate = false): ItemsQuery {
  const filterable = new Set(filterableAttributes(layer));
  const unknown = Object.keys(query).filter((k) => !FIXED.has(k) && !filterable.has(k));
  if (unknown.length) {
    // Each detail names its parameter, like every other refusal; the allowed list rides in the message.
    const allowed = [...FIXED, ...filterable].join(', ');
    throw badRequest(`unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, unknown.map((k) => ({ field: k, message: `not a parameter of this collection; allowed: ${allowed}` })));
  }
  const out: ItemsQuery = { filters: {}, limit: DEFAULT_LIMIT, offset: 0, f: 'json', limitGiven: query.limit !== undefined, skipGeometry: false, crs: 'CRS84' };
  if (query.f !== undefined) {
    const f = single('f', query.f);
    if (!(ITEM_FORMATS as readonly string[]).includes(f)) throw badRequest(`f must be one of ${ITEM_FORMATS.join(', ')}`, [{ field: 'f', message: `got "${f}"` }]);
    out.f = f as ItemsFormat;
  }
  if (query.limit !== undefined) out.limit = integer('limit', single('limit', query.limit), 1, out.f === 'json' ? MAX_LIMIT : MAX_EXPORT_LIMIT);
  if (query.offset !== undefined) out.offset = integer('offset', single('offset', query.offset), 0, 1_000_000_000);
  const bboxCrs = query['bbox-crs'] === undefined ? 'CRS84' : crsNamed('bbox-crs', single('bbox-crs', query['bbox-crs']));
  if (query.bbox !== undefined) out.bbox = parseBBox(single('bbox', query.bbox), bboxCrs);
  if (query.crs !== undefined) out.crs = crsNamed('crs', single('crs', query.crs));
  if (query.datetime !== undefined) out.time = { column: timeColumn(layer), ...parseDatetime(single('datetime', query.datetime)) };
  if (out.f !== 'json') {
    // A file holds CRS84 (GeoPackage and FlatGeobuf say so themselves).
    const given = [...PAGE_ONLY, ...(out.crs === 'CRS84' ? [] : ['crs'])].filter((k) => query[k] !== undefined);
    if (given.length) throw badRequest(`${given.join(', ')} shape a GeoJSON page; a ${out.f} file holds every column`, given.map((k) => ({ field: k, message: `not with f=${out.f}` })));
  }
  if (query.skipGeometry !== undefined) {
    const v = single('skipGeometry', query.skipGeometry);
    if (v !== 'true' && v !== 'false') throw badRequest('skipGeometry must be true or false', [{ field: 'skipGeometry', message: `got "${v.slice(0, 40)}"` }]);
    out.skipGeometry = v === 'true';
  }
  if (query.properties !== undefined) {
    const list = names('properties', single('properties', query.properties), selectable(layer, includePrivate));
    if (list.some((n) => /^[+-]/.test(n))) throw badRequest('properties takes plain names', [{ field: 'properties', message: 'no + or - here (that is sortby)' }]);
    out.properties = [...new Set(list)];
  }
  if (query.sortby !== undefined) {
    const list = names('sortby', single('sortby', query.sortby), sortable(layer, includePrivate));
    if (list.length === 0) throw badRequest('sortby names no property', [{ field: 'sortby', message: 'empty' }]);
    out.sort = list.map((n) => ({ column: n.replace(/^[+-]/, ''), desc: n.startsWith('-') }));
  }
  const where = parseFilterParams(layer, [...filterable], query);
  if (where) out.where = where;
  for (const k of filterable) {
    if (query[k] === undefined) continue;
    const v = single(k, query[k]);
    const spec = layer.attributes[k];
    if (spec.type === 'enum' && !spec.values.includes(v)) {
      throw badRequest(`${k} must be one of ${spec.values.join(', ')}`, [{ field: k, message: `got "${v}"` }]);
    }
    // The database would refuse what the column cannot hold (a 500): a whole number for an integer
    // column (not "", "1.5" or "-5e-324"), a finite number for a number column.
    if (spec.type === 'integer' && !(/^-?\d{1,10}$/.test(v) && Math.abs(Number(v)) <= 2 ** 31 - 1)) {
      throw badRequest(`${k} must be a whole number`, [{ field: k, message: `got "${v.slice(0, 40)}"` }]);
    }
    if (spec.type === 'number' && !(v.trim() !== '' && Number.isFinite(Number(v)))) {
      throw badRequest(`${k} must be a number`, [{ field: k, message: `got "${v.slice(0, 40)}"` }]);
    }
    if (spec.type === 'boolean' && v !== 'true' && v !== 'false') {
      throw badRequest(`${k} must be true or false`, [{ field: k, message: `got "${v.slice(0, 40)}"` }]);
    }
    if (spec.type === 'datetime') {
      out.filters[k] = instantFilter(k, v);
      continue;
    }
    out.filters[k] = v;
  }
  return out;
}

/** A time attribute compared for equality takes one RFC 3339 instant (the database would refuse "0"). */
function instantFilter(name: string, v: string): string {
  let bounds: ReturnType<typeof parseDatetime> | undefined;
  try {
    bounds = parseDatetime(v);
  } catch {
    bounds = undefined;
  }
  if (!bounds || bounds.lte === undefined || bounds.gte !== bounds.lte) {
    throw badRequest(`${name} must be an RFC 3339 date-time such as 2024-06-01T08:00:00Z`, [{ field: name, message: `got "${v.slice(0, 40)}"` }]);
  }
  return bounds.gte;
}
