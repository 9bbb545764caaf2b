/**
 * Every family of the API names a refused field the same way: `{ field, message }` details, the
 * field a dotted path from the top of the query or body, an unknown key by its own name, and
 * `(root)` when the whole body is wrong. A client (the web forms, a script) can then point at the
 * field whichever route answered.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
let siteId: number;
beforeAll(async () => {
  ctx = await openTestApp();
  siteId = (await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=1').expect(200)).body.features[0].id as number;
});
afterAll(async () => ctx?.close());

type Role = keyof TestContext['tokens'];

interface Case {
  family: string;
  method: 'get' | 'post';
  url: () => string;
  role?: Role;
  body?: unknown;
  status: number;
  /** The route as the test names it, when its URL is only known once the database is open. */
  name?: string;
  /** Fields the details must name (others may be named too). */
  fields: string[];
}

const shelter = (properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [110.95, 22.36] },
  properties: { code: 'T-VALID-1', name: '校验避难所', shelter_type: 'emergency', level: 'village', capacity: 100, status: 'open', ...properties },
});

const CASES: Case[] = [
  { family: 'features write', method: 'post', url: () => '/ogc/collections/shelters/items', role: 'planner', body: shelter({ capacity: -1, colour: 'red' }), status: 422, fields: ['properties.capacity', 'properties.colour'] },
  { family: 'features query', method: 'get', url: () => '/ogc/collections/shelters/items?limit=0&colour=red', status: 400, fields: ['colour'] },
  { family: 'features query', method: 'get', url: () => '/ogc/collections/shelters/items?limit=0', status: 400, fields: ['limit'] },
  { family: 'analysis query', method: 'get', url: () => '/api/analysis/catchments?method=fastest&colour=red', role: 'planner', status: 400, fields: ['method', 'colour'] },
  { family: 'analysis query', method: 'get', url: () => '/api/analysis/nearest-shelter?lon=500&lat=22.3', status: 400, fields: ['lon'] },
  { family: 'analysis body', method: 'post', url: () => '/api/analysis/siting', role: 'planner', body: { count: 0, shelter_type: 'tent', colour: 'red' }, status: 422, fields: ['count', 'shelter_type', 'colour'] },
  { family: 'analysis body', method: 'post', url: () => '/api/analysis/siting', role: 'planner', body: { count: 2, shelter_type: 'emergency', candidates: { type: 'FeatureCollection', features: [], extra: 1 } }, status: 422, fields: ['candidates.extra'] },
  { family: 'analysis body', method: 'post', url: () => '/api/analysis/siting', role: 'planner', body: [1, 2], status: 422, fields: ['(root)'] },
  { family: 'analysis body', method: 'post', url: () => '/api/analysis/evacuation', role: 'planner', body: { warning_area: null, draft: { close_roads: [-1] } }, status: 422, fields: ['draft.close_roads[0]'] },
  { family: 'analysis body', method: 'post', url: () => '/api/analysis/siting', role: 'planner', body: { count: 2, shelter_type: 'emergency', candidates: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[111, 22.3], [111.1, 22.3]] }, properties: {} }] } }, status: 422, fields: ['candidates.features[0].geometry.type'] },
  { family: 'operations body', method: 'post', url: () => '/api/operations', role: 'duty', body: { warning_id: 'one', colour: 'red' }, status: 422, fields: ['warning_id', 'colour'] },
  { family: 'operations body', method: 'post', url: () => '/api/operations', role: 'duty', body: { name: 'drill' }, status: 422, fields: ['(root)'] },
  { family: 'auth body', method: 'post', url: () => '/api/auth/login', body: { username: '', password: 'x', remember: true }, status: 422, fields: ['username', 'remember'] },
  { family: 'auth body', method: 'post', url: () => '/api/auth/login', body: [1, 2], status: 422, fields: ['(root)'] },
  { family: 'auth body', method: 'post', url: () => '/api/users', role: 'admin', body: { username: 'new.one', role: 'root', password: 'a long pass phrase', is_admin: true, colour: 'red' }, status: 422, fields: ['role', 'is_admin', 'colour'] },
  { family: 'search', method: 'get', url: () => '/api/search?q=&limit=0&colour=red', status: 400, fields: ['q', 'limit', 'colour'] },
  { family: 'grading', method: 'post', url: () => `/api/risk-sites/${siteId}/grade`, name: 'POST /api/risk-sites/{id}/grade', role: 'geohazard', body: { note: 5, colour: 'red' }, status: 422, fields: ['note', 'colour'] },
  { family: 'history query', method: 'get', url: () => '/api/history?collection=shelters&limit=0&colour=red&size=9', role: 'admin', status: 400, fields: ['limit', 'colour', 'size'] },
  { family: 'history body', method: 'post', url: () => '/api/history/restore', role: 'admin', body: [1, 2], status: 422, fields: ['(root)'] },
  { family: 'history body', method: 'post', url: () => '/api/history/restore', role: 'admin', body: { collection: 'shelters', id: 'x', colour: 'red' }, status: 422, fields: ['id', 'colour'] },
];

/** A path of dotted names and bracketed indexes (`candidates.features[0].type`), or the whole body. */
const FIELD = /^(\(root\)|[A-Za-z_]\w*(\.[A-Za-z_]\w*|\[\d+\])*)$/;

async function send(c: Case) {
  let r = request(ctx.app)[c.method](c.url());
  if (c.role) r = r.set('Authorization', `Bearer ${ctx.tokens[c.role]}`);
  if (c.body !== undefined) r = r.set('Content-Type', 'application/json').send(JSON.stringify(c.body));
  return r;
}

describe('validation errors across the API', () => {
  it.each(CASES.map((c) => [`${c.family}: ${c.name ?? `${c.method.toUpperCase()} ${c.url()}`}`, c] as const))('%s names each refused field the same way', async (_name, c) => {
    const res = await send(c);
    expect(res.status).toBe(c.status);
    expect(res.body.error.code).toBe(c.status === 400 ? 'bad_request' : 'validation_failed');
    const details = res.body.error.details as Array<Record<string, unknown>>;
    for (const d of details) {
      expect(typeof d.field).toBe('string');
      expect(d.field).toMatch(FIELD);
      expect(typeof d.message).toBe('string');
      expect((d.message as string).length).toBeGreaterThan(0);
    }
    expect(details.map((d) => d.field)).toEqual(expect.arrayContaining(c.fields));
  });

  it('names an unknown key once per key, with a message that says it is unknown', async () => {
    const res = await send(CASES.find((c) => c.family === 'history query')!);
    const unknown = (res.body.error.details as Array<{ field: string; message: string }>).filter((d) => d.field === 'colour' || d.field === 'size');
    expect(unknown).toHaveLength(2);
    for (const d of unknown) expect(d.message).toMatch(/unknown|not a parameter/);
  });

  it('a refused write leaves nothing behind', async () => {
    const features = (await request(ctx.app).get('/ogc/collections/shelters/items?code=T-VALID-1').expect(200)).body.features;
    expect(features).toEqual([]);
  });
});
