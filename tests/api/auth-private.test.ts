/**
 * Private attributes (those the layer registry marks private: the risk-site monitors' names and
 * phones) and the special needs of households (who cannot move alone, and who helps them)
 * appear in no anonymous answer: features, old versions, tiles, search, cards, analysis,
 * operations, errors. Staff see them.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
const SENTINEL_NAME = '监测员哨兵甲';
const SENTINEL_PHONE = '+86 139 0000 7777';
const SENTINEL_HELPER = '护送员哨兵乙';
const SENTINEL_HELPER_PHONE = '+86 139 0000 8888';
let privateValues: string[] = [];
let siteCodes: string[] = [];
let operationId = 0;
let needSiteId = 0;

beforeAll(async () => {
  ctx = await openTestApp();
  // Values found nowhere else, so that a hit can only be a leak.
  for (const id of [1, 2, 3]) {
    const site = (await request(ctx.app).get(`/ogc/collections/risk_sites/items/${id}`)).body;
    await request(ctx.app)
      .patch(`/ogc/collections/risk_sites/items/${id}`)
      .set('Authorization', `Bearer ${ctx.tokens.geohazard}`)
      .set('If-Match', `"v${site.properties.version}"`)
      .send({ properties: { monitor_name: SENTINEL_NAME, monitor_phone: SENTINEL_PHONE } })
      .expect(200);
  }
  const privateColumns = LAYERS.flatMap((l) => Object.entries(l.attributes).filter(([, a]) => a.private).map(([k]) => [l.table, k] as const));
  expect(privateColumns.length).toBeGreaterThan(0);
  for (const [table, column] of privateColumns) {
    const rows = (await ctx.db.knex(table).whereNotNull(column).distinct(column)) as Array<Record<string, string>>;
    // Phone numbers are distinctive; short personal names could collide with public place names.
    privateValues.push(...rows.map((r) => r[column]).filter((v) => /\d{5,}/.test(v.replace(/\D/g, '')) || v === SENTINEL_NAME));
  }
  // A household with someone who cannot move alone, in an evacuation operation.
  const site = (await ctx.db.knex('risk_sites').whereIn('grade', ['very_high', 'high', 'medium']).first('id', ctx.db.knex.raw('ST_X(geom) AS x, ST_Y(geom) AS y'))) as { id: number; x: number; y: number };
  needSiteId = site.id;
  await request(ctx.app).post(`/api/risk-sites/${site.id}/special-needs`).set('Authorization', `Bearer ${ctx.tokens.geohazard}`).send({ kind: 'disabled', persons: 1, helper_name: SENTINEL_HELPER, helper_phone: SENTINEL_HELPER_PHONE }).expect(201);
  const d = 0.01;
  const area = { type: 'Polygon', coordinates: [[[site.x - d, site.y - d], [site.x + d, site.y - d], [site.x + d, site.y + d], [site.x - d, site.y + d], [site.x - d, site.y - d]]] };
  operationId = (await request(ctx.app).post('/api/operations').set('Authorization', `Bearer ${ctx.tokens.duty}`).send({ area, hazard: 'geohazard', level: 'red' }).expect(201)).body.operation.id;
  privateValues = [...new Set([...privateValues, SENTINEL_NAME, SENTINEL_PHONE, SENTINEL_HELPER, SENTINEL_HELPER_PHONE])];
  siteCodes = ((await ctx.db.knex('risk_sites').whereIn('id', [1, 2, 3]).select('code')) as Array<{ code: string }>).map((r) => r.code);
});
afterAll(async () => ctx?.close());

/** Every public read a browser or script might make, as an anonymous caller. */
function publicUrls(): string[] {
  return [
    ...LAYERS.map((l) => `/ogc/collections/${l.id}/items?limit=10000`),
    '/ogc/collections/risk_sites/items/1',
    '/ogc/collections/risk_sites/items/1?version=1',
    '/ogc/collections/risk_sites/items/1?version=2',
    '/ogc/collections/risk_sites/items/1?version=3',
    '/ogc/collections/risk_sites/items?village=' + encodeURIComponent('x') + '&limit=5',
    '/ogc/collections/risk_sites/schema',
    '/ogc/collections/risk_sites/items?monitor_phone=' + encodeURIComponent(SENTINEL_PHONE),
    '/ogc/collections/risk_sites/items?monitor_name=' + encodeURIComponent(SENTINEL_NAME),
    '/api/risk-sites/1/gradings',
    // Parts of the values: a search echoes its query, which is the caller's own text.
    `/api/search?q=${encodeURIComponent('哨兵')}`,
    `/api/search?q=${encodeURIComponent('7777')}`,
    ...siteCodes.map((c) => `/api/cards/${encodeURIComponent(c)}`),
    '/api/analysis/nearest-shelter?lon=110.95&lat=22.36',
    '/api/analysis/catchments',
    '/api/analysis/coverage',
    '/api/indicators',
    '/api/history?collection=risk_sites&id=1',
    '/api/operations',
    `/api/operations/${operationId}`,
    `/api/operations/${operationId}/tasks`,
    `/api/operations/${operationId}/report?f=csv`,
    `/api/risk-sites/${needSiteId}/special-needs`,
    '/ogc/collections/shelters/items?limit=10000',
    '/ogc/collections/warnings/items',
    ...[[8, 208, 113], [10, 832, 454], [12, 3331, 1818], [14, 13325, 7272]].map(([z, x, y]) => `/tiles/onemap/${z}/${x}/${y}.mvt`),
  ];
}

describe('private attributes', () => {
  it('appear in no anonymous answer (including errors)', async () => {
    const answered: string[] = [];
    for (const url of publicUrls()) {
      const res = await request(ctx.app).get(url).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      const text = (res.body as Buffer).toString('utf8');
      for (const v of privateValues) {
        if (text.includes(v)) throw new Error(`GET ${url} (${res.status}) shows the private value "${v}" to the public`);
      }
      expect(res.status).toBeLessThan(500);
      if (res.status === 200) answered.push(url);
    }
    // The crawl reached the features, old versions and the risk-site reads at least.
    expect(answered).toEqual(expect.arrayContaining(['/ogc/collections/risk_sites/items?limit=10000', '/ogc/collections/risk_sites/items/1?version=2']));
  });

  it('are shown to signed-in staff (so the crawl above would have seen them)', async () => {
    const res = await request(ctx.app).get('/ogc/collections/risk_sites/items/1').set('Authorization', `Bearer ${ctx.tokens.planner}`).expect(200);
    expect(res.body.properties).toMatchObject({ monitor_name: SENTINEL_NAME, monitor_phone: SENTINEL_PHONE });
    const page = await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=10000').set('Authorization', `Bearer ${ctx.tokens.geohazard}`).expect(200);
    expect(JSON.stringify(page.body)).toContain(SENTINEL_PHONE);
    const tasks = await request(ctx.app).get(`/api/operations/${operationId}/tasks`).set('Authorization', `Bearer ${ctx.tokens.cadre}`).expect(200);
    expect(JSON.stringify(tasks.body)).toContain(SENTINEL_HELPER_PHONE);
  });

  it('are not cached for the public when served to staff', async () => {
    const res = await request(ctx.app).get('/ogc/collections/risk_sites/items/1').set('Authorization', `Bearer ${ctx.tokens.planner}`).expect(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const me = await request(ctx.app).get('/api/auth/me').set('Authorization', `Bearer ${ctx.tokens.planner}`).expect(200);
    expect(me.headers['cache-control']).toBe('private, no-store');
  });
});
