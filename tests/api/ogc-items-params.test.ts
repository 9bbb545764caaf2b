import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
let total: number;
let A: number;
let B: number;
beforeAll(async () => {
  ctx = await openTestApp();
  // Two shelters with known times; every other feature keeps the time the sample was loaded.
  [A, B] = (await ctx.db.knex('shelters').orderBy('id').limit(2).pluck('id')) as number[];
  await ctx.db.knex('shelters').where({ id: A }).update({ updated_at: '2020-03-01T10:00:00Z' });
  await ctx.db.knex('shelters').where({ id: B }).update({ updated_at: '2020-03-05T23:30:00Z' });
  total = (await request(ctx.app).get(`${SHELTERS}?limit=1`).expect(200)).body.numberMatched as number;
});
afterAll(async () => ctx?.close());

const SHELTERS = '/ogc/collections/shelters/items';
const SITES = '/ogc/collections/risk_sites/items';
const bearer = () => `Bearer ${ctx.tokens.geohazard}`;

type Page = { numberMatched: number; features: Array<{ id: number; geometry: unknown; properties: Record<string, unknown> }>; links: Array<{ rel: string; href: string }> };
const ids = async (query: string): Promise<number[]> => ((await request(ctx.app).get(`${SHELTERS}?limit=10000&${query}`).expect(200)).body as Page).features.map((f) => f.id);

async function refused(url: string, field: string, mentions?: string) {
  const res = await request(ctx.app).get(url).expect(400);
  expect(res.body.error.code).toBe('bad_request');
  expect(res.body.error.details.some((d: { field?: string }) => d.field === field), JSON.stringify(res.body)).toBe(true);
  if (mentions) expect(res.body.error.message).toContain(mentions);
}

describe('datetime (instants and intervals on updated_at)', () => {
  it('an instant matches that moment; a date matches that whole day', async () => {
    expect(await ids('datetime=2020-03-01T10:00:00Z')).toEqual([A]);
    expect(await ids('datetime=2020-03-01T18:00:00%2B08:00')).toEqual([A]);
    expect(await ids('datetime=2020-03-01t10:00:00z')).toEqual([A]);
    expect(await ids('datetime=2020-03-01')).toEqual([A]);
    expect(await ids('datetime=2020-03-02')).toEqual([]);
  });

  it('intervals are closed, and either end may be open', async () => {
    expect(await ids('datetime=2020-02-01/2020-03-04')).toEqual([A]);
    expect(await ids('datetime=2020-03-01T10:00:00Z/2020-03-05T23:30:00Z')).toEqual([A, B]);
    expect(await ids('datetime=../2020-03-05')).toEqual([A, B]);
    expect(await ids('datetime=/2020-03-05T23:29:59Z')).toEqual([A]);
    const after = (await request(ctx.app).get(`${SHELTERS}?datetime=2020-03-02/..&limit=1`).expect(200)).body as Page;
    expect(after.numberMatched).toBe(total - 1);
    // The next page keeps the filter.
    expect(after.links.find((l) => l.rel === 'next')?.href).toContain('datetime=2020-03-02%2F..');
  });

  it('refuses what is not RFC 3339 with a 400 naming datetime, and nothing reaches SQL', async () => {
    for (const bad of ['yesterday', '2020-13-01', '2020-02-30', '2020-03-01T25:00:00Z', '2020-03-01T10:00:00', '2020-03-05/2020-03-01', 'a/b/c', '..', '0000-01-01T00:00:00Z', '9999-12-31T23:00:00-05:00', "2020-01-01'; DROP TABLE shelters;--"]) {
      await refused(`${SHELTERS}?datetime=${encodeURIComponent(bad)}`, 'datetime');
    }
    expect(await ids('datetime=2020-03-01')).toEqual([A]);
  });
});

describe('skipGeometry', () => {
  it('true leaves the geometry out (null), false keeps it; anything else is a 400', async () => {
    const page = (await request(ctx.app).get(`${SHELTERS}?skipGeometry=true&limit=5`).expect(200)).body as Page;
    expect(page.features).toHaveLength(5);
    for (const f of page.features) expect(f.geometry).toBeNull();
    const kept = (await request(ctx.app).get(`${SHELTERS}?skipGeometry=false&limit=1`).expect(200)).body as Page;
    expect(kept.features[0].geometry).toMatchObject({ type: 'Point' });
    await refused(`${SHELTERS}?skipGeometry=yes`, 'skipGeometry');
  });
});

