import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app.ts';
import { createUser } from '../../server/auth/users.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
const PASSWORD = 'correct horse battery';
beforeAll(async () => {
  ctx = await openTestApp();
  await createUser(ctx.db.knex, 'chen.admin', 'admin', PASSWORD);
  await createUser(ctx.db.knex, 'li.planner', 'planner', PASSWORD);
  await createUser(ctx.db.knex, 'wang.geo', 'geohazard', PASSWORD);
});
afterAll(async () => ctx?.close());

const SHELTERS = '/ogc/collections/shelters/items';
const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;
const shelter = (code: string) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [110.93, 22.36] },
  properties: { code, name: `测试${code}`, shelter_type: 'emergency', level: 'village', capacity: 100, status: 'open' },
});

/** Signs in and returns the Cookie header value that the browser would send back. */
async function login(username: string, password = PASSWORD, app = ctx.app): Promise<string> {
  const res = await request(app).post('/api/auth/login').send({ username, password }).expect(200);
  return (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
}

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly, SameSite session cookie and says who signed in', async () => {
    const res = await request(ctx.app).post('/api/auth/login').send({ username: 'li.planner', password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ name: 'li.planner', role: 'planner', expires_at: expect.any(String) });
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(cookie).toMatch(/^onemap_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toMatch(/Max-Age=43200/);
    // Over plain HTTP the cookie cannot be Secure; behind TLS it is (see the proxy test below).
    expect(cookie).not.toContain('Secure');
  });

  it('names are case-insensitive', async () => {
    await request(ctx.app).post('/api/auth/login').send({ username: 'LI.Planner', password: PASSWORD }).expect(200);
  });

  it('answers a wrong password and an unknown user alike, with 401 and no cookie', async () => {
    const wrong = await request(ctx.app).post('/api/auth/login').send({ username: 'wang.geo', password: 'not the password' }).expect(401);
    const unknown = await request(ctx.app).post('/api/auth/login').send({ username: 'nobody', password: 'not the password' }).expect(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a body that is not a JSON login (415 / 422 naming the field)', async () => {
    await request(ctx.app).post('/api/auth/login').type('form').send('username=a&password=b').expect(415);
    const res = await request(ctx.app).post('/api/auth/login').send({ username: 'a' }).expect(422);
    expect(res.body.error.details[0].field).toBe('password');
  });

  it('sets a Secure cookie when the request came over TLS through the trusted proxy', async () => {
    const res = await request(ctx.app).post('/api/auth/login').set('X-Forwarded-Proto', 'https').send({ username: 'li.planner', password: PASSWORD }).expect(200);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toContain('Secure');
  });
});

describe('the session', () => {
  it('GET /api/auth/me: {name, role} with the cookie, { user: null } (not an error) without', async () => {
    const cookie = await login('wang.geo');
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body).toEqual({ name: 'wang.geo', role: 'geohazard' });
    expect((await request(ctx.app).get('/api/auth/me').expect(200)).body).toEqual({ user: null });
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', 'onemap_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(200)).body).toEqual({ user: null });
  });

  it('lives in the database: another instance on the same database accepts it', async () => {
    const cookie = await login('li.planner');
    const other = createApp({ db: ctx.db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb' }, log: () => {} });
    expect((await request(other.app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body.name).toBe('li.planner');
  });

  it('logout ends it on the server, not only in the browser', async () => {
    const cookie = await login('li.planner');
    const res = await request(ctx.app).post('/api/auth/logout').set('Cookie', cookie).set('X-Requested-With', 'OneMap').expect(204);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^onemap_session=; .*Max-Age=0/);
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body).toEqual({ user: null });
  });

  it('expires', async () => {
    const cookie = await login('li.planner');
    await ctx.db.knex('sessions').update({ expires_at: ctx.db.knex.raw("now() - interval '1 second'") });
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body).toEqual({ user: null });
    // An expired cookie does not spoil the public map: reads work as anonymous.
    await request(ctx.app).get(`${SHELTERS}?limit=1`).set('Cookie', cookie).expect(200);
  });

  it('lasts SESSION_TTL_HOURS', async () => {
    const short = createApp({ db: ctx.db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb', SESSION_TTL_HOURS: 0.5 }, log: () => {} });
    const res = await request(short.app).post('/api/auth/login').send({ username: 'li.planner', password: PASSWORD }).expect(200);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toContain('Max-Age=1800');
    const left = new Date(res.body.expires_at).getTime() - Date.now();
    expect(left).toBeGreaterThan(1790_000);
    expect(left).toBeLessThanOrEqual(1800_000);
  });
});

describe('cookie-authenticated writes are protected from cross-site forgery', () => {
  it('a write with the cookie alone is refused (403), nothing written', async () => {
    const cookie = await login('li.planner');
    const res = await request(ctx.app).post(SHELTERS).set('Cookie', cookie).send(shelter('CSRF-1')).expect(403);
    expect(res.body.error.code).toBe('csrf_rejected');
    expect(await ctx.db.knex('shelters').where({ code: 'CSRF-1' }).first()).toBeUndefined();
  });

  it('a write from another origin is refused even with the header', async () => {
    const cookie = await login('li.planner');
    await request(ctx.app).post(SHELTERS).set('Cookie', cookie).set('X-Requested-With', 'OneMap').set('Origin', 'https://evil.example').send(shelter('CSRF-2')).expect(403);
  });

  it('a write from our own page (header, same origin) goes through, recorded under the user’s name', async () => {
    const cookie = await login('li.planner');
    const agent = request(ctx.app);
    const res = await agent.post(SHELTERS).set('Cookie', cookie).set('X-Requested-With', 'OneMap').send(shelter('CSRF-3')).expect(201);
    expect(res.body.properties.updated_by).toBe('li.planner');
  });

  it('bearer tokens need no such header (a forged request cannot carry one)', async () => {
    await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('CSRF-4')).expect(201);
  });
});

