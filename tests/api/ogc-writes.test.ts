import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { local } from '../helpers/links.ts';
import { fingerprint } from '../helpers/sample.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const SHELTERS = '/ogc/collections/shelters/items';
const ZONES = '/ogc/collections/hazard_zones/items';

function shelter(code: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [110.93, 22.36] },
    properties: { code, name: `测试避难场所${code}`, shelter_type: 'emergency', level: 'village', capacity: 300, status: 'open', facilities: ['water', 'toilets'], ...extra },
  };
}

const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;

describe('POST items', () => {
  it('creates a feature: 201 with Location and ETag, readable at the Location', async () => {
    const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-POST-1')).expect(201);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers.location).toMatch(/\/ogc\/collections\/shelters\/items\/\d+$/);
    const got = await request(ctx.app).get(local(res.headers.location)).set('Authorization', bearer('planner')).expect(200);
    expect(got.body.properties).toMatchObject({ code: 'T-POST-1', capacity: 300, facilities: ['water', 'toilets'], updated_by: 'test-planner', version: 1 });
    // Who wrote it is a staff login name: never shown to the public.
    expect((await request(ctx.app).get(local(res.headers.location)).expect(200)).body.properties).not.toHaveProperty('updated_by');
    expect(got.body.geometry).toEqual({ type: 'Point', coordinates: [110.93, 22.36] });
  });

  it('accepts a Polygon for a MultiPolygon layer and stores a MultiPolygon', async () => {
    const zone = {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[110.9, 22.3], [110.91, 22.3], [110.91, 22.31], [110.9, 22.31], [110.9, 22.3]]] },
      properties: { code: 'T-ZONE-1', hazard: 'flood', grade: 'high', source: 'test' },
    };
    const res = await request(ctx.app).post(ZONES).set('Authorization', bearer('planner')).send(zone).expect(201);
    expect(res.body.geometry.type).toBe('MultiPolygon');
  });

  it('refuses a duplicate code with 409', async () => {
    await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-DUP')).expect(201);
    const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-DUP')).expect(409);
    expect(res.body.error.details[0].field).toBe('properties.code');
  });
});

describe('concurrent creates of one code', () => {
  it('30 POSTs of the same code at once: exactly one 201, the others 409 duplicate_code naming the field, never a 500', async () => {
    const before = (await request(ctx.app).get(`${SHELTERS}?limit=1`).expect(200)).body.numberMatched as number;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-RACE-CODE'))),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    for (const r of answers.filter((a) => a.status === 409)) {
      expect(r.body.error.code).toBe('duplicate_code');
      expect(r.body.error.details[0].field).toBe('properties.code');
    }
    expect((await request(ctx.app).get(`${SHELTERS}?limit=1`).expect(200)).body.numberMatched).toBe(before + 1);
  });
});

describe('authorisation', () => {
  it('401 without a token, with a bad token, or with a malformed header', async () => {
    expect((await request(ctx.app).post(SHELTERS).send(shelter('T-A1')).expect(401)).body.error.code).toBe('unauthorized');
    await request(ctx.app).post(SHELTERS).set('Authorization', 'Bearer om_nope').send(shelter('T-A1')).expect(401);
    await request(ctx.app).post(SHELTERS).set('Authorization', 'Basic abc').send(shelter('T-A1')).expect(401);
  });

  it('403 for a role that may not write the layer; admin may write any', async () => {
    expect((await request(ctx.app).post(SHELTERS).set('Authorization', bearer('geohazard')).send(shelter('T-A2')).expect(403)).body.error.code).toBe('forbidden');
    const site = (await request(ctx.app).get('/ogc/collections/risk_sites/items/1')).body;
    await request(ctx.app).patch('/ogc/collections/risk_sites/items/1').set('Authorization', bearer('planner')).set('If-Match', `"v${site.properties.version}"`).send({ properties: { households: 2 } }).expect(403);
    await request(ctx.app).post(SHELTERS).set('Authorization', bearer('admin')).send(shelter('T-A3')).expect(201);
  });

  it('geohazard teams write risk sites', async () => {
    const site = (await request(ctx.app).get('/ogc/collections/risk_sites/items/2')).body;
    const res = await request(ctx.app).patch('/ogc/collections/risk_sites/items/2').set('Authorization', bearer('geohazard')).set('If-Match', `"v${site.properties.version}"`)
      .set('Content-Type', 'application/merge-patch+json').send(JSON.stringify({ properties: { rectification_status: 'in_progress', rectification_method: 'retaining_wall' } })).expect(200);
    expect(res.body.properties.rectification_status).toBe('in_progress');
  });
});

