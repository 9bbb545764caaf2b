import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { local } from '../helpers/links.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const SHELTERS = '/ogc/collections/shelters/items';
const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;

function shelter(code: string) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [110.93, 22.36] },
    properties: { code, name: `测试避难场所${code}`, shelter_type: 'emergency', level: 'village', capacity: 300, status: 'open' },
  };
}

async function created(code: string): Promise<string> {
  const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter(code)).expect(201);
  return local(res.headers.location as string);
}

describe('who wrote a feature (updated_by) is for staff only', () => {
  it('is absent from anonymous items, item, exports, cards and the nearest shelter; present for staff', async () => {
    const url = await created('P4-WHO');
    expect((await request(ctx.app).get(url).expect(200)).body.properties).not.toHaveProperty('updated_by');
    expect((await request(ctx.app).get(url).set('Authorization', bearer('duty')).expect(200)).body.properties.updated_by).toBe('test-planner');

    const page = (await request(ctx.app).get(`${SHELTERS}?code=P4-WHO`).expect(200)).body;
    expect(page.features).toHaveLength(1);
    expect(page.features[0].properties).not.toHaveProperty('updated_by');
    const staffPage = (await request(ctx.app).get(`${SHELTERS}?code=P4-WHO`).set('Authorization', bearer('planner')).expect(200)).body;
    expect(staffPage.features[0].properties.updated_by).toBe('test-planner');

    const csv = (await request(ctx.app).get(`${SHELTERS}?f=csv&code=P4-WHO`).expect(200)).text;
    expect(csv.split('\n')[0]).not.toContain('updated_by');
    expect(csv).not.toContain('test-planner');
    const staffCsv = (await request(ctx.app).get(`${SHELTERS}?f=csv&code=P4-WHO`).set('Authorization', bearer('planner')).expect(200)).text;
    expect(staffCsv).toContain('test-planner');

    const site = (await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=1').expect(200)).body.features[0];
    const card = await request(ctx.app).get(`/api/cards/${site.properties.code}`).expect(200);
    expect(card.text).not.toContain('updated_by');

    const [lon, lat] = site.geometry.coordinates as number[];
    const nearest = await request(ctx.app).get('/api/analysis/nearest-shelter').query({ lon, lat }).expect(200);
    expect(nearest.body.shelter).toBeTruthy();
    expect(nearest.text).not.toContain('updated_by');
  });
});

describe('If-Match (RFC 9110)', () => {
  it('a list succeeds when the current tag is in it and fails (412) when it is not', async () => {
    const url = await created('P4-LIST');
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v998", "v997"').send({ properties: { capacity: 301 } }).expect(412);
    const ok = await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v998", "v1"').send({ properties: { capacity: 302 } }).expect(200);
    expect(ok.headers.etag).toBe('"v2"');
    expect(ok.body.properties.capacity).toBe(302);
    // A weak tag never matches a strong one.
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', 'W/"v2"').send({ properties: { capacity: 303 } }).expect(412);
  });

  it('"*" matches any existing feature and none that does not exist', async () => {
    const url = await created('P4-STAR');
    const res = await request(ctx.app).put(url).set('Authorization', bearer('planner')).set('If-Match', '*').send(shelter('P4-STAR')).expect(200);
    expect(res.headers.etag).toBe('"v2"');
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1", "v2"').expect(204);
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '*').send({ properties: { capacity: 1 } }).expect(404);
  });
});

describe('Prefer: return=minimal | representation', () => {
  it('minimal answers POST, PUT and PATCH with 204, the ETag and the Location, and no body', async () => {
    const post = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).set('Prefer', 'return=minimal').send(shelter('P4-MIN')).expect(204);
    expect(post.headers['preference-applied']).toBe('return=minimal');
    expect(post.headers.etag).toBe('"v1"');
    expect(post.text).toBe('');
    const url = local(post.headers.location as string);
    expect((await request(ctx.app).get(url).expect(200)).body.properties.code).toBe('P4-MIN');

    const put = await request(ctx.app).put(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').set('Prefer', 'return=minimal').send(shelter('P4-MIN')).expect(204);
    expect(put.headers).toMatchObject({ 'preference-applied': 'return=minimal', etag: '"v2"' });
    expect(local(put.headers.location as string)).toBe(url);
    const patch = await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v2"').set('Prefer', 'handling=lenient, return=minimal').send({ properties: { capacity: 9 } }).expect(204);
    expect(patch.headers).toMatchObject({ 'preference-applied': 'return=minimal', etag: '"v3"' });
    expect((await request(ctx.app).get(url).expect(200)).body.properties.capacity).toBe(9);
  });

  it('representation (or no preference) answers with the feature as before', async () => {
    const post = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).set('Prefer', 'return=representation').send(shelter('P4-REP')).expect(201);
    expect(post.headers['preference-applied']).toBe('return=representation');
    expect(post.body.properties.code).toBe('P4-REP');
    const plain = await request(ctx.app).patch(local(post.headers.location as string)).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 8 } }).expect(200);
    expect(plain.headers['preference-applied']).toBeUndefined();
    expect(plain.body.properties.capacity).toBe(8);
  });
});