describe('roles', () => {
  const site = async () => (await request(ctx.app).get('/ogc/collections/risk_sites/items/5')).body;
  const write = (cookie: string) => (r: request.Test) => r.set('Cookie', cookie).set('X-Requested-With', 'OneMap');

  it('planners write shelters, depots and hazard zones, not risk sites', async () => {
    const as = write(await login('li.planner'));
    await as(request(ctx.app).post(SHELTERS)).send(shelter('ROLE-P')).expect(201);
    const s = await site();
    await as(request(ctx.app).patch('/ogc/collections/risk_sites/items/5')).set('If-Match', `"v${s.properties.version}"`).send({ properties: { households: 3 } }).expect(403);
  });

  it('geohazard teams write risk sites, not shelters', async () => {
    const as = write(await login('wang.geo'));
    await as(request(ctx.app).post(SHELTERS)).send(shelter('ROLE-G')).expect(403);
    const s = await site();
    await as(request(ctx.app).patch('/ogc/collections/risk_sites/items/5')).set('If-Match', `"v${s.properties.version}"`).send({ properties: { households: 3 } }).expect(200);
  });

  it('only admins manage users and tokens', async () => {
    for (const who of ['li.planner', 'wang.geo']) {
      const as = write(await login(who));
      await as(request(ctx.app).get('/api/users')).expect(403);
      await as(request(ctx.app).post('/api/users')).send({ username: 'x.y', role: 'admin', password: 'long enough pw' }).expect(403);
      await as(request(ctx.app).get('/api/tokens')).expect(403);
      await as(request(ctx.app).post('/api/tokens')).send({ name: 'x', role: 'admin' }).expect(403);
    }
    await request(ctx.app).get('/api/users').expect(401);
    await request(ctx.app).post('/api/tokens').send({ name: 'x', role: 'admin' }).expect(401);
  });
});

