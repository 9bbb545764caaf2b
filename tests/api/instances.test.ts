/**
 * Many instances, one database: two OneMap apps on one PostGIS database stay coherent through
 * the database's change feed and shared counters. (The embedded database serves one process:
 * these run on PostGIS only, where a deployment runs several instances.)
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type OneMapApp } from '../../server/app/app.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { createToken } from '../../server/auth/tokens.ts';
import { createUser } from '../../server/auth/users.ts';
import { tileAt } from '../../server/tiles/tile-grid.ts';
import { decode, features, bytes } from '../unit/tiles/support/mvt.ts';
import { openTestDatabase } from '../helpers/test-app.ts';
import { openStream } from '../helpers/event-stream.ts';
import { listenOnLoopback } from '../helpers/loopback-server.ts';

const onPostgis = Boolean(process.env.DATABASE_URL);

/** Polls `check` until it holds or `ms` pass; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await check()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.runIf(onPostgis)('two instances on one PostGIS database', () => {
  let dbA: Database;
  let dbB: Database;
  let a: OneMapApp;
  let b: OneMapApp;
  let token: string;

  beforeAll(async () => {
    dbA = await openTestDatabase();
    // The second instance: its own connections to the same database.
    dbB = await openDatabase({ DATABASE_URL: (dbA.knex.client.config as { connection: { connectionString: string } }).connection.connectionString, DATA_DIR: '', DB_POOL_MAX: 5, STATEMENT_TIMEOUT_MS: 30_000 });
    const config = { PUBLIC_URL: undefined, BODY_LIMIT: '1mb', READ_RATE_LIMIT_PER_MIN: 0 };
    a = createApp({ db: dbA, config, log: () => {} });
    b = createApp({ db: dbB, config, log: () => {} });
    await Promise.all([a.feedReady, b.feedReady]);
    token = (await createToken(dbA.knex, 'instances-planner', 'planner')).token;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dbB?.close();
    await dbA?.close();
  });

  const tileIds = async (app: OneMapApp, lon: number, lat: number) => {
    const { z, x, y } = tileAt(lon, lat, 15);
    const res = await request(app.app).get(`/tiles/shelters/${z}/${x}/${y}.mvt`).buffer(true).parse(bytes);
    return res.status === 204 ? [] : features(decode(res.body as Buffer).layers.shelters, z, x, y).map((f) => f.id);
  };

  it('a shelter created through A is in B\'s tiles, items and catchments within a second; deleted through B, it leaves A\'s tiles', async () => {
    const [lon, lat] = [110.9321, 22.3612];
    // Both instances have built their indexes and answered a catchments question before the write.
    expect(await tileIds(a, lon, lat)).toBeDefined();
    expect(await tileIds(b, lon, lat)).toBeDefined();
    const before = (await request(b.app).get('/api/analysis/catchments').expect(200)).body;

    const created = await request(a.app)
      .post('/ogc/collections/shelters/items')
      .set({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/geo+json' })
      .send({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { code: 'XY-S-TWO', name: '双实例测试避难场所', shelter_type: 'emergency', level: 'village', capacity: 300, status: 'open' } })
      .expect(201);
    const id = created.body.id as number;

    const seen = await within(1000, async () => (await tileIds(b, lon, lat)).includes(id));
    expect(seen).toBeLessThan(1000);
    await request(b.app).get(`/ogc/collections/shelters/items/${id}`).expect(200);
    const after = (await request(b.app).get('/api/analysis/catchments').expect(200)).body;
    expect(after.features.map((f: { id: number }) => f.id)).toContain(id);
    expect(after.features).toHaveLength(before.features.length + 1);

    const etag = (await request(b.app).get(`/ogc/collections/shelters/items/${id}`)).headers.etag;
    await request(b.app).delete(`/ogc/collections/shelters/items/${id}`).set({ Authorization: `Bearer ${token}`, 'If-Match': etag }).expect(204);
    const gone = await within(1000, async () => !(await tileIds(a, lon, lat)).includes(id));
    expect(gone).toBeLessThan(1000);
    expect((await request(a.app).get('/api/analysis/catchments').expect(200)).body.features.map((f: { id: number }) => f.id)).not.toContain(id);
  });

  it('a versioned tile URL from A\'s TileJSON is served by B at that version', async () => {
    const first = (await request(a.app).get('/ogc/collections/shelters/items?limit=1').expect(200)).body.features[0];
    const etag = (await request(a.app).get(`/ogc/collections/shelters/items/${first.id}`)).headers.etag;
    await request(a.app)
      .patch(`/ogc/collections/shelters/items/${first.id}`)
      .set({ Authorization: `Bearer ${token}`, 'If-Match': etag, 'Content-Type': 'application/merge-patch+json' })
      .send({ properties: { capacity: Number(first.properties.capacity) + 1 } })
      .expect(200);
    const template = (await request(a.app).get('/tiles/shelters.json').expect(200)).body.tiles[0] as string;
    const { z, x, y } = tileAt(first.geometry.coordinates[0], first.geometry.coordinates[1], 14);
    const u = new URL(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
    // Asked at once, before B may have heard the notice: B catches up instead of redirecting back.
    const res = await request(b.app).get(u.pathname + u.search).redirects(0).buffer(true).parse(bytes);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/immutable/);
  });

  it('shares login limits: five wrong passwords through A lock that address out of B too, not the owner elsewhere', async () => {
    await createUser(dbA.knex, 'two.instances', 'planner', 'correct horse battery');
    const login = (app: OneMapApp, password: string, address: string) =>
      request(app.app).post('/api/auth/login').set('X-Forwarded-For', address).send({ username: 'two.instances', password });
    for (let i = 0; i < 5; i++) await login(a, 'wrong password', '198.51.100.50').expect(401);
    const locked = await login(b, 'correct horse battery', '198.51.100.50').expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await login(b, 'correct horse battery', '198.51.100.51').expect(200);
  });

  it('an import started on A is followed through B', async () => {
    const planner = `Bearer ${token}`;
    const csv = 'code,name,tier,longitude,latitude\nXY-D-TWO1,双实例仓库一,village,110.91,22.35\nXY-D-TWO2,双实例仓库二,village,110.92,22.36\n';
    const started = await request(a.app).post('/api/import/depots?mode=commit').set('Authorization', planner).set('Prefer', 'respond-async').attach('file', Buffer.from(csv), 'depots.csv').expect(202);
    let job: { status: string; progress: { rows_read: number } } | undefined;
    await within(20_000, async () => {
      job = (await request(b.app).get(started.headers.location).set('Authorization', planner).expect(200)).body;
      return job!.status !== 'running';
    });
    expect(job).toMatchObject({ status: 'done', progress: { rows_read: 2 } });
    const items = (await request(b.app).get('/ogc/collections/depots/items?code=XY-D-TWO1').expect(200)).body;
    expect(items.numberMatched).toBe(1);
  });

  it('counts anonymous requests of one address across both instances', async () => {
    const limited = { PUBLIC_URL: undefined, BODY_LIMIT: '1mb', READ_RATE_LIMIT_PER_MIN: 10 };
    const la = createApp({ db: dbA, config: limited, log: () => {} });
    const lb = createApp({ db: dbB, config: limited, log: () => {} });
    try {
      const get = (app: OneMapApp) => request(app.app).get('/ogc/collections').set('X-Forwarded-For', '203.0.113.77');
      // The limit counts per minute, windows aligned to the clock's minutes: start where all twelve
      // requests fall in one window, not across a minute's turn (which would rightly reset the count).
      const leftMs = 60_000 - (Date.now() % 60_000);
      if (leftMs < 15_000) await new Promise((r) => setTimeout(r, leftMs + 100));
      for (let i = 0; i < 6; i++) await get(la).expect(200);
      // A's counts reach the database within about a second.
      await new Promise((r) => setTimeout(r, 1500));
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await get(lb)).status);
      expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
      expect(statuses.slice(4)).toEqual([429, 429]);
    } finally {
      await la.close();
      await lb.close();
    }
  });

  it('a task changed through A reaches B\'s operation stream and B\'s public vacancies; a change made outside the API too', async () => {
    const knex = dbA.knex;
    const shelter = (await knex('shelters').whereNull('deleted_at').where('capacity', '>', 10).orderBy('id').first('id', 'capacity')) as { id: number; capacity: number };
    const site = (await knex('risk_sites').whereNull('deleted_at').orderBy('id').first('id', 'code', 'town_code')) as { id: number; code: string; town_code: string };
    const area = knex.raw("ST_Multi(ST_GeomFromText('POLYGON((110 22,111 22,111 23,110 23,110 22))', 4326))");
    const [op] = (await knex('operations').insert({ name: 'two instances', hazard: 'geohazard', level: 'orange', area, mode: 'drive', rules_version: 'test', selection: '{}', created_by: 'test' }).returning('id')) as Array<{ id: number }>;
    const [task] = (await knex('operation_tasks')
      .insert({ operation_id: op.id, site_id: site.id, site_code: site.code, town_code: site.town_code ?? 'x', households: 1, residents: 4, location: knex.raw("ST_SetSRID(ST_MakePoint(110.5, 22.5), 4326)"), designated_shelter_id: shelter.id, shelter_id: shelter.id, status: 'moving' })
      .returning(['id', 'version'])) as Array<{ id: number; version: number }>;
    const cadre = (await createToken(knex, 'instances-cadre', 'cadre')).token;
    const onB = await listenOnLoopback(b.app);
    const opEvents = openStream(`${onB.base}/api/operations/${op.id}/events`, { Authorization: `Bearer ${cadre}` });
    const publicEvents = openStream(`${onB.base}/api/live`);
    try {
      await Promise.all([opEvents.next('hello'), publicEvents.next('hello')]);
      await request(a.app).patch(`/api/operations/${op.id}/tasks/${task.id}`).set({ Authorization: `Bearer ${cadre}`, 'If-Match': `"v${task.version}"` }).send({ status: 'arrived' }).expect(200);
      const seen = await opEvents.next<{ tasks: Array<{ id: number; status: string; version: number }> }>('tasks', 2000, (d) => d.tasks.some((x) => x.id === task.id && x.version === task.version + 1));
      expect(seen.tasks).toContainEqual({ id: task.id, status: 'arrived', shelter_id: shelter.id, version: task.version + 1 });
      const places = await publicEvents.next<{ shelters: Array<{ id: number; occupancy: number; vacancies: number }> }>('vacancies', 2000, (d) => d.shelters.some((x) => x.id === shelter.id));
      expect(places.shelters).toContainEqual({ id: shelter.id, occupancy: 4, vacancies: shelter.capacity - 4 });
      // A change made outside the API (a script, psql) is announced by the database itself.
      await knex('operation_tasks').where({ id: task.id }).update({ note: 'checked by phone', version: task.version + 2 });
      const script = await opEvents.next<{ tasks: Array<{ id: number; version: number }> }>('tasks', 2000, (d) => d.tasks.some((x) => x.id === task.id && x.version === task.version + 2));
      expect(script.tasks).toContainEqual(expect.objectContaining({ id: task.id, version: task.version + 2 }));
    } finally {
      opEvents.close();
      publicEvents.close();
      await onB.close();
      await knex('operations').where({ id: op.id }).delete();
      await knex('shelters').where({ id: shelter.id }).update({ occupancy: null, vacancies: null });
    }
  });
});
