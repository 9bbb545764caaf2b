import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
let total: number;
beforeAll(async () => {
  ctx = await openTestApp();
  total = await sqlCount('TRUE');
});
afterAll(async () => ctx?.close());

const SITES = '/ogc/collections/risk_sites/items';

/** Live risk sites meeting a hand-written SQL condition (no values from the filter under test). */
async function sqlCount(condition: string): Promise<number> {
  const r = await ctx.db.knex.raw<{ rows: Array<{ n: string | number }> }>(`SELECT count(*) AS n FROM risk_sites WHERE deleted_at IS NULL AND (${condition})`);
  return Number(r.rows[0].n);
}

async function matched(filter: string, extra: Record<string, string> = {}): Promise<number> {
  const res = await request(ctx.app).get(SITES).query({ filter, limit: 1, ...extra });
  expect(res.status, `${filter}: ${res.text}`).toBe(200);
  return res.body.numberMatched as number;
}

async function refused(query: Record<string, string>, field: string, status = 400) {
  const res = await request(ctx.app).get(SITES).query(query);
  expect(res.status, res.text).toBe(status);
  expect(res.body.error.details.some((d: { field?: string }) => d.field === field), JSON.stringify(res.body)).toBe(true);
  return res.body.error as { code: string; message: string; details: Array<{ field?: string; position?: number }> };
}

