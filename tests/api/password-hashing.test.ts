import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASHING_SLOTS, hashingGauge } from '../../server/auth/passwords.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

describe('password hashing never holds up reads', () => {
  it('40 failed logins at once leave threads for a gzip-compressed read, which answers before the last login does', async () => {
    // One failed login first, so that the decoy hash (checked for unknown names) is made already
    // and every login below goes straight to scrypt.
    await request(ctx.app).post('/api/auth/login').set('X-Forwarded-For', '198.19.1.1').send({ username: 'nobody', password: 'not the password' }).expect(401);
    const finished: string[] = [];
    const logins = Array.from({ length: 40 }, (_, i) =>
      request(ctx.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', `198.19.0.${i + 1}`)
        .send({ username: `nobody.${i}`, password: 'not the password' })
        .then((r) => (finished.push('login'), r)),
    );
    const read = request(ctx.app)
      .get('/ogc/collections/risk_sites/items?limit=2000')
      .set('Accept-Encoding', 'gzip')
      .then((r) => (finished.push('read'), r));
    const [res, ...answers] = await Promise.all([read, ...logins]);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.features).toHaveLength(2000);
    // A login is refused (401) or, when too many wait for a hash, told to come back (503 + Retry-After).
    for (const a of answers) {
      expect([401, 503]).toContain(a.status);
      if (a.status === 503) expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The zlib work of the read did not wait in libuv's queue behind every hash.
    // Never more hashes at once than their slots, so libuv's other threads stay free for zlib and files…
    expect(HASHING_SLOTS).toBeLessThan(4); // libuv's default pool has 4 threads
    expect(hashingGauge().mostRunning).toBe(HASHING_SLOTS);
    expect(hashingGauge()).toMatchObject({ running: 0, waiting: 0 });
    // …so the read's compression did not queue behind the hashes: it answered before half the logins
    // had (with every hash in libuv's queue, as before, it came 38th to 41st of 41).
    expect(finished.indexOf('read')).toBeLessThan(20);
  });
});
