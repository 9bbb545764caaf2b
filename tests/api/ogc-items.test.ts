import type { Point } from 'geojson';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { sampleLayer } from '../helpers/sample.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const path = (href: string) => href.replace(/^https?:\/\/[^/]+/, '');

describe('GET /ogc/collections/{id}/items', () => {
  it('pages through a whole collection with next links, every feature exactly once', async () => {
    const expected = sampleLayer('risk_sites').length;
    const seen = new Set<number>();
    let url: string | undefined = '/ogc/collections/risk_sites/items?limit=700';
    let pages = 0;
    while (url) {
      const res: request.Response = await request(ctx.app).get(url).expect(200);
      expect(res.headers['content-type']).toContain('application/geo+json');
      expect(res.body.numberMatched).toBe(expected);
      expect(res.body.numberReturned).toBe(res.body.features.length);
      for (const f of res.body.features) seen.add(f.id);
      const next: { href: string } | undefined = res.body.links.find((l: { rel: string }) => l.rel === 'next');
      url = next ? path(next.href) : undefined;
      pages++;
    }
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 700));
  });

  it('defaults to 100 features and links back with prev', async () => {
    const first = await request(ctx.app).get('/ogc/collections/villages/items').expect(200);
    expect(first.body.numberReturned).toBe(100);
    expect(first.body.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(false);
    const second = await request(ctx.app).get('/ogc/collections/villages/items?offset=100').expect(200);
    const prev = second.body.links.find((l: { rel: string }) => l.rel === 'prev');
    expect(path(prev.href)).toContain('offset=0');
    expect(second.body.features[0].id).not.toBe(first.body.features[0].id);
  });

  it('returns exactly the sample shelters inside a bbox', async () => {
    const bbox = [110.85, 22.3, 111.05, 22.45];
    const inside = sampleLayer('shelters')
      .filter((f) => {
        const [x, y] = (f.geometry as Point).coordinates;
        return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];
      })
      .map((f) => f.properties?.code)
      .sort();
    expect(inside.length).toBeGreaterThan(0);
    const res = await request(ctx.app).get(`/ogc/collections/shelters/items?bbox=${bbox.join(',')}&limit=1000`).expect(200);
    expect(res.body.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(inside);
    expect(res.body.numberMatched).toBe(inside.length);
  });

  it('returns the hazard zones whose polygons touch a bbox, not only those inside it', async () => {
    const zone = sampleLayer('hazard_zones')[0];
    const ring = (zone.geometry as { coordinates: number[][][][] }).coordinates[0][0];
    const [x, y] = ring[0];
    const res = await request(ctx.app).get(`/ogc/collections/hazard_zones/items?bbox=${x - 0.0001},${y - 0.0001},${x + 0.0001},${y + 0.0001}`).expect(200);
    expect(res.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain(zone.properties?.code);
  });

  it('filters by equality on filterable attributes, combined with bbox', async () => {
    const longTerm = sampleLayer('shelters').filter((f) => f.properties?.shelter_type === 'long_term' && f.properties?.status === 'open');
    const res = await request(ctx.app).get('/ogc/collections/shelters/items?shelter_type=long_term&status=open&limit=1000').expect(200);
    expect(res.body.numberMatched).toBe(longTerm.length);
    expect(res.body.features.every((f: { properties: { shelter_type: string } }) => f.properties.shelter_type === 'long_term')).toBe(true);
    const town = sampleLayer('towns')[0].properties?.code as string;
    const inTown = sampleLayer('risk_sites').filter((f) => f.properties?.town_code === town).length;
    const byTown = await request(ctx.app).get(`/ogc/collections/risk_sites/items?town_code=${town}&limit=1`).expect(200);
    expect(byTown.body.numberMatched).toBe(inTown);
  });

  it('keeps next links carrying the filters', async () => {
    const res = await request(ctx.app).get('/ogc/collections/risk_sites/items?rectification_status=not_started&limit=10').expect(200);
    const next = res.body.links.find((l: { rel: string }) => l.rel === 'next');
    expect(next.href).toContain('rectification_status=not_started');
    expect(next.href).toContain('offset=10');
  });

  it.each([
    ['limit=unlimited', 'limit'],
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
    ['offset=-1', 'offset'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['bbox=110,23,111,22', 'bbox'],
    ['bbox=200,22,201,23', 'bbox'],
    ['colour=red', 'colour'],
    ['monitor_phone=13800000000', 'monitor_phone'],
    ['status=burning', 'status'],
    ['limit=5&limit=6', 'limit'],
  ])('answers 400 for %s, naming %s', async (query, field) => {
    const res = await request(ctx.app).get(`/ogc/collections/shelters/items?${query}`);
    if (field === 'monitor_phone') {
      const r2 = await request(ctx.app).get(`/ogc/collections/risk_sites/items?${query}`).expect(400);
      expect(r2.body.error.details[0].field).toBe(field);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });

  it('accepts the upper limit of 10,000', async () => {
    const res = await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=10000').expect(200);
    expect(res.body.numberReturned).toBe(sampleLayer('risk_sites').length);
  });
});

describe('private attributes', () => {
  it('are left out for anonymous readers and shown to signed-in staff', async () => {
    const anon = await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=5').expect(200);
    for (const f of anon.body.features) {
      expect(f.properties).not.toHaveProperty('monitor_phone');
      expect(f.properties).not.toHaveProperty('monitor_name');
      expect(f.properties).toHaveProperty('residents');
    }
    expect(anon.text).not.toMatch(/monitor_/);
    const staff = await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=5').set('Authorization', `Bearer ${ctx.tokens.geohazard}`).expect(200);
    expect(staff.body.features[0].properties.monitor_phone).toMatch(/^1\d{10}$/);
  });

  it('a shelter’s contact phone is public', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters/items?limit=50').expect(200);
    expect(res.body.features.some((f: { properties: { contact_phone?: string } }) => typeof f.properties.contact_phone === 'string')).toBe(true);
  });
});

describe('GET /ogc/collections/{id}/items/{fid}', () => {
  it('returns the feature with a strong ETag from its version, and 304 when unchanged', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters/items/1').expect(200);
    expect(res.body.id).toBe(1);
    expect(res.body.type).toBe('Feature');
    expect(res.headers.etag).toBe(`"v${res.body.properties.version}"`);
    await request(ctx.app).get('/ogc/collections/shelters/items/1').set('If-None-Match', res.headers.etag).expect(304);
  });

  it('answers 404 for a missing feature, a malformed id, and a missing collection', async () => {
    expect((await request(ctx.app).get('/ogc/collections/shelters/items/999999').expect(404)).body.error.code).toBe('not_found');
    await request(ctx.app).get('/ogc/collections/shelters/items/abc').expect(404);
    await request(ctx.app).get('/ogc/collections/nothing/items/1').expect(404);
  });

  it('hides private attributes of a single feature too', async () => {
    const res = await request(ctx.app).get('/ogc/collections/risk_sites/items/1').expect(200);
    expect(res.body.properties).not.toHaveProperty('monitor_name');
  });
});