describe('admins manage users', () => {
  const admin = () => ({ Authorization: bearer('admin') });

  it('create, list (never a hash), sign in as the new user', async () => {
    const created = await request(ctx.app).post('/api/users').set(admin()).send({ username: 'zhou.geo', role: 'geohazard', password: 'a long pass phrase' }).expect(201);
    expect(created.body).toMatchObject({ username: 'zhou.geo', role: 'geohazard', disabled_at: null });
    const list = await request(ctx.app).get('/api/users').set(admin()).expect(200);
    expect(list.body.users.map((u: { username: string }) => u.username)).toContain('zhou.geo');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/);
    await login('zhou.geo', 'a long pass phrase');
  });

  it('stores passwords as salted scrypt hashes only', async () => {
    const rows = (await ctx.db.knex('users').select('password_hash')) as Array<{ password_hash: string }>;
    const hashes = rows.map((r) => r.password_hash);
    for (const h of hashes) {
      expect(h).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{86}==$/);
      expect(h).not.toContain(PASSWORD);
    }
    // Same password, different salts.
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('refuses a duplicate name (any case), a weak password and unknown fields', async () => {
    await request(ctx.app).post('/api/users').set(admin()).send({ username: 'CHEN.ADMIN', role: 'planner', password: 'a long pass phrase' }).expect(409);
    const weak = await request(ctx.app).post('/api/users').set(admin()).send({ username: 'weak.one', role: 'planner', password: 'short' }).expect(422);
    expect(weak.body.error.details[0].field).toBe('password');
    await request(ctx.app).post('/api/users').set(admin()).send({ username: 'x.z', role: 'planner', password: 'a long pass phrase', is_admin: true }).expect(422);
    await request(ctx.app).post('/api/users').set(admin()).send({ username: 'x z<script>', role: 'planner', password: 'a long pass phrase' }).expect(422);
    await request(ctx.app).post('/api/users').set(admin()).send({ username: 'x.w', role: 'root', password: 'a long pass phrase' }).expect(422);
  });

  it('a role change takes effect on the next request of a live session', async () => {
    const u = (await request(ctx.app).post('/api/users').set(admin()).send({ username: 'sun.p', role: 'planner', password: 'a long pass phrase' }).expect(201)).body;
    const cookie = await login('sun.p', 'a long pass phrase');
    await request(ctx.app).patch(`/api/users/${u.id}`).set(admin()).send({ role: 'geohazard' }).expect(200);
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body.role).toBe('geohazard');
  });

  it('a new password or disabling ends the user’s sessions; a disabled user cannot sign in', async () => {
    const u = (await request(ctx.app).post('/api/users').set(admin()).send({ username: 'he.p', role: 'planner', password: 'a long pass phrase' }).expect(201)).body;
    const first = await login('he.p', 'a long pass phrase');
    await request(ctx.app).patch(`/api/users/${u.id}`).set(admin()).send({ password: 'another long phrase' }).expect(200);
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', first).expect(200)).body).toEqual({ user: null });
    const second = await login('he.p', 'another long phrase');
    await request(ctx.app).delete(`/api/users/${u.id}`).set(admin()).expect(204);
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', second).expect(200)).body).toEqual({ user: null });
    await request(ctx.app).post('/api/auth/login').send({ username: 'he.p', password: 'another long phrase' }).expect(401);
    // Re-enabled, the account signs in again.
    await request(ctx.app).patch(`/api/users/${u.id}`).set(admin()).send({ disabled: false }).expect(200);
    await login('he.p', 'another long phrase');
  });

  it('the last enabled admin cannot be demoted or disabled', async () => {
    const admins = (await ctx.db.knex('users').where({ role: 'admin' }).select('id')) as Array<{ id: number }>;
    expect(admins).toHaveLength(1);
    await request(ctx.app).patch(`/api/users/${admins[0].id}`).set(admin()).send({ role: 'planner' }).expect(409);
    await request(ctx.app).delete(`/api/users/${admins[0].id}`).set(admin()).expect(409);
    await request(ctx.app).patch('/api/users/999999').set(admin()).send({ role: 'planner' }).expect(404);
  });

  it('users change their own password (current one required)', async () => {
    await request(ctx.app).post('/api/users').set(admin()).send({ username: 'ma.g', role: 'geohazard', password: 'a long pass phrase' }).expect(201);
    const cookie = await login('ma.g', 'a long pass phrase');
    const hdr = { Cookie: cookie, 'X-Requested-With': 'OneMap' };
    await request(ctx.app).post('/api/auth/password').set(hdr).send({ current_password: 'wrong one', new_password: 'a brand new phrase' }).expect(422);
    const res = await request(ctx.app).post('/api/auth/password').set(hdr).send({ current_password: 'a long pass phrase', new_password: 'a brand new phrase' }).expect(200);
    // The old session ended; the browser got a new one.
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body).toEqual({ user: null });
    const renewed = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    expect((await request(ctx.app).get('/api/auth/me').set('Cookie', renewed).expect(200)).body.name).toBe('ma.g');
    await login('ma.g', 'a brand new phrase');
  });
});

describe('admins manage tokens', () => {
  it('list without secrets, create (shown once), revoke (then 401)', async () => {
    const created = await request(ctx.app).post('/api/tokens').set('Authorization', bearer('admin')).send({ name: 'sync-script', role: 'planner' }).expect(201);
    expect(created.body.token).toMatch(/^om_/);
    const list = await request(ctx.app).get('/api/tokens').set('Authorization', bearer('admin')).expect(200);
    const listed = list.body.tokens.find((t: { id: number }) => t.id === created.body.id);
    expect(listed).toMatchObject({ name: 'sync-script', role: 'planner', revoked_at: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(JSON.stringify(list.body)).not.toMatch(/hash/);
    await request(ctx.app).post(SHELTERS).set('Authorization', `Bearer ${created.body.token}`).send(shelter('TOK-1')).expect(201);
    await request(ctx.app).delete(`/api/tokens/${created.body.id}`).set('Authorization', bearer('admin')).expect(204);
    await request(ctx.app).post(SHELTERS).set('Authorization', `Bearer ${created.body.token}`).send(shelter('TOK-2')).expect(401);
    await request(ctx.app).delete(`/api/tokens/${created.body.id}`).set('Authorization', bearer('admin')).expect(404);
  });

  it('an admin signed in on the web manages tokens too', async () => {
    const cookie = await login('chen.admin');
    await request(ctx.app).post('/api/tokens').set('Cookie', cookie).set('X-Requested-With', 'OneMap').send({ name: 'from-web', role: 'geohazard' }).expect(201);
  });
});
