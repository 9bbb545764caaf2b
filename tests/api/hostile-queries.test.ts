/**
 * Generated hostile query parameters and paths at the read routes: bbox, limit, offset,
 * filters, versions, history queries, tile coordinates. Never a 5xx, a 4xx always explains
 * itself, and reading changes nothing.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { fingerprint } from '../helpers/sample.ts';

let ctx: TestContext;
let before: Record<string, string>;
const TABLES = ['towns', 'villages', 'risk_sites', 'shelters', 'depots', 'hazard_zones', 'risk_site_gradings', 'feature_history'];
beforeAll(async () => {
  ctx = await openTestApp();
  before = await fingerprint(ctx.db.knex, TABLES);
});
afterAll(async () => {
  expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  await ctx?.close();
});

const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

const SQL_AND_SCRIPT = ["' OR '1'='1", '1;DROP TABLE shelters', '<script>alert(1)</script>', '%00', '\u0000', '../../etc/passwd', '${7*7}', '1 UNION SELECT monitor_phone FROM risk_sites'];
const junk = fc.oneof(fc.constantFrom(...SQL_AND_SCRIPT), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const number = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '0x10', '1e-400', '-0', '', ' ', '1_000', '١٢٣', '9'.repeat(400)),
).map(String);
const value = fc.oneof(number, junk);

/** Encodes a query the way a client may: values percent-encoded, possibly repeated. */
function query(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

async function get(url: string, auth = false): Promise<void> {
  let r = request(ctx.app).get(url);
  if (auth) r = r.set('Authorization', `Bearer ${ctx.tokens.admin}`);
  const res = await r;
  if (res.status >= 500) throw new Error(`GET ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400) {
    expect(res.headers['content-type']).toMatch(/json/);
    expect(String(res.body.error?.message ?? '').length).toBeGreaterThan(3);
  }
}

const layerId = fc.constantFrom(...LAYERS.map((l) => l.id));
const filterNames = (id: string) => Object.entries(LAYERS.find((l) => l.id === id)!.attributes).map(([k]) => k);

describe('hostile query parameters', () => {
  it('items: bbox, datetime, limit, offset, f, properties, skipGeometry, sortby and filters', async () => {
    const bbox = fc.oneof(
      fc.array(number, { minLength: 0, maxLength: 7 }).map((a) => a.join(',')),
      junk,
      fc.tuple(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true })).map((a) => a.join(',')),
    );
    const params = layerId.chain((id) =>
      fc.tuple(
        fc.constant(id),
        fc.array(
          fc.oneof(
            bbox.map((v) => ['bbox', v] as [string, string]),
            value.map((v) => ['limit', v] as [string, string]),
            value.map((v) => ['offset', v] as [string, string]),
            value.map((v) => ['f', v] as [string, string]),
            value.map((v) => ['bbox-crs', v] as [string, string]),
            fc.oneof(value, fc.constantFrom('0000-01-01', '9999-12-31', '9999-12-31T23:59:59-23:59', '2024-01-01/..', '../2024-01-01T00:00:00Z')).map((v) => ['datetime', v] as [string, string]),
            value.map((v) => ['skipGeometry', v] as [string, string]),
            fc.oneof(value, fc.constantFrom(...filterNames(id)).map((k) => `-${k}`)).map((v) => ['sortby', v] as [string, string]),
            fc.oneof(value, fc.constantFrom(...filterNames(id))).map((v) => ['properties', v] as [string, string]),
            fc.tuple(fc.constantFrom(...filterNames(id)), value).map(([k, v]) => [k, v] as [string, string]),
            fc.tuple(junk, value).map(([k, v]) => [k, v] as [string, string]),
          ),
          { minLength: 1, maxLength: 4 },
        ),
      ),
    );
    await fc.assert(fc.asyncProperty(params, async ([id, ps]) => get(`/ogc/collections/${id}/items?${query(ps)}`)), { numRuns: RUNS * 2 });
  });

  it('single items: ids, versions and f', async () => {
    const ids = fc.oneof(number, junk, fc.constantFrom('1', '0', '-1', '99999999999'));
    const ps = fc.array(fc.oneof(value.map((v) => ['version', v] as [string, string]), value.map((v) => ['f', v] as [string, string]), fc.tuple(junk, value)), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(layerId, ids, ps, fc.boolean(), async (id, fid, p, auth) => get(`/ogc/collections/${id}/items/${encodeURIComponent(fid) || '1'}?${query(p as Array<[string, string]>)}`, auth)),
      { numRuns: RUNS },
    );
  });

  it('history queries', async () => {
    const ps = fc.array(
      fc.oneof(
        fc.oneof(layerId, junk).map((v) => ['collection', v] as [string, string]),
        value.map((v) => ['id', v] as [string, string]),
        value.map((v) => ['limit', v] as [string, string]),
        value.map((v) => ['offset', v] as [string, string]),
        fc.oneof(junk, fc.constantFrom('create', 'update', 'delete')).map((v) => ['op', v] as [string, string]),
        fc.tuple(junk, value),
      ),
      { maxLength: 5 },
    );
    await fc.assert(fc.asyncProperty(ps, async (p) => get(`/api/history?${query(p as Array<[string, string]>)}`, true)), { numRuns: RUNS });
  });

  it('tile coordinates (z/x/y) and the nearest-shelter query', async () => {
    const coord = fc.oneof(number, junk, fc.integer({ min: -5, max: 40 }).map(String));
    await fc.assert(
      fc.asyncProperty(coord, coord, coord, fc.constantFrom('.mvt', '.pbf', '', '.json'), async (z, x, y, ext) =>
        get(`/tiles/onemap/${encodeURIComponent(z) || '0'}/${encodeURIComponent(x) || '0'}/${encodeURIComponent(y) || '0'}${ext}`),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(fc.asyncProperty(value, value, async (lon, lat) => get(`/api/analysis/nearest-shelter?${query([['lon', lon], ['lat', lat]])}`)), { numRuns: RUNS });
  });

  it('broken percent-encoding and odd paths', async () => {
    for (const url of [
      '/ogc/collections/%E0%A4%A/items',
      '/ogc/collections/shelters/items?bbox=%E0%A4%A',
      '/ogc/collections/shelters/items/%00',
      '/ogc/collections/shelters/items?limit=%00',
      '/ogc/collections/shelters/items?town_code=%00',
      '/ogc/collections/shelters/items?name=%00',
      '/ogc/collections/..%2f..%2fetc/items',
      '/api/history?collection=shelters&id=%00',
      `/ogc/collections/shelters/items?${'a=1&'.repeat(2000)}`,
    ]) {
      await get(url, url.startsWith('/api/history'));
    }
  });
});