describe('PUT / PATCH / DELETE with If-Match', () => {
  it('PATCH merges, bumps the version and the ETag; null clears an optional attribute', async () => {
    const created = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-PATCH', { contact_name: '陈主任' })).expect(201);
    const url = local(created.headers.location);
    const res = await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', created.headers.etag).send({ properties: { capacity: 500, contact_name: null } }).expect(200);
    expect(res.headers.etag).toBe('"v2"');
    expect(res.body.properties).toMatchObject({ capacity: 500, contact_name: null, name: '测试避难场所T-PATCH', version: 2 });
  });

  it('PATCH can move a feature', async () => {
    const created = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-MOVE')).expect(201);
    const res = await request(ctx.app).patch(local(created.headers.location)).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ geometry: { type: 'Point', coordinates: [111.0, 22.4] } }).expect(200);
    expect(res.body.geometry.coordinates).toEqual([111.0, 22.4]);
  });

  it('PUT replaces the whole feature, clearing what it leaves out', async () => {
    const created = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-PUT', { contact_name: '李' })).expect(201);
    const replacement = shelter('T-PUT', { capacity: 800, shelter_type: 'short_term' });
    const res = await request(ctx.app).put(local(created.headers.location)).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send(replacement).expect(200);
    expect(res.body.properties).toMatchObject({ capacity: 800, shelter_type: 'short_term', contact_name: null, version: 2 });
  });

  it('428 without If-Match, 412 with a stale one (and the current ETag), nothing changed', async () => {
    const created = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-412')).expect(201);
    const url = local(created.headers.location);
    expect((await request(ctx.app).patch(url).set('Authorization', bearer('planner')).send({ properties: { capacity: 1 } }).expect(428)).body.error.code).toBe('precondition_required');
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 2 } }).expect(200);
    const stale = await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 3 } }).expect(412);
    expect(stale.headers.etag).toBe('"v2"');
    await request(ctx.app).put(url).set('Authorization', bearer('planner')).set('If-Match', 'W/"v2"').send(shelter('T-412')).expect(412);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(412);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).expect(428);
    expect((await request(ctx.app).get(url)).body.properties.capacity).toBe(2);
  });

  it('DELETE removes the feature; a second DELETE is 404', async () => {
    const created = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-DEL')).expect(201);
    const url = local(created.headers.location);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    await request(ctx.app).get(url).expect(404);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(404);
  });

  it('PATCH cannot remove a required attribute', async () => {
    const created = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('T-REQ')).expect(201);
    const res = await request(ctx.app).patch(local(created.headers.location)).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: null } }).expect(422);
    expect(res.body.error.details[0].field).toBe('properties.capacity');
  });
});

