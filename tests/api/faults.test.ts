/**
 * Faults: the database goes away and comes back, a query runs too long, a connection dies in
 * the middle of a write. On PostGIS these run against a private PostgreSQL cluster that the
 * test starts, stops and removes (the shared server stays up for the other test files); on
 * PGlite, which lives inside the process, the database is closed under the app instead.
 */
import pg from 'pg';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { migrateLatest } from '../../server/db/migrate.ts';
import { createApp } from '../../server/app/app.ts';
import { createToken } from '../../server/auth/tokens.ts';
import { loadDataset } from '../../server/layers/load-dataset.ts';
import { SAMPLE_DIR, adminQuery } from '../helpers/template.ts';
import { openTestDatabase } from '../helpers/test-app.ts';
import { fingerprint } from '../helpers/sample.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';

const onPostgis = Boolean(process.env.DATABASE_URL);
const SHELTERS = '/ogc/collections/shelters/items';
const shelter = (code: string) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [110.93, 22.36] },
  properties: { code, name: `测试${code}`, shelter_type: 'emergency', level: 'village', capacity: 100, status: 'open' },
});

interface Timed {
  status: number;
  code?: string;
}

/** A request bounded by a client timeout (a hung request fails the test), with its status and error code. */
async function timed(r: request.Test): Promise<Timed> {
  const res = await r.timeout(15_000);
  return { status: res.status, code: (res.body as { error?: { code?: string } }).error?.code };
}

