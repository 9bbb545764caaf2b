/** The tree a CQL2 text filter is read into; to-sql.ts turns it into a where clause. */

/** What a property holds, as far as a filter cares. */
export type PropType = 'string' | 'number' | 'boolean' | 'datetime' | 'geometry';

export type Literal =
  | { t: 'string'; value: string }
  | { t: 'number'; value: number }
  | { t: 'boolean'; value: boolean }
  /** TIMESTAMP('…') or DATE('…'), as an RFC 3339 instant (a date is its first instant, UTC). */
  | { t: 'timestamp'; value: string };

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';
export const SPATIAL_FUNCTIONS = ['S_INTERSECTS', 'S_WITHIN', 'S_CONTAINS', 'S_DISJOINT', 'S_EQUALS', 'S_TOUCHES', 'S_OVERLAPS', 'S_CROSSES'] as const;
export type SpatialFunction = (typeof SPATIAL_FUNCTIONS)[number];

/** A spatial operand: the layer's geometry, or a literal as WKT in CRS84 (longitude first). */
export type GeometryOperand = { g: 'property' } | { g: 'wkt'; wkt: string };

export type FilterNode =
  | { op: 'and' | 'or'; args: FilterNode[] }
  | { op: 'not'; arg: FilterNode }
  | { op: 'literal'; value: boolean }
  | { op: 'compare'; compare: CompareOp; property: string; value: Literal }
  | { op: 'like'; property: string; pattern: string; not: boolean; caseInsensitive?: boolean }
  | { op: 'between'; property: string; low: Literal; high: Literal; not: boolean }
  | { op: 'in'; property: string; values: Literal[]; not: boolean }
  | { op: 'isNull'; property: string; not: boolean }
  | { op: 'spatial'; fn: SpatialFunction; a: GeometryOperand; b: GeometryOperand };
