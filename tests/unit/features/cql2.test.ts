import { describe, expect, it } from 'vitest';
import { FILTER_CAPS, parseCql2 } from '../../../server/features/cql2/parse.ts';
import { toSql } from '../../../server/features/cql2/to-sql.ts';
import { Cql2Error, Cql2Refusal } from '../../../server/features/cql2/errors.ts';
import { HttpError } from '../../../server/http/errors.ts';
import type { PropType } from '../../../server/features/cql2/ast.ts';

const properties: Record<string, PropType> = { grade: 'string', name: 'string', households: 'number', closed: 'boolean', expires: 'datetime', geometry: 'geometry' };
const sql = (text: string, latLon = false) => toSql(parseCql2(text, { properties, ...(latLon ? { toCrs84: (p: number[]) => [p[1], p[0]], crsName: 'EPSG:4326' } : {}) }));

/** The error a filter raises: its kind, 1-based position and message. */
function failure(text: string): { kind: string; position?: number; message: string } {
  try {
    parseCql2(text, { properties });
  } catch (err) {
    if (err instanceof Cql2Error) return { kind: 'syntax', position: err.at + 1, message: err.message };
    if (err instanceof Cql2Refusal) return { kind: 'refused', position: err.at === undefined ? undefined : err.at + 1, message: err.message };
    if (err instanceof HttpError) return { kind: `http ${err.status}`, message: err.message };
    throw err;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('CQL2 text → SQL condition (values only as bindings)', () => {
  it.each([
    ["grade = 'high'", '(?? = ?)', ['grade', 'high']],
    ["'high' = grade", '(?? = ?)', ['grade', 'high']],
    ['households <> 3', '(?? <> ?::numeric)', ['households', 3]],
    ['households<3', '(?? < ?::numeric)', ['households', 3]],
    ['3 < households', '(?? > ?::numeric)', ['households', 3]],
    ['households >= -2.5e1', '(?? >= ?::numeric)', ['households', -25]],
    ['households <= 7', '(?? <= ?::numeric)', ['households', 7]],
    ['closed = TRUE', '(?? = ?)', ['closed', true]],
    ["\"grade\" = 'it''s'", '(?? = ?)', ['grade', "it's"]],
    ["name LIKE 'Shi%_'", '(??::text LIKE ?)', ['name', 'Shi%_']],
    ["name not like 'a%'", '(??::text NOT LIKE ?)', ['name', 'a%']],
    ['households BETWEEN 2 AND 5', '(?? BETWEEN ?::numeric AND ?::numeric)', ['households', 2, 5]],
    ['households NOT BETWEEN 2 AND 5', '(?? NOT BETWEEN ?::numeric AND ?::numeric)', ['households', 2, 5]],
    ["grade IN ('high', 'very_high')", '(?? IN (?, ?))', ['grade', 'high', 'very_high']],
    ['households NOT IN (1)', '(?? NOT IN (?::numeric))', ['households', 1]],
    ['name IS NULL', '(?? IS NULL)', ['name']],
    ['name is not null', '(?? IS NOT NULL)', ['name']],
    ["expires > TIMESTAMP('2024-06-01T08:00:00+08:00')", '(?? > ?::timestamptz)', ['expires', '2024-06-01T00:00:00.000Z']],
    ["expires < DATE('2024-06-02')", '(?? < ?::timestamptz)', ['expires', '2024-06-02T00:00:00.000Z']],
    ["grade = 'high' AND households > 3 OR name IS NULL", '(((?? = ?) AND (?? > ?::numeric)) OR (?? IS NULL))', ['grade', 'high', 'households', 3, 'name']],
    ["grade = 'high' AND (households > 3 OR name IS NULL)", '((?? = ?) AND ((?? > ?::numeric) OR (?? IS NULL)))', ['grade', 'high', 'households', 3, 'name']],
    ["NOT grade = 'low'", '(NOT (?? = ?))', ['grade', 'low']],
    ['TRUE', 'TRUE', []],
    ['S_INTERSECTS(geometry, POINT(114.5 22.5))', 'ST_Intersects(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'POINT(114.5 22.5)']],
    ['s_within(geometry, BBOX(114, 22, 115, 23))', 'ST_Within(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'POLYGON((114 22, 115 22, 115 23, 114 23, 114 22))']],
    ['S_CONTAINS(POLYGON((0 0, 1 0, 1 1, 0 0)), geometry)', 'ST_Contains(ST_MakeValid(ST_GeomFromText(?, 4326)), ??)', ['POLYGON((0 0, 1 0, 1 1, 0 0))', 'geom']],
    ['S_INTERSECTS(geometry, MULTIPOINT((1 2), (3 4)))', 'ST_Intersects(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'MULTIPOINT((1 2), (3 4))']],
    ['S_INTERSECTS(geometry, MULTIPOINT(1 2, 3 4))', 'ST_Intersects(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'MULTIPOINT(1 2, 3 4)']],
    ['S_INTERSECTS(geometry, MULTILINESTRING((1 2, 3 4), (5 6, 7 8)))', 'ST_Intersects(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'MULTILINESTRING((1 2, 3 4), (5 6, 7 8))']],
    ['S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))))', 'ST_Intersects(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))']],
    ['S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1)))', 'ST_Intersects(??, ST_MakeValid(ST_GeomFromText(?, 4326)))', ['geom', 'GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))']],
  ] as const)('%s', (text, expectedSql, bindings) => {
    const c = sql(text);
    expect(c.sql).toBe(expectedSql);
    expect(c.bindings).toEqual(bindings);
  });

  it('with EPSG:4326 as filter-crs, geometry literals are read latitude first', () => {
    expect(sql('S_INTERSECTS(geometry, POINT(22.5 114.5))', true).bindings).toEqual(['geom', 'POINT(114.5 22.5)']);
    expect(sql('S_WITHIN(geometry, BBOX(22, 114, 23, 115))', true).bindings).toEqual(['geom', 'POLYGON((114 22, 115 22, 115 23, 114 23, 114 22))']);
  });

  it('the draft cql-text (GDAL up to 3.6) also takes ILIKE and a time as a quoted string; cql2-text does not', () => {
    const draft = (text: string) => toSql(parseCql2(text, { properties, draft: true }));
    expect(draft("name ILIKE 'a%'")).toEqual({ sql: '(??::text ILIKE ?)', bindings: ['name', 'a%'] });
    expect(draft("expires > '2024-06-01T08:00:00Z'")).toEqual({ sql: '(?? > ?::timestamptz)', bindings: ['expires', '2024-06-01T08:00:00.000Z'] });
    expect(draft("expires > '2024-06-01'").bindings).toEqual(['expires', '2024-06-01T00:00:00.000Z']);
    expect(() => draft("expires > 'soon'")).toThrow(/is not an RFC 3339 instant/);
    expect(failure("name ILIKE 'a%'")).toMatchObject({ kind: 'syntax', position: 6 });
  });

  it('keeps hostile text as a bound value, never in the SQL', () => {
    const c = sql("name = 'x'' OR 1=1 --'");
    expect(c.sql).toBe('(?? = ?)');
    expect(c.bindings).toEqual(['name', "x' OR 1=1 --"]);
  });
});

describe('CQL2 errors name the position (1-based character) and what was expected', () => {
  it.each([
    ["grade = 'high' AND", 19, 'expected a property name or a literal'],
    ["grade == 'high'", 8, 'expected a property name or a literal'],
    ["grade 'high'", 7, 'expected a comparison operator, LIKE, BETWEEN, IN or IS [NOT] NULL'],
    ["(grade = 'high'", 16, 'expected ")" or AND/OR'],
    ["grade = 'high')", 15, 'closes nothing'],
    ["grade = 'high", 9, "expected a closing '"],
    ["grade = 'a' ; DROP TABLE risk_sites", 13, 'found ";"'],
    ['"; DROP TABLE risk_sites', 1, 'expected a closing "'],
    ['households BETWEEN 1 5', 22, 'expected AND'],
    ["grade IN ('a' 'b')", 15, 'expected "," or ")" in the IN list'],
    ['name IS NOT', 12, 'expected NULL'],
    ['S_INTERSECTS(geometry POINT(1 2))', 23, 'expected "," between the two geometries'],
    ['S_INTERSECTS(geometry, POINT(1))', 31, 'expected a coordinate'],
    ['S_INTERSECTS(geometry, CIRCLE(1 2))', 24, 'expected a geometry'],
    ['households > 1 grade', 16, 'expected AND, OR or the end of the filter'],
    ['', 1, 'found the end of the filter'],
  ])('%s → character %i', (text, position, message) => {
    const f = failure(text);
    expect(f.kind).toBe('syntax');
    expect(f.position).toBe(position);
    expect(f.message).toContain(message);
    expect(f.message).toContain(`at character ${position}:`);
  });

  it.each([
    ["monitor_phone = '1'", 1, 'unknown property "monitor_phone"'],
    ["households = 'many'", 14, '"households" holds numbers, not a string'],
    ['grade = 3', 9, '"grade" holds strings, not a number'],
    ["expires > '2024-01-01'", 11, 'holds TIMESTAMP or DATEs'],
    ['households LIKE 3', 12, 'LIKE compares strings'],
    ["grade BETWEEN 'a' AND 'b'", 7, 'BETWEEN compares numbers'],
    ["geometry = 'x'", 12, 'is a geometry'],
    ['households = households', 1, 'one property and one literal'],
    ['S_INTERSECTS(households, POINT(1 2))', 14, 'is not the geometry'],
    ['S_INTERSECTS(geometry, POINT(200 2))', 30, 'not on the globe'],
    ['S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))', 32, 'must end where it starts'],
    ['S_INTERSECTS(geometry, BBOX(2, 0, 1, 1))', 24, 'BBOX must be west, south, east, north'],
    ["expires > TIMESTAMP('2024-02-30T00:00:00Z')", 21, 'is not an RFC 3339 instant'],
    ["expires > DATE('yesterday')", 16, 'is not a date'],
    ["CASEI(name) = 'a'", 1, 'unknown function "CASEI"'],
  ])('%s is refused at character %i', (text, position, message) => {
    const f = failure(text);
    expect(f.kind).toBe('refused');
    expect(f.position).toBe(position);
    expect(f.message).toContain(message);
  });
});

describe('caps, checked before the work', () => {
  it('length', () => {
    const f = failure(`name = '${'a'.repeat(FILTER_CAPS.length)}'`);
    expect(f.kind).toBe('http 413');
    expect(f.message).toContain(`longer than ${FILTER_CAPS.length} characters`);
  });

  it('nesting', () => {
    const ok = `${'('.repeat(FILTER_CAPS.depth)}households = 1${')'.repeat(FILTER_CAPS.depth)}`;
    expect(sql(ok).sql).toBe('(?? = ?::numeric)');
    const f = failure(`${'NOT '.repeat(FILTER_CAPS.depth + 1)}households = 1`);
    expect(f.kind).toBe('refused');
    expect(f.message).toContain('the cap on nesting');
    expect(failure(`${'('.repeat(FILTER_CAPS.depth + 1)}households = 1${')'.repeat(FILTER_CAPS.depth + 1)}`).message).toContain('the cap on nesting');
  });

  it('nodes', () => {
    const list = Array.from({ length: FILTER_CAPS.nodes }, (_, i) => i).join(',');
    const f = failure(`households IN (${list})`);
    expect(f.kind).toBe('refused');
    expect(f.message).toContain('the cap on nodes');
    const chain = Array.from({ length: FILTER_CAPS.nodes }, () => 'households=1').join(' OR ');
    expect(failure(chain).message).toContain('the cap on nodes');
  });

  it('positions', () => {
    const line = (n: number) => Array.from({ length: n }, (_, i) => `${i % 2} ${i % 3}`).join(',');
    expect(sql(`S_INTERSECTS(geometry, LINESTRING(${line(FILTER_CAPS.positions)}))`).bindings).toHaveLength(2);
    const f = failure(`S_INTERSECTS(geometry, LINESTRING(${line(FILTER_CAPS.positions + 1)}))`);
    expect(f.kind).toBe('refused');
    expect(f.message).toContain('the cap on positions');
  });
});