describe('validation: every rejected write names the field and changes nothing', () => {
  const polygon = (coords: number[][]) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [coords] }, properties: { code: 'T-BAD-Z', hazard: 'flood', grade: 'low' } });
  const cases: Array<[string, string, unknown, number, string]> = [
    ['wrong geometry type', SHELTERS, { ...shelter('T-BAD'), geometry: { type: 'LineString', coordinates: [[110, 22], [111, 23]] } }, 422, 'geometry.type'],
    ['3D position', SHELTERS, { ...shelter('T-BAD'), geometry: { type: 'Point', coordinates: [110.9, 22.3, 40] } }, 422, 'geometry.coordinates'],
    ['longitude out of range', SHELTERS, { ...shelter('T-BAD'), geometry: { type: 'Point', coordinates: [190, 22.3] } }, 422, 'geometry.coordinates'],
    ['latitude out of range', SHELTERS, { ...shelter('T-BAD'), geometry: { type: 'Point', coordinates: [110, -91] } }, 422, 'geometry.coordinates'],
    ['string coordinate', SHELTERS, { ...shelter('T-BAD'), geometry: { type: 'Point', coordinates: ['110', 22] } }, 422, 'geometry.coordinates'],
    ['missing geometry', SHELTERS, { ...shelter('T-BAD'), geometry: null }, 422, 'geometry'],
    ['unclosed ring', ZONES, polygon([[110.9, 22.3], [110.91, 22.3], [110.91, 22.31], [110.9, 22.31]]), 422, 'geometry.coordinates[0]'],
    ['unknown attribute', SHELTERS, shelter('T-BAD', { colour: 'red' }), 422, 'properties.colour'],
    ['enum out of its values', SHELTERS, shelter('T-BAD', { status: 'burning' }), 422, 'properties.status'],
    ['negative capacity', SHELTERS, shelter('T-BAD', { capacity: -5 }), 422, 'properties.capacity'],
    ['non-integer capacity', SHELTERS, shelter('T-BAD', { capacity: 10.5 }), 422, 'properties.capacity'],
    ['missing required attribute', SHELTERS, { ...shelter('T-BAD'), properties: { code: 'T-BAD', name: 'x' } }, 422, 'properties.shelter_type'],
    ['not a Feature', SHELTERS, { type: 'FeatureCollection', features: [] }, 422, 'type'],
  ];

  it.each(cases)('%s', async (_name, url, body, status, field) => {
    const before = await fingerprint(ctx.db.knex);
    const res = await request(ctx.app).post(url).set('Authorization', bearer('admin')).send(body as object).expect(status);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await fingerprint(ctx.db.knex)).toEqual(before);
  });

  it('a self-intersecting polygon is refused with PostGIS’s reason and location', async () => {
    const before = await fingerprint(ctx.db.knex);
    const bowtie = polygon([[110.9, 22.3], [110.92, 22.32], [110.92, 22.3], [110.9, 22.32], [110.9, 22.3]]);
    const res = await request(ctx.app).post(ZONES).set('Authorization', bearer('planner')).send(bowtie).expect(422);
    expect(res.body.error.details[0]).toMatchObject({ field: 'geometry', message: expect.stringMatching(/Self-intersection\[110\.91 22\.31\]/) });
    expect(await fingerprint(ctx.db.knex)).toEqual(before);
  });

  it('a rejected PATCH leaves the feature as it was', async () => {
    const before = await fingerprint(ctx.db.knex);
    const url = '/ogc/collections/shelters/items/3';
    const etag = (await request(ctx.app).get(url)).headers.etag;
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', etag).send({ properties: { capacity: 100, level: 'galaxy' } }).expect(422);
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', etag).send({ geometry: { type: 'Point', coordinates: [500, 0] } }).expect(422);
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', etag).send({ properties: { code: (await request(ctx.app).get('/ogc/collections/shelters/items/4')).body.properties.code } }).expect(409);
    expect(await fingerprint(ctx.db.knex)).toEqual(before);
  });

  it('malformed JSON is 400, a non-JSON body 415, an oversized body 413', async () => {
    const before = await fingerprint(ctx.db.knex);
    await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).set('Content-Type', 'application/json').send('{"type": "Feature",').expect(400);
    await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).set('Content-Type', 'text/plain').send('hello').expect(415);
    const huge = shelter('T-HUGE', { name: 'x'.repeat(50) });
    (huge.properties as Record<string, unknown>).facilities = Array.from({ length: 200_000 }, () => 'water');
    const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(huge).expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await fingerprint(ctx.db.knex)).toEqual(before);
  });
});