describe.runIf(onPostgis)('PostgreSQL faults (a private cluster, stopped and restarted)', () => {
  let cluster: PrivatePostgres;
  let db: Database;
  let app: Express;
  let token: string;
  const url = () => cluster.url('onemap_faults');

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    await adminQuery(cluster.url(), 'CREATE DATABASE onemap_faults');
    db = await openDatabase({ DATABASE_URL: url(), DATA_DIR: '', DB_POOL_MAX: 5, STATEMENT_TIMEOUT_MS: 1500 });
    await migrateLatest(db.knex);
    await loadDataset(db.knex, SAMPLE_DIR);
    token = (await createToken(db.knex, 'fault-planner', 'planner')).token;
    app = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb', READ_RATE_LIMIT_PER_MIN: 0 }, log: () => {} }).app;
  }, 180_000);

  afterAll(async () => {
    await db?.close().catch(() => {});
    await cluster?.remove();
  });

  it('database down: health 503, every request fails fast with 503; back up: serves again without a restart', async () => {
    const kept = await request(app).post(SHELTERS).set('Authorization', `Bearer ${token}`).send(shelter('FAULT-KEPT')).expect(201);
    await cluster.stop('fast');

    const health = await timed(request(app).get('/api/health'));
    expect(health).toMatchObject({ status: 503 });
    const answers = await Promise.all([
      timed(request(app).get(`${SHELTERS}?limit=5`)),
      timed(request(app).get(`${SHELTERS}/1`)),
      timed(request(app).get('/ogc/collections')),
      timed(request(app).post(SHELTERS).set('Authorization', `Bearer ${token}`).send(shelter('FAULT-LOST'))),
      timed(request(app).post('/api/auth/login').send({ username: 'x.y', password: 'whatever it is' })),
      ...Array.from({ length: 15 }, () => timed(request(app).get(`${SHELTERS}?limit=1`))),
    ]);
    // Refused connections, not timeouts: the service says at once that the database is gone.
    for (const a of answers) expect(a).toMatchObject({ status: 503, code: 'database_unavailable' });

    await cluster.start();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await request(app).get('/api/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    expect((await request(app).get(`${SHELTERS}/${kept.body.id}`).expect(200)).body.properties.code).toBe('FAULT-KEPT');
    await request(app).post(SHELTERS).set('Authorization', `Bearer ${token}`).send(shelter('FAULT-AFTER')).expect(201);
    expect(await db.knex('shelters').where({ code: 'FAULT-LOST' }).first()).toBeUndefined();
  });

  it('requests arriving while the database stops and starts get 200 or 503, none hangs', async () => {
    const seen: Timed[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        const batch = await Promise.all([
          timed(request(app).get(`${SHELTERS}?limit=10&bbox=110.8,22.3,111.1,22.5`)),
          timed(request(app).get('/api/health')),
          timed(request(app).get('/ogc/collections/risk_sites/items/3')),
        ]);
        seen.push(...batch);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    await cluster.stop('fast');
    await new Promise((r) => setTimeout(r, 1500));
    await cluster.start();
    // Until every kind of request has been served again.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !seen.slice(-6).every((s) => s.status === 200)) await new Promise((r) => setTimeout(r, 100));
    running = false;
    await traffic;
    // Every request answered (each is bounded by the client's timeout): served, or refused with 503.
    expect(new Set(seen.map((s) => s.status))).toEqual(new Set([200, 503]));
    expect(seen.slice(-6).every((s) => s.status === 200)).toBe(true);
  });

  it('a statement timeout bounds every query: a query stuck behind a lock is cancelled with 503', async () => {
    const shows = await Promise.all(Array.from({ length: 5 }, () => db.knex.raw<{ rows: Array<{ statement_timeout: string }> }>('SHOW statement_timeout')));
    for (const s of shows) expect(s.rows[0].statement_timeout).toBe('1500ms');
    const blocker = new pg.Client({ connectionString: url() });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE shelters IN ACCESS EXCLUSIVE MODE');
      const stuck = await timed(request(app).get(`${SHELTERS}?limit=1`));
      // Cancelled by the statement timeout (the lock is held until after the answer).
      expect(stuck).toMatchObject({ status: 503, code: 'query_timeout' });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await request(app).get(`${SHELTERS}?limit=1`).expect(200);
  });

  it('a connection killed in the middle of a write leaves no partial change', async () => {
    const created = await request(app).post(SHELTERS).set('Authorization', `Bearer ${token}`).send(shelter('FAULT-HALF')).expect(201);
    const before = await fingerprint(db.knex, ['shelters', 'feature_history']);
    const holder = new pg.Client({ connectionString: url() });
    await holder.connect();
    try {
      // The write updates the shelter, then waits to append its history entry: half done.
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE feature_history IN SHARE MODE');
      const write = timed(request(app).patch(`${SHELTERS}/${created.body.id}`).set('Authorization', `Bearer ${token}`).set('If-Match', '"v1"').send({ properties: { capacity: 999 } }));
      let pid: number | undefined;
      for (let i = 0; i < 100 && pid === undefined; i++) {
        // Inside a transaction the activity view is a snapshot: clear it to see the waiting write.
        await holder.query('SELECT pg_stat_clear_snapshot()');
        const r = await holder.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'update \"shelters\"%'");
        pid = r.rows[0]?.pid;
        if (pid === undefined) await new Promise((res) => setTimeout(res, 50));
      }
      expect(pid).toBeDefined();
      const updated = await holder.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE pid = $1 AND relation = 'shelters'::regclass AND mode = 'RowExclusiveLock'", [pid]);
      expect(Number(updated.rows[0].n)).toBe(1);
      await holder.query('SELECT pg_terminate_backend($1)', [pid]);
      expect(await write).toMatchObject({ status: 503, code: 'database_unavailable' });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await fingerprint(db.knex, ['shelters', 'feature_history'])).toEqual(before);
    // The pool replaced the dead connection: the same edit now goes through, once.
    await request(app).patch(`${SHELTERS}/${created.body.id}`).set('Authorization', `Bearer ${token}`).set('If-Match', '"v1"').send({ properties: { capacity: 999 } }).expect(200);
  });
});

describe.skipIf(onPostgis)('PGlite faults (the embedded database closed under the app)', () => {
  let db: Database;
  let app: Express;
  let token: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    token = (await createToken(db.knex, 'fault-planner', 'planner')).token;
    app = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb' }, log: () => {} }).app;
    await request(app).get(`${SHELTERS}?limit=1`).expect(200);
    await db.close();
  });

  it('health says 503 and every request fails fast with 503, nothing hangs', async () => {
    const health = await timed(request(app).get('/api/health'));
    expect(health.status).toBe(503);
    const answers = await Promise.all([
      timed(request(app).get(`${SHELTERS}?limit=5`)),
      timed(request(app).get(`${SHELTERS}/1`)),
      timed(request(app).get('/ogc/collections')),
      timed(request(app).post(SHELTERS).set('Authorization', `Bearer ${token}`).send(shelter('FAULT-LOST'))),
      timed(request(app).post('/api/auth/login').send({ username: 'x.y', password: 'whatever it is' })),
      timed(request(app).get('/api/history?collection=shelters&id=1').set('Authorization', `Bearer ${token}`)),
    ]);
    for (const a of [health, ...answers]) expect(a.status).toBe(503);
    for (const a of answers) expect(a.code).toBe('database_unavailable');
  });
});