describe('filter (CQL2 text) on the county sample, counted against SQL', () => {
  it('the sample has the mix the table below relies on', async () => {
    expect(total).toBeGreaterThan(100);
    expect(await sqlCount("grade = 'high'")).toBeGreaterThan(0);
    expect(await sqlCount('rectification_method IS NULL')).toBeGreaterThan(0);
    expect(await sqlCount('rectification_method IS NOT NULL')).toBeGreaterThan(0);
    expect(await sqlCount("village LIKE '%山村'")).toBeGreaterThan(0);
    expect(await sqlCount('ST_Intersects(geom, ST_MakeEnvelope(110.9, 22.3, 111.2, 22.5, 4326))')).toBeGreaterThan(0);
  });

  it.each([
    ["grade = 'high'", "grade = 'high'"],
    ["grade <> 'high'", "grade <> 'high'"],
    ['households < 3', 'households < 3'],
    ['households > 3', 'households > 3'],
    ['households <= 3', 'households <= 3'],
    ['households >= 3', 'households >= 3'],
    ['3 > households', 'households < 3'],
    ["village LIKE '%山村'", "village LIKE '%山村'"],
    ["code LIKE 'XP440983001-000_'", "code LIKE 'XP440983001-000_'"],
    ["village NOT LIKE '%山村'", "village NOT LIKE '%山村'"],
    ['residents BETWEEN 5 AND 10', 'residents BETWEEN 5 AND 10'],
    ['residents NOT BETWEEN 5 AND 10', 'residents NOT BETWEEN 5 AND 10'],
    ["grade IN ('high', 'very_high')", "grade IN ('high', 'very_high')"],
    ["grade NOT IN ('high', 'very_high')", "grade NOT IN ('high', 'very_high')"],
    ['households IN (3, 5, 6)', 'households IN (3, 5, 6)'],
    ['rectification_method IS NULL', 'rectification_method IS NULL'],
    ['rectification_method IS NOT NULL', 'rectification_method IS NOT NULL'],
    ["grade = 'high' AND households > 2", "grade = 'high' AND households > 2"],
    ["grade = 'high' OR households > 4", "grade = 'high' OR households > 4"],
    ["NOT (grade = 'high' OR households > 4)", "NOT (grade = 'high' OR households > 4)"],
    ["(grade = 'low' OR grade = 'medium') AND NOT rectification_method IS NULL", "(grade = 'low' OR grade = 'medium') AND rectification_method IS NOT NULL"],
    ["rectification_status = 'completed'", "rectification_status = 'completed'"],
    ['S_INTERSECTS(geometry, BBOX(110.9, 22.3, 111.2, 22.5))', 'ST_Intersects(geom, ST_MakeEnvelope(110.9, 22.3, 111.2, 22.5, 4326))'],
    ['S_WITHIN(geometry, POLYGON((110.9 22.3, 111.2 22.3, 111.2 22.5, 110.9 22.3)))', "ST_Within(geom, ST_GeomFromText('POLYGON((110.9 22.3, 111.2 22.3, 111.2 22.5, 110.9 22.3))', 4326))"],
    ['NOT S_INTERSECTS(geometry, BBOX(110.9, 22.3, 111.2, 22.5))', 'NOT ST_Intersects(geom, ST_MakeEnvelope(110.9, 22.3, 111.2, 22.5, 4326))'],
    ["S_INTERSECTS(geometry, BBOX(110.9, 22.3, 111.2, 22.5)) AND grade IN ('high', 'very_high')", "ST_Intersects(geom, ST_MakeEnvelope(110.9, 22.3, 111.2, 22.5, 4326)) AND grade IN ('high', 'very_high')"],
  ])('%s', async (filter, condition) => {
    const expected = await sqlCount(condition);
    expect(await matched(filter)).toBe(expected);
  });

  it('a filter that every or no feature meets, and a point on a known site', async () => {
    expect(await matched('households > 0')).toBe(total);
    expect(await matched("grade = 'no such grade'")).toBe(0);
    const site = (await ctx.db.knex('risk_sites').whereNull('deleted_at').orderBy('id').first('id', ctx.db.knex.raw('ST_X(geom) AS x'), ctx.db.knex.raw('ST_Y(geom) AS y'))) as { id: number; x: number; y: number };
    const res = await request(ctx.app).get(SITES).query({ filter: `S_INTERSECTS(geometry, POINT(${site.x} ${site.y}))` }).expect(200);
    expect(res.body.features.map((f: { id: number }) => f.id)).toContain(site.id);
    // EPSG:4326 reads the same point latitude first.
    const latLon = await request(ctx.app).get(SITES).query({ filter: `S_INTERSECTS(geometry, POINT(${site.y} ${site.x}))`, 'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/4326' }).expect(200);
    expect(latLon.body.numberMatched).toBe(res.body.numberMatched);
  });

  it('filter-crs EPSG:3857: a BBOX in Web Mercator metres matches the same box in degrees', async () => {
    // Worked out by the spherical Mercator formula (R = 6378137 m).
    const R = 6378137;
    const m = (lon: number, lat: number) => `${(R * lon * Math.PI) / 180}, ${R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))}`;
    const expected = await sqlCount('ST_Intersects(geom, ST_MakeEnvelope(110.9, 22.3, 111.2, 22.5, 4326))');
    expect(await matched(`S_INTERSECTS(geometry, BBOX(${m(110.9, 22.3)}, ${m(111.2, 22.5)}))`, { 'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/3857' })).toBe(expected);
    expect(await matched('S_INTERSECTS(geometry, BBOX(22.3, 110.9, 22.5, 111.2))', { 'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/4490' })).toBe(expected);
  });

  it('timestamps compare with the time attributes (warnings.expires)', async () => {
    const warnings = Number((await ctx.db.knex('warnings').whereNull('deleted_at').where('expires', '>', '2000-01-01T00:00:00Z').count({ n: '*' }))[0].n);
    // Staff see every warning (the public only those still in force).
    const res = await request(ctx.app).get('/ogc/collections/warnings/items').set('Authorization', `Bearer ${ctx.tokens.duty}`).query({ filter: "expires > TIMESTAMP('2000-01-01T00:00:00Z')", limit: 1 }).expect(200);
    expect(res.body.numberMatched).toBe(warnings);
    const none = await request(ctx.app).get('/ogc/collections/warnings/items').set('Authorization', `Bearer ${ctx.tokens.duty}`).query({ filter: "expires < DATE('2000-01-01')", limit: 1 }).expect(200);
    expect(none.body.numberMatched).toBe(0);
  });

  it('a time attribute as an equality parameter takes an RFC 3339 instant and refuses anything else', async () => {
    const row = await ctx.db.knex('warnings').whereNull('deleted_at').whereNotNull('expires').first('expires');
    const get = (expires: string) => request(ctx.app).get('/ogc/collections/warnings/items').set('Authorization', `Bearer ${ctx.tokens.duty}`).query({ expires, limit: 1 });
    for (const bad of ['0', '2024-02-30T00:00:00Z', 'tomorrow', '0000-01-01T00:00:00Z']) {
      const res = await get(bad);
      expect(res.status, `${bad}: ${res.text}`).toBe(400);
      expect(res.body.error.details[0].field).toBe('expires');
    }
    if (row) {
      const at = new Date(row.expires as string | Date).toISOString();
      const same = await get(at).expect(200);
      expect(same.body.numberMatched).toBeGreaterThan(0);
      for (const f of same.body.features) expect(new Date(f.properties.expires).toISOString()).toBe(at);
    }
  });

  it('combines with bbox, the equality parameters and paging, and the next link keeps the filter', async () => {
    const expected = await sqlCount("grade IN ('high', 'very_high') AND households > 3 AND rectification_status = 'not_started'");
    const res = await request(ctx.app).get(SITES).query({ filter: "grade IN ('high','very_high') AND households > 3", rectification_status: 'not_started', limit: 2 }).expect(200);
    expect(res.body.numberMatched).toBe(expected);
    if (expected > 2) expect(res.body.links.find((l: { rel: string }) => l.rel === 'next').href).toContain('filter=');
    for (const f of res.body.features) {
      expect(['high', 'very_high']).toContain(f.properties.grade);
      expect(f.properties.households).toBeGreaterThan(3);
    }
  });

  it('filters a file export too', async () => {
    const expected = await sqlCount("grade = 'high'");
    const res = await request(ctx.app).get(SITES).query({ filter: "grade = 'high'", f: 'csv' }).expect(200);
    expect(res.text.trim().split('\n').length - 1).toBe(expected);
  });
});

