/**
 * The `filter`, `filter-lang` and `filter-crs` parameters of the items (OGC API – Features
 * Part 3): a CQL2 text filter on the collection's queryables, read into a tree and written as
 * one SQL condition whose values are all bound parameters.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { badRequest } from '../http/errors.ts';
import type { PropType } from './cql2/ast.ts';
import { Cql2Error, Cql2Refusal, filterError } from './cql2/errors.ts';
import { parseCql2 } from './cql2/parse.ts';
import { toSql, type SqlCondition } from './cql2/to-sql.ts';
import { crsNamed, toCrs84 } from '../layers/crs.ts';

export const FILTER_PARAMS = ['filter', 'filter-lang', 'filter-crs'] as const;
/**
 * cql2-text, and the draft cql-text read by the same reader: GDAL up to 3.6 sends its -where
 * there when the API document offers it (with ILIKE, and times as quoted strings).
 */
export const FILTER_LANGS = ['cql2-text', 'cql-text'] as const;
/** The name of the geometry among the queryables. */
export const GEOMETRY_QUERYABLE = 'geometry';


/** The attributes a filter may name (those the items also take as equality parameters), with their types. */
export function queryableTypes(layer: LayerDefinition, attributes: string[]): Record<string, PropType> {
  const out: Record<string, PropType> = {};
  for (const k of attributes) {
    const t = layer.attributes[k].type;
    if (t === 'string' || t === 'enum') out[k] = 'string';
    else if (t === 'integer' || t === 'number') out[k] = 'number';
    else if (t === 'boolean' || t === 'datetime') out[k] = t;
  }
  out[GEOMETRY_QUERYABLE] = 'geometry';
  return out;
}

function one(name: string, v: unknown): string {
  if (typeof v !== 'string') throw badRequest(`query parameter "${name}" must be given once`, [{ field: name, message: 'repeated or malformed' }]);
  return v;
}

/** The filter of an items query as an SQL condition, or undefined when none is given. */
export function parseFilterParams(layer: LayerDefinition, attributes: string[], query: Record<string, unknown>): SqlCondition | undefined {
  let draft = false;
  if (query['filter-lang'] !== undefined) {
    const lang = one('filter-lang', query['filter-lang']);
    if (!(FILTER_LANGS as readonly string[]).includes(lang)) throw badRequest(`filter-lang "${lang.slice(0, 40)}" is not supported; use cql2-text`, [{ field: 'filter-lang', message: `one of ${FILTER_LANGS.join(', ')}` }]);
    draft = lang === 'cql-text';
  }
  // Geometry literals in another CRS are converted to CRS84 as they are read.
  const crs = query['filter-crs'] === undefined ? 'CRS84' : crsNamed('filter-crs', one('filter-crs', query['filter-crs']));
  const convert = toCrs84(crs);
  if (query.filter === undefined) {
    const orphan = ['filter-lang', 'filter-crs'].filter((k) => query[k] !== undefined);
    if (orphan.length) throw badRequest(`${orphan.join(' and ')} without a filter`, orphan.map((field) => ({ field, message: 'give a filter too' })));
    return undefined;
  }
  const text = one('filter', query.filter);
  try {
    return toSql(parseCql2(text, { properties: queryableTypes(layer, attributes), ...(convert ? { toCrs84: convert, crsName: crs } : {}), draft }));
  } catch (err) {
    if (err instanceof Cql2Error || err instanceof Cql2Refusal) throw filterError(err);
    throw err;
  }
}
