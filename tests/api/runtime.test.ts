/**
 * The event loop only routes: heavy work runs in the worker pool, a full pool sheds load with
 * 503 + Retry-After, a task past its deadline is stopped, and every public POST is refused early
 * when it asks for more work than the caps allow.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type OneMapApp } from '../../server/app/app.ts';
import { tileAt } from '../../server/tiles/tile-grid.ts';
import { openTestApp, openTestDatabase, type TestContext } from '../helpers/test-app.ts';
import type { Database } from '../../server/db/connect.ts';

let ctx: TestContext;
/** The service as deployed: 5 MB bodies, a worker thread per core. */
let db: Database;
let big: OneMapApp;
beforeAll(async () => {
  ctx = await openTestApp();
  db = await openTestDatabase();
  big = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '5mb' }, log: () => {} });
});
afterAll(async () => {
  await big?.close();
  await db?.close();
  await ctx?.close();
});

/** A siting over many candidates: about a second of work on the development machine. */
function heavySiting(candidates: number, seed = 0) {
  const features = Array.from({ length: candidates }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [110.7 + (i % 200) * 0.005 + seed * 1e-7, 22.2 + Math.floor(i / 200) * 0.005] },
    properties: {},
  }));
  return { count: 200, shelter_type: 'long_term', capacity: 5000, candidates: { type: 'FeatureCollection', features } };
}

async function timed<T>(p: PromiseLike<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t0 };
}