describe('properties (selection)', () => {
  it('gives only the named properties, in that order', async () => {
    const page = (await request(ctx.app).get(`${SHELTERS}?properties=name,capacity&limit=3`).expect(200)).body as Page;
    for (const f of page.features) expect(Object.keys(f.properties)).toEqual(['name', 'capacity']);
  });

  it('refuses an unknown name, naming it; private attributes and updated_by are unknown to the public', async () => {
    await refused(`${SHELTERS}?properties=name,nope`, 'properties', '"nope"');
    await refused(`${SITES}?properties=code,monitor_phone`, 'properties', '"monitor_phone"');
    await refused(`${SITES}?properties=updated_by`, 'properties', '"updated_by"');
    const staff = (await request(ctx.app).get(`${SITES}?properties=code,monitor_phone,updated_by&limit=1`).set('Authorization', bearer()).expect(200)).body as Page;
    expect(Object.keys(staff.features[0].properties)).toEqual(['code', 'monitor_phone', 'updated_by']);
  });
});

describe('sortby', () => {
  it('orders by attributes, - descending and + (or nothing) ascending, the id breaking ties', async () => {
    const page = (await request(ctx.app).get(`${SHELTERS}?sortby=-capacity,%2Bcode&limit=10000`).expect(200)).body as Page;
    const caps = page.features.map((f) => f.properties.capacity as number);
    expect(caps).toEqual([...caps].sort((a, b) => b - a));
    for (let i = 1; i < page.features.length; i++) {
      const [a, b] = [page.features[i - 1].properties, page.features[i].properties];
      if (a.capacity === b.capacity) expect(String(a.code) <= String(b.code)).toBe(true);
    }
    // A literal + in a query string decodes to a space: still ascending.
    const asc = (await request(ctx.app).get(`${SHELTERS}?sortby=+capacity&limit=10000`).expect(200)).body as Page;
    const ascCaps = asc.features.map((f) => f.properties.capacity as number);
    expect(ascCaps).toEqual([...ascCaps].sort((a, b) => a - b));
    expect(ascCaps[0]).toBeLessThan(caps[0]);
  });

  it('refuses unknown attributes (naming them), lists and maps, and files', async () => {
    await refused(`${SHELTERS}?sortby=-nope`, 'sortby', '"nope"');
    await refused(`${SHELTERS}?sortby=facilities`, 'sortby', '"facilities"');
    await refused(`${SHELTERS}?sortby=${encodeURIComponent('capacity;DROP TABLE shelters')}`, 'sortby');
    await refused(`${SHELTERS}?sortby=capacity&f=csv`, 'sortby');
  });
});

describe('GET /ogc/api', () => {
  it('documents datetime, skipGeometry, properties and sortby on every collection’s items, and the queryables', async () => {
    const doc = JSON.parse((await request(ctx.app).get('/ogc/api').expect(200)).text);
    const refs = (doc.paths['/collections/shelters/items'].get.parameters as Array<{ $ref?: string }>).map((p) => p.$ref);
    for (const name of ['datetime', 'skipGeometry', 'properties', 'sortby']) {
      expect(refs).toContain(`#/components/parameters/${name}`);
      expect(doc.components.parameters[name].in).toBe('query');
    }
    expect(doc.paths['/collections/shelters/queryables'].get.responses['200'].content['application/schema+json']).toBeDefined();
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });
});

describe('equality filters on number attributes', () => {
  it('a whole number for an integer attribute; anything the column cannot hold is a 400 naming it, never a 500', async () => {
    const capacity = Number((await ctx.db.knex('shelters').whereNull('deleted_at').orderBy('id').first('capacity')).capacity);
    const expected = Number((await ctx.db.knex('shelters').whereNull('deleted_at').where({ capacity }).count({ n: '*' }))[0].n);
    const res = await request(ctx.app).get(`${SHELTERS}?capacity=${capacity}&limit=1`).expect(200);
    expect(res.body.numberMatched).toBe(expected);
    for (const bad of ['-5e-324', '', '1.5', '1e3', '99999999999', 'ten']) {
      const refused = await request(ctx.app).get(`${SHELTERS}?capacity=${encodeURIComponent(bad)}`).expect(400);
      expect(refused.body.error.details[0].field).toBe('capacity');
    }
  });
});

describe('numbers in a CQL2 filter', () => {
  it('compare as numbers against an integer attribute: a fraction or a tiny number matches what it should, never a 500', async () => {
    const capacity = Number((await ctx.db.knex('shelters').whereNull('deleted_at').orderBy('id').first('capacity')).capacity);
    const count = async (filter: string) => (await request(ctx.app).get(SHELTERS).query({ filter, limit: 1 }).expect(200)).body.numberMatched as number;
    expect(await count('capacity = -5e-324')).toBe(0);
    expect(await count(`capacity = ${capacity}.5`)).toBe(0);
    expect(await count(`capacity < ${capacity}.5 AND capacity > ${capacity - 0.5}`)).toBe(await count(`capacity = ${capacity}`));
    expect(await count('capacity < 99999999999')).toBe(total);
  });
});