describe('refusals', () => {
  it('bad syntax is a 400 naming the character and what was expected', async () => {
    const e = await refused({ filter: "grade = 'high' AND" }, 'filter');
    expect(e.code).toBe('bad_request');
    expect(e.message).toBe('filter: at character 19: expected a property name or a literal (string, number, TRUE/FALSE, TIMESTAMP, DATE), found the end of the filter');
    expect(e.details[0].position).toBe(19);
    expect((await refused({ filter: 'households >> 3' }, 'filter')).message).toContain('at character 13');
  });

  it('an unknown or private property is named', async () => {
    expect((await refused({ filter: "nope = 'x'" }, 'filter')).message).toContain('unknown property "nope"');
    expect((await refused({ filter: "monitor_phone = '1'" }, 'filter')).message).toContain('unknown property "monitor_phone"');
  });

  it('filter-lang other than cql2-text, and an unsupported filter-crs, are named', async () => {
    expect((await refused({ filter: '{"op":"="}', 'filter-lang': 'cql2-json' }, 'filter-lang')).message).toContain('"cql2-json"');
    expect((await refused({ filter: 'households > 1', 'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/2383' }, 'filter-crs')).message).toContain('EPSG/0/2383');
    await refused({ 'filter-lang': 'cql2-text' }, 'filter-lang');
    // The draft name older GDAL sends is read the same way.
    expect(await matched("village ILIKE '%山村'", { 'filter-lang': 'cql-text' })).toBe(await sqlCount("village LIKE '%山村'"));
    expect(await matched('households > 0', { 'filter-lang': 'cql2-text', 'filter-crs': 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' })).toBe(total);
  });

  it('caps: a filter over 8 KB is a 413; too deep a 400', async () => {
    const e = await refused({ filter: `village = '${'a'.repeat(9000)}'` }, 'filter', 413);
    expect(e.message).toContain('longer than 8192');
    expect((await refused({ filter: `${'NOT '.repeat(30)}households > 1` }, 'filter')).message).toContain('cap on nesting');
  });
});

describe('injection attempts are harmless', () => {
  it.each([
    "village = 'x'' OR 1=1 --'",
    "village = 'x''); DROP TABLE risk_sites; --'",
    '"; DROP TABLE risk_sites',
    "village = 'a' ; DROP TABLE risk_sites",
    'households > 1; DELETE FROM risk_sites',
    "\"village\"\" = '' OR 1=1 --\" = 'x'",
    "S_INTERSECTS(geometry, POINT(1 2)); DROP TABLE risk_sites",
    "code LIKE '%'' OR ''1''=''1'",
    "village = 'a\u0000b'",
    "village = '\ud800'",
    'households > 1e400',
    `S_INTERSECTS(geometry, POINT(${'1'.repeat(400)} 2))`,
  ])('%s', async (filter) => {
    const res = await request(ctx.app).get(SITES).query({ filter, limit: 1 });
    expect([200, 400]).toContain(res.status);
    if (res.status === 200) expect(res.body.numberMatched).toBe(0);
    expect(await sqlCount('TRUE')).toBe(total);
  });
});

describe('discovery', () => {
  it('conformance claims the filter classes', async () => {
    const c = (await request(ctx.app).get('/ogc/conformance').expect(200)).body.conformsTo as string[];
    expect(c).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
      'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
      'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
    ]));
    // Not implemented, so not claimed.
    for (const no of ['cql2-json', 'property-property', 'case-insensitive-comparison', 'temporal-functions', 'array-functions', 'arithmetic']) {
      expect(c.some((u) => u.endsWith(`/cql2/1.0/conf/${no}`)), no).toBe(false);
    }
  });

  it('the OpenAPI document declares filter, filter-lang and filter-crs on every items path', async () => {
    const doc = JSON.parse((await request(ctx.app).get('/ogc/api').expect(200)).text) as { paths: Record<string, { get?: { parameters?: Array<{ $ref?: string }> } }>; components: { parameters: Record<string, { name: string }> } };
    for (const name of ['filter', 'filter-lang', 'filter-crs']) expect(doc.components.parameters[name].name).toBe(name);
    const items = Object.entries(doc.paths).filter(([p]) => /^\/collections\/[^/]+\/items$/.test(p));
    expect(items.length).toBeGreaterThan(0);
    for (const [, op] of items) expect(op.get!.parameters!.map((p) => p.$ref)).toContain('#/components/parameters/filter');
  });

  it('the queryables list the geometry for the spatial functions', async () => {
    const q = JSON.parse((await request(ctx.app).get('/ogc/collections/risk_sites/queryables').expect(200)).text) as { properties: Record<string, Record<string, unknown>> };
    expect(q.properties.geometry).toEqual({ 'x-ogc-role': 'primary-geometry', format: 'geometry-point' });
    expect(q.properties.households).toMatchObject({ type: 'integer' });
  });
});