describe('heavy work off the event loop', () => {
  it('keeps /api/health and a tile answering within 250 ms while two heavy analyses run', async () => {
    // A tile from the sample's first shelter, cut once so that the probe below is a cached tile.
    const first = (await request(big.app).get('/ogc/collections/shelters/items?limit=1').expect(200)).body.features[0];
    const { z, x, y } = tileAt(first.geometry.coordinates[0], first.geometry.coordinates[1], 12);
    await request(big.app).get(`/tiles/onemap/${z}/${x}/${y}.mvt`).expect(200);
    await request(big.app).get('/api/health').expect(200);

    const heavy = [1, 2].map((seed) => request(big.app).post('/api/analysis/siting').send(heavySiting(20_000, seed)).then((r) => r));
    // Wait until both tasks hold a thread.
    for (let i = 0; i < 200 && big.pools.bulk.stats.inFlight < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(big.pools.bulk.stats.inFlight).toBe(2);
    const health = await timed(request(big.app).get('/api/health'));
    const tile = await timed(request(big.app).get(`/tiles/onemap/${z}/${x}/${y}.mvt`));
    const done = await Promise.all(heavy);
    expect(done.map((r) => r.status)).toEqual([200, 200]);
    expect(health.value.status).toBe(200);
    expect(tile.value.status).toBe(200);
    expect(health.ms).toBeLessThan(250);
    expect(tile.ms).toBeLessThan(250);
    // The analyses really were in flight while the probes answered.
    expect(done.every((r) => r.body.picks.features.length > 0)).toBe(true);
  });
});

describe('a bounded pool', () => {
  let busy: OneMapApp;
  beforeAll(async () => {
    busy = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '5mb', WORKER_THREADS: 1, WORKER_QUEUE: 0, WORKER_DEADLINE_MS: 250 }, log: () => {} });
  });
  afterAll(async () => busy?.close());

  it('sheds a request with 503 and Retry-After when its one thread is busy and no queue is allowed', async () => {
    const first = request(busy.app).post('/api/analysis/siting').send(heavySiting(20_000, 3)).then((r) => r);
    // Wait until the first task holds the thread.
    for (let i = 0; i < 100 && busy.pools.bulk.stats.inFlight === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(busy.pools.bulk.stats.inFlight).toBe(1);
    const shed = await request(busy.app).post('/api/analysis/siting').send(heavySiting(100, 4));
    expect(shed.status).toBe(503);
    expect(shed.body.error.code).toBe('busy');
    expect(Number(shed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Quick public answers have their own thread and are not shed.
    await request(busy.app).get('/api/analysis/nearest-shelter?lon=110.93&lat=22.36').expect(200);
    // (A quarter of a second is this pool's deadline: the first task is stopped, see below.)
    expect((await first).status).toBe(503);
  });

  it('stops a task past its deadline and answers 503 deadline_exceeded', async () => {
    // About a second of work against a deadline of a quarter of a second.
    const res = await request(busy.app).post('/api/analysis/siting').send(heavySiting(20_000, 5));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('deadline_exceeded');
    expect(res.headers['retry-after']).toBeDefined();
  });
});

describe('caps checked before any work', () => {
  it('refuses an export with 20,000 property names (413, maxPropertyNames)', async () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) wide[`p${i}`] = i;
    const features = [{ type: 'Feature', geometry: { type: 'Point', coordinates: [111, 22.5] }, properties: wide }];
    for (let i = 0; i < 600; i++) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [111, 22.5] }, properties: {} });
    const { value: res, ms } = await timed(request(big.app).post('/api/export?f=fgb').send({ type: 'FeatureCollection', features }));
    expect(res.status).toBe(413);
    expect(res.body.error.details[0]).toMatchObject({ cap: 'maxPropertyNames', limit: 500 });
    expect(ms).toBeLessThan(5000);
  });

  it('refuses a 100,000-deep array before parsing it (413, maxDepth)', async () => {
    const deep = `{"type":"FeatureCollection","features":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await request(ctx.app).post('/api/export?f=geojson').set('Content-Type', 'application/json').send(deep);
    expect(res.status).toBe(413);
    expect(res.body.error.details[0]).toMatchObject({ cap: 'maxDepth', limit: 32 });
  });

  it('refuses a warning area of 39,000 squares (413, maxParts)', async () => {
    const polygons = Array.from({ length: 39_000 }, (_, i) => {
      const x = 110.7 + (i % 260) * 0.003;
      const y = 22.2 + Math.floor(i / 260) * 0.003;
      return [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]];
    });
    const res = await request(big.app).post('/api/analysis/evacuation').send({ warning_area: { type: 'MultiPolygon', coordinates: polygons } });
    expect(res.status).toBe(413);
    expect(res.body.error.details[0]).toMatchObject({ cap: 'maxParts', limit: 10_000, field: 'warning_area.coordinates' });
  });

  it('checks an export body like a write: a geometry of text is 422 naming it', async () => {
    const res = await request(ctx.app)
      .post('/api/export?f=csv')
      .send({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: 'oops' }, properties: {} }] });
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].field).toBe('features[0].geometry.coordinates');
  });

  it('still exports a proper analysis result', async () => {
    const res = await request(ctx.app)
      .post('/api/export?f=csv&name=gaps')
      .send({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[111, 22.5], [111.1, 22.6]] }, properties: { name: '路线', n: 3 } }] })
      .expect(200);
    expect(res.headers['content-disposition']).toMatch(/gaps-\d{4}-\d{2}-\d{2}\.csv/);
    expect(res.text).toContain('LINESTRING');
  });
});

describe('large answers in parts', () => {
  it('gives a summary with links, pages of a list and a list as a file', async () => {
    const full = (await request(ctx.app).get('/api/analysis/catchments?method=capacity').expect(200)).body;
    const summary = (await request(ctx.app).get('/api/analysis/catchments?method=capacity&include=summary').expect(200)).body;
    expect(summary.summary).toEqual(full.summary);
    expect(summary).not.toHaveProperty('assignments');
    expect(summary.parts.assignments).toEqual({ kind: 'rows', count: full.assignments.length });
    expect(summary.parts.features).toEqual({ kind: 'features', count: full.features.length });
    const link = summary.links.find((l: { title: string }) => l.title.startsWith('assignments'));
    expect(new URL(link.href).searchParams.get('include')).toBe('assignments');

    const page = (await request(ctx.app).get('/api/analysis/catchments?method=capacity&include=assignments&offset=10&limit=5').expect(200)).body;
    expect(page.items).toEqual(full.assignments.slice(10, 15));
    expect(page.numberMatched).toBe(full.assignments.length);
    expect(page.links.map((l: { rel: string }) => l.rel)).toEqual(['next', 'prev']);
    const shelters = (await request(ctx.app).get('/api/analysis/catchments?method=capacity&include=features&limit=3').expect(200)).body;
    expect(shelters.type).toBe('FeatureCollection');
    expect(shelters.features).toEqual(full.features.slice(0, 3));

    const csv = await request(ctx.app).get('/api/analysis/catchments?method=capacity&include=assignments&f=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.trim().split('\n')).toHaveLength(full.assignments.length + 1);
    await request(ctx.app).get('/api/analysis/catchments?include=assignments&f=gpkg').expect(400);
    const nope = await request(ctx.app).get('/api/analysis/catchments?include=nothing').expect(400);
    expect(nope.body.error.details[0].field).toBe('include');
  });
});
