/**
 * A FilterNode as one SQL condition with placeholders: `??` for a column (a queryable's name,
 * which the parser checked against the layer registry) and `?` for every value, bound by knex.
 * The SQL text itself holds only fixed fragments written here.
 */
import type { FilterNode, GeometryOperand, Literal, SpatialFunction } from './ast.ts';
import type { SqlCondition } from '../../layers/repository.ts';

export type { SqlCondition };

/** CQL2's spatial functions and the PostGIS predicates with the same meaning (DE-9IM). */
const POSTGIS: Record<SpatialFunction, string> = {
  S_INTERSECTS: 'ST_Intersects',
  S_WITHIN: 'ST_Within',
  S_CONTAINS: 'ST_Contains',
  S_DISJOINT: 'ST_Disjoint',
  S_EQUALS: 'ST_Equals',
  S_TOUCHES: 'ST_Touches',
  S_OVERLAPS: 'ST_Overlaps',
  S_CROSSES: 'ST_Crosses',
};

export function toSql(node: FilterNode, geometryColumn = 'geom'): SqlCondition {
  const bindings: SqlCondition['bindings'] = [];
  const value = (l: Literal): string => {
    bindings.push(l.value);
    // A number is read as numeric, whatever the column: "-5e-324" or 1.5 against an integer column
    // compares as a number instead of failing the column's own input syntax.
    return l.t === 'timestamp' ? '?::timestamptz' : l.t === 'number' ? '?::numeric' : '?';
  };
  const column = (name: string): string => {
    bindings.push(name);
    return '??';
  };
  const geometry = (g: GeometryOperand): string => {
    if (g.g === 'property') return column(geometryColumn);
    bindings.push(g.wkt);
    // A literal that crosses itself is repaired rather than failing the query in GEOS.
    return 'ST_MakeValid(ST_GeomFromText(?, 4326))';
  };
  const walk = (n: FilterNode): string => {
    switch (n.op) {
      case 'and':
      case 'or':
        return `(${n.args.map(walk).join(n.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${walk(n.arg)})`;
      case 'literal':
        return n.value ? 'TRUE' : 'FALSE';
      case 'compare': {
        const c = column(n.property);
        return `(${c} ${n.compare} ${value(n.value)})`;
      }
      case 'like': {
        const c = column(n.property);
        bindings.push(n.pattern);
        // CQL2's wildcards (% and _) and escape (\) are those of SQL's LIKE.
        const like = n.caseInsensitive ? 'ILIKE' : 'LIKE';
        return `(${c}::text ${n.not ? `NOT ${like}` : like} ?)`;
      }
      case 'between': {
        const c = column(n.property);
        return `(${c} ${n.not ? 'NOT BETWEEN' : 'BETWEEN'} ${value(n.low)} AND ${value(n.high)})`;
      }
      case 'in': {
        const c = column(n.property);
        return `(${c} ${n.not ? 'NOT IN' : 'IN'} (${n.values.map(value).join(', ')}))`;
      }
      case 'isNull':
        return `(${column(n.property)} IS ${n.not ? 'NOT NULL' : 'NULL'})`;
      case 'spatial': {
        const a = geometry(n.a);
        return `${POSTGIS[n.fn]}(${a}, ${geometry(n.b)})`;
      }
    }
  };
  return { sql: walk(node), bindings };
}
