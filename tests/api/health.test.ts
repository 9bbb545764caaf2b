import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app.ts';
import { openTestApp, openTestDatabase, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const expectedKind = process.env.DATABASE_URL ? 'postgis' : 'pglite';

describe('GET /api/health', () => {
  it('says ok with the database kind and the PostGIS version', async () => {
    const res = await request(ctx.app).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: expectedKind, postgis: expect.stringMatching(/^3\.\d+/) });
    // About this instance now: no cache (a proxy in front of several instances) may keep it.
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 in the same shape when the database is gone', async () => {
    const db = await openTestDatabase();
    const { app } = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb' }, log: () => {} });
    await db.close();
    const res = await request(app).get('/api/health').expect(503);
    expect(res.body).toEqual({ status: 'unavailable', database: expectedKind, postgis: null });
  });
});
