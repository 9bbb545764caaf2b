import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app.ts';
import type { Config } from '../../server/config.ts';
import { createUser } from '../../server/auth/users.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
const PASSWORD = 'correct horse battery';
beforeAll(async () => {
  ctx = await openTestApp();
  for (const name of ['acct.a', 'acct.b', 'acct.c', 'acct.d', 'acct.e', 'acct.g', 'acct.h']) await createUser(ctx.db.knex, name, 'planner', PASSWORD);
});
afterAll(async () => ctx?.close());

const appWith = (config: Partial<Config>) => createApp({ db: ctx.db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb', ...config }, log: () => {} }).app;

/** A login from a given client address (the app trusts X-Forwarded-For from the loopback proxy). */
const attempt = (username: string, password: string, address: string, app = ctx.app) =>
  request(app).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

describe('login rate limits', () => {
  it('per account and address: 5 wrong passwords from one address lock that address out (429 + Retry-After), not the owner elsewhere', async () => {
    for (let i = 0; i < 5; i++) await attempt('acct.a', 'wrong password', '198.51.100.1').expect(401);
    const locked = await attempt('acct.a', PASSWORD, '198.51.100.1').expect(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
    // The owner, at another address, signs in; that does not unlock the stranger's address.
    await attempt('acct.a', PASSWORD, '198.51.100.2').expect(200);
    await attempt('acct.a', PASSWORD, '198.51.100.1').expect(429);
    // Other accounts from the stranger's address are not locked by this account's count.
    await attempt('acct.b', PASSWORD, '198.51.100.1').expect(200);
  });

  it('per address: 20 failures from one address, whatever the names, stop that address only', async () => {
    for (let i = 0; i < 20; i++) await attempt(`guess${i}`, 'wrong password', '203.0.113.9').expect(401);
    await attempt('acct.c', PASSWORD, '203.0.113.9').expect(429);
    await attempt('acct.c', PASSWORD, '203.0.113.10').expect(200);
  });

  it('a successful login forgives the failures made from its address', async () => {
    for (let i = 0; i < 4; i++) await attempt('acct.d', 'wrong password', '192.0.2.1').expect(401);
    await attempt('acct.d', PASSWORD, '192.0.2.1').expect(200);
    for (let i = 0; i < 4; i++) await attempt('acct.d', 'wrong password', '192.0.2.1').expect(401);
    await attempt('acct.d', PASSWORD, '192.0.2.1').expect(200);
  });

  it('many guesses in parallel from one address cannot slip past the limit together', async () => {
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt('acct.e', `wrong ${i}`, '192.0.2.100')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('per account across addresses: a spray from many addresses is throttled, except where the account signed in before', async () => {
    await attempt('acct.g', PASSWORD, '192.0.2.200').expect(200); // the owner, at home
    // Twenty strangers, one guess each: under every per-address limit, but the account's total is spent.
    for (let i = 0; i < 20; i++) await attempt('acct.g', 'wrong password', `198.18.0.${i + 1}`).expect(401);
    const throttled = await attempt('acct.g', 'wrong password', '198.18.0.99').expect(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    await attempt('acct.g', PASSWORD, '198.18.0.100').expect(429);
    // The owner's own address is not throttled: a wrong password there is checked, and the right one signs in.
    await attempt('acct.g', 'wrong password', '192.0.2.200').expect(401);
    await attempt('acct.g', PASSWORD, '192.0.2.200').expect(200);
  });

  it('many guesses in parallel from many addresses cannot slip past the account’s total together', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => attempt('acct.h', `wrong ${i}`, `198.18.1.${i + 1}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(20);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('limits are configurable (LOGIN_LIMIT_ACCOUNT)', async () => {
    const strict = appWith({ LOGIN_LIMIT_ACCOUNT: 1 });
    await createUser(ctx.db.knex, 'acct.f', 'planner', PASSWORD);
    await attempt('acct.f', 'wrong password', '192.0.2.50', strict).expect(401);
    await attempt('acct.f', PASSWORD, '192.0.2.50', strict).expect(429);
  });
});

describe('anonymous rate limit', () => {
  it('answers 429 with Retry-After past the limit; staff and the health check are not limited', async () => {
    const app = appWith({ READ_RATE_LIMIT_PER_MIN: 5 });
    for (let i = 0; i < 5; i++) {
      const ok = await request(app).get('/ogc/collections/shelters/items?limit=1').expect(200);
      expect(ok.headers.ratelimit).toMatch(new RegExp(`r=${4 - i}`));
    }
    const res = await request(app).get('/ogc/collections/shelters/items?limit=1').expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.headers['retry-after']).toBe('60');
    await request(app).get('/ogc/collections/shelters/items?limit=1').set('Authorization', `Bearer ${ctx.tokens.planner}`).expect(200);
    await request(app).get('/api/health').expect(200);
    // Another client address has its own allowance.
    await request(app).get('/ogc/collections/shelters/items?limit=1').set('X-Forwarded-For', '198.51.100.77').expect(200);
  });

  it('is generous by default (3,000 a minute)', async () => {
    const res = await request(ctx.app).get('/ogc/collections').expect(200);
    expect(res.headers['ratelimit-policy']).toMatch(/q=3000/);
  });
});

describe('security headers', () => {
  it('sends a content security policy, nosniff, no framing, and no server banner', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters/items?limit=1').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('adds HSTS and upgrade-insecure-requests when PUBLIC_URL is https', async () => {
    const res = await request(appWith({ PUBLIC_URL: 'https://onemap.example.gov.cn' })).get('/api/health').expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('error answers carry the headers too', async () => {
    const res = await request(ctx.app).get('/nowhere').expect(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('CORS allow-list (CORS_ORIGINS)', () => {
  const app = () => appWith({ CORS_ORIGINS: 'https://map.example.gov.cn, https://gis.example.org/' });

  it('lets an allowed origin read, with the ETag exposed, never with credentials', async () => {
    const res = await request(app()).get('/ogc/collections/shelters/items/1').set('Origin', 'https://map.example.gov.cn').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://map.example.gov.cn');
    expect(res.headers['access-control-expose-headers']).toContain('ETag');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toContain('Origin');
  });

  it('answers an allowed preflight for a bearer write', async () => {
    const res = await request(app())
      .options('/ogc/collections/shelters/items')
      .set('Origin', 'https://gis.example.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type')
      .expect(204);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
  });

  it('answers any origin with * (no credentials) on anonymous public reads: features, tiles, TileJSON, search, nearest shelter', async () => {
    for (const url of ['/ogc/collections/shelters/items?limit=1', '/ogc/collections/shelters/items/1', '/tiles/onemap.json', '/ogc/collections/shelters/tiles/WebMercatorQuad', '/api/search?q=xinyi', '/api/analysis/nearest-shelter?lon=110.94&lat=22.35']) {
      const res = await request(ctx.app).get(url).set('Origin', 'https://other-map.example');
      expect(res.status, url).toBeLessThan(400);
      expect(res.headers['access-control-allow-origin'], url).toBe('*');
      expect(res.headers['access-control-allow-credentials'], url).toBeUndefined();
    }
    const tilejson = (await request(ctx.app).get('/tiles/onemap.json').set('Origin', 'https://other-map.example').expect(200)).body as { tiles: string[] };
    const tile = await request(ctx.app).get(new URL(tilejson.tiles[0].replace('{z}/{x}/{y}', '10/822/448')).pathname).set('Origin', 'https://other-map.example');
    expect(tile.headers['access-control-allow-origin']).toBe('*');
    // A preflight for a plain read is answered for any origin; one for a bearer request is not.
    const pre = await request(ctx.app).options('/tiles/onemap.json').set('Origin', 'https://other-map.example').set('Access-Control-Request-Method', 'GET').expect(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const bearerPre = await request(ctx.app).options('/tiles/onemap.json').set('Origin', 'https://other-map.example').set('Access-Control-Request-Method', 'GET').set('Access-Control-Request-Headers', 'authorization').expect(204);
    expect(bearerPre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives other origins nothing for credentialed requests and private routes (the browser then blocks the page from the answer)', async () => {
    const res = await request(app()).get('/ogc/collections/shelters/items/1').set('Origin', 'https://evil.example').set('Authorization', `Bearer ${ctx.tokens.planner}`).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const cookie = await request(app()).get('/ogc/collections/shelters/items/1').set('Origin', 'https://evil.example').set('Cookie', 'onemap_session=x').expect(200);
    expect(cookie.headers['access-control-allow-origin']).toBeUndefined();
    const users = await request(app()).get('/api/users').set('Origin', 'https://evil.example');
    expect(users.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await request(app()).options('/ogc/collections/shelters/items').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST').expect(204);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('gives the allow-listed origins nothing more by default than any origin: anonymous public reads only', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters/items/1').set('Origin', 'https://map.example.gov.cn').set('Authorization', `Bearer ${ctx.tokens.planner}`).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
