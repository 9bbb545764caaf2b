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
const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;
const shelter = (code: string, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [110.93, 22.36] },
  properties: { code, name: `测试${code}`, shelter_type: 'emergency', level: 'village', capacity: 300, status: 'open', contact_phone: '0668-8881234', ...extra },
});

interface Entry {
  version: number;
  op: string;
  by: string;
  at: string;
  note: string | null;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
  geometry_changed: boolean;
}

async function history(id: number, collection = 'shelters'): Promise<Entry[]> {
  const res = await request(ctx.app).get(`/api/history?collection=${collection}&id=${id}`).set('Authorization', bearer('admin')).expect(200);
  return res.body.entries as Entry[];
}

async function create(code: string, extra: Record<string, unknown> = {}): Promise<{ id: number; url: string }> {
  const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter(code, extra)).expect(201);
  return { id: res.body.id as number, url: local(res.headers.location) };
}

describe('every write is recorded: who, when, before, after', () => {
  it('create, patch, replace, delete each add a version to the feature’s history, newest first', async () => {
    const { id, url } = await create('H-1');
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 450 } }).expect(200);
    await request(ctx.app).patch(url).set('Authorization', bearer('admin')).set('If-Match', '"v2"').send({ geometry: { type: 'Point', coordinates: [110.94, 22.37] } }).expect(200);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v3"').expect(204);
    const entries = await history(id);
    expect(entries.map((e) => [e.version, e.op, e.by])).toEqual([
      [4, 'delete', 'test-planner'],
      [3, 'update', 'test-admin'],
      [2, 'update', 'test-planner'],
      [1, 'create', 'test-planner'],
    ]);
    expect(entries[2].changes).toEqual([{ field: 'capacity', before: 300, after: 450 }]);
    expect(entries[2].geometry_changed).toBe(false);
    expect(entries[1].changes).toEqual([]);
    expect(entries[1].geometry_changed).toBe(true);
    for (const e of entries) expect(Date.now() - new Date(e.at).getTime()).toBeLessThan(60_000);
  });

  it('keeps the whole row before and after in the audit table', async () => {
    const { id, url } = await create('H-2');
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { status: 'closed' } }).expect(200);
    const row = (await ctx.db.knex('feature_history').where({ collection: 'shelters', feature_id: id, version: 2 }).first()) as { before: unknown; after: unknown };
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;
    expect(parse(row.before)).toMatchObject({ id, version: 1, status: 'open', code: 'H-2', contact_phone: '0668-8881234', geom: { type: 'Point', coordinates: [110.93, 22.36] } });
    expect(parse(row.after)).toMatchObject({ id, version: 2, status: 'closed', updated_by: 'test-planner' });
  });

  it('grading a risk site is recorded too (a write outside the features API)', async () => {
    const before = await history(7, 'risk_sites');
    await request(ctx.app).post('/api/risk-sites/7/grade').set('Authorization', bearer('geohazard')).send({ note: 'after the rains' }).expect(201);
    const after = await history(7, 'risk_sites');
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ op: 'update', by: 'test-geohazard', version: before[0].version + 1 });
  });

  it('the audit entry is written in the same transaction: a write whose entry cannot be stored is not stored either', async () => {
    const { url } = await create('H-ATOMIC');
    const before = await fingerprint(ctx.db.knex, ['shelters', 'feature_history']);
    // Make every new audit entry fail, as a full disk or a broken table would.
    await ctx.db.knex.raw("ALTER TABLE feature_history ADD CONSTRAINT no_more_entries CHECK (op = 'never') NOT VALID");
    try {
      const res = await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 999 } });
      expect(res.status).toBe(500);
      await request(ctx.app).post(SHELTERS).set('Authorization', bearer('planner')).send(shelter('H-ATOMIC-2')).expect(500);
    } finally {
      await ctx.db.knex.raw('ALTER TABLE feature_history DROP CONSTRAINT no_more_entries');
    }
    expect(await fingerprint(ctx.db.knex, ['shelters', 'feature_history'])).toEqual(before);
  });

  it('the history is for signed-in staff only, and says why a query is wrong', async () => {
    await request(ctx.app).get('/api/history?collection=shelters&id=1').expect(401);
    await request(ctx.app).get('/api/history?collection=shelters&id=1').set('Authorization', bearer('geohazard')).expect(200);
    const bad = await request(ctx.app).get('/api/history?collection=shelters&id=abc').set('Authorization', bearer('admin')).expect(400);
    expect(bad.body.error.details[0].field).toBe('id');
    await request(ctx.app).get('/api/history?collection=nope&id=1').set('Authorization', bearer('admin')).expect(404);
    await request(ctx.app).get('/api/history?collection=shelters&id=99999999').set('Authorization', bearer('admin')).expect(404);
    await request(ctx.app).get('/api/history?collection=shelters&sort=x').set('Authorization', bearer('admin')).expect(400);
  });

  it('lists a collection’s deletions, so that a deleted feature can be found and restored', async () => {
    const { id, url } = await create('H-FIND');
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    const res = await request(ctx.app).get('/api/history?collection=shelters&op=delete&limit=5').set('Authorization', bearer('admin')).expect(200);
    expect(res.body.entries[0]).toMatchObject({ feature_id: id, op: 'delete', by: 'test-planner' });
  });
});

describe('GET …/items/{fid}?version=N', () => {
  it('returns an old version as it was; the current one is unchanged', async () => {
    const { id, url } = await create('H-V', { capacity: 100 });
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 200 }, geometry: { type: 'Point', coordinates: [111, 22.5] } }).expect(200);
    const v1 = await request(ctx.app).get(`${url}?version=1`).set('Authorization', bearer('planner')).expect(200);
    expect(v1.body).toMatchObject({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.93, 22.36] } });
    expect(v1.body.properties).toMatchObject({ version: 1, capacity: 100, code: 'H-V', updated_by: 'test-planner', contact_phone: '0668-8881234' });
    expect(v1.body.geometry.crs).toBeUndefined();
    expect((await request(ctx.app).get(url).expect(200)).body.properties.capacity).toBe(200);
  });

  it('old versions show the same attributes as current ones, and hide private ones from the public', async () => {
    const current = (await request(ctx.app).get('/ogc/collections/risk_sites/items/3').set('Authorization', bearer('admin')).expect(200)).body;
    const v = current.properties.version as number;
    const same = (await request(ctx.app).get(`/ogc/collections/risk_sites/items/3?version=${v}`).set('Authorization', bearer('admin')).expect(200)).body;
    expect(same.properties).toEqual(current.properties);
    expect(same.geometry).toEqual(current.geometry);
    const anon = (await request(ctx.app).get(`/ogc/collections/risk_sites/items/3?version=${v}`).expect(200)).body;
    expect(Object.keys(anon.properties)).not.toContain('monitor_phone');
    expect(Object.keys(anon.properties)).not.toContain('monitor_name');
  });

  it('old versions of a deleted feature are for staff only (404 for the public, as the feature itself)', async () => {
    const { url } = await create('H-VDEL');
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 120 } }).expect(200);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v2"').expect(204);
    await request(ctx.app).get(url).expect(404);
    for (const v of [1, 2, 3]) {
      const res = await request(ctx.app).get(`${url}?version=${v}`).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('H-VDEL');
    }
    const staff = await request(ctx.app).get(`${url}?version=2`).set('Authorization', bearer('geohazard')).expect(200);
    expect(staff.body.properties).toMatchObject({ code: 'H-VDEL', capacity: 120, version: 2, updated_by: 'test-planner' });
  });

  it('the public never sees who wrote an old version (updated_by); staff do', async () => {
    const { url } = await create('H-VWHO');
    await request(ctx.app).patch(url).set('Authorization', bearer('admin')).set('If-Match', '"v1"').send({ properties: { capacity: 130 } }).expect(200);
    for (const v of [1, 2]) {
      const anon = await request(ctx.app).get(`${url}?version=${v}`).expect(200);
      expect(anon.body.properties.version).toBe(v);
      expect(anon.body.properties).not.toHaveProperty('updated_by');
      expect(JSON.stringify(anon.body)).not.toMatch(/test-(planner|admin)/);
    }
    const staff = await request(ctx.app).get(`${url}?version=1`).set('Authorization', bearer('planner')).expect(200);
    expect(staff.body.properties.updated_by).toBe('test-planner');
  });

  it('404 for a version that never was, 400 for a malformed one', async () => {
    const { url } = await create('H-V404');
    await request(ctx.app).get(`${url}?version=7`).expect(404);
    await request(ctx.app).get(`${url}?version=0`).expect(400);
    await request(ctx.app).get(`${url}?version=two`).expect(400);
    await request(ctx.app).get(`${url}?version=1&version=2`).expect(400);
  });
});

describe('deletes are soft', () => {
  it('a deleted feature leaves every read: item, items, count, bbox search', async () => {
    const { id, url } = await create('H-SOFT');
    const count = async () => (await request(ctx.app).get(`${SHELTERS}?limit=1`).expect(200)).body.numberMatched as number;
    const n = await count();
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    await request(ctx.app).get(url).expect(404);
    expect(await count()).toBe(n - 1);
    const inBox = (await request(ctx.app).get(`${SHELTERS}?bbox=110.92,22.35,110.94,22.37&limit=1000`).expect(200)).body.features as Array<{ id: number }>;
    expect(inBox.map((f) => f.id)).not.toContain(id);
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v2"').send({ properties: { capacity: 1 } }).expect(404);
    // …but the row and its history are still there.
    expect(await ctx.db.knex('shelters').where({ id }).whereNotNull('deleted_at').first('id')).toBeDefined();
    expect((await request(ctx.app).get(`${url}?version=1`).set('Authorization', bearer('planner')).expect(200)).body.properties.code).toBe('H-SOFT');
  });

  it('frees the code for a new feature', async () => {
    const { url } = await create('H-CODE');
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    await create('H-CODE');
  });
});

describe('POST /api/history/restore', () => {
  const restore = (body: Record<string, unknown>, role: keyof TestContext['tokens'] = 'planner') =>
    request(ctx.app).post('/api/history/restore').set('Authorization', bearer(role)).send(body);

  it('brings a deleted feature back, same id, as a new version with its own audit entry', async () => {
    const { id, url } = await create('H-UNDEL', { capacity: 321 });
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    const res = await restore({ collection: 'shelters', id }).expect(200);
    expect(res.headers.etag).toBe('"v3"');
    expect(res.body).toMatchObject({ id, properties: { code: 'H-UNDEL', capacity: 321, version: 3, updated_by: 'test-planner' } });
    expect((await request(ctx.app).get(url).expect(200)).body.properties.capacity).toBe(321);
    const [latest] = await history(id);
    expect(latest).toMatchObject({ version: 3, op: 'restore', by: 'test-planner', note: 'undeleted' });
  });

  it('brings an old version back as the newest version', async () => {
    const { id, url } = await create('H-OLD', { capacity: 100, status: 'open' });
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 5, status: 'closed' }, geometry: { type: 'Point', coordinates: [111.2, 22.6] } }).expect(200);
    const res = await restore({ collection: 'shelters', id, version: 1 }).expect(200);
    expect(res.body.properties).toMatchObject({ capacity: 100, status: 'open', version: 3 });
    expect(res.body.geometry.coordinates).toEqual([110.93, 22.36]);
    const [latest] = await history(id);
    expect(latest).toMatchObject({ version: 3, op: 'restore', note: 'restored from version 1' });
    expect(latest.changes).toEqual(expect.arrayContaining([{ field: 'capacity', before: 5, after: 100 }]));
  });

  it('an old version of a deleted feature brings it back at that version', async () => {
    const { id, url } = await create('H-BOTH', { capacity: 10 });
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 20 } }).expect(200);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v2"').expect(204);
    expect((await restore({ collection: 'shelters', id, version: 1 }).expect(200)).body.properties).toMatchObject({ capacity: 10, version: 4 });
  });

  it('refuses what cannot be restored, changing nothing', async () => {
    const { id, url } = await create('H-NO');
    const before = await fingerprint(ctx.db.knex, ['shelters', 'feature_history']);
    await restore({ collection: 'shelters', id }).expect(409); // not deleted
    await restore({ collection: 'shelters', id, version: 9 }).expect(404);
    await restore({ collection: 'shelters', id: 99999999 }).expect(404);
    await restore({ collection: 'nope', id }).expect(404);
    expect((await restore({ collection: 'shelters', id: 'x' }).expect(422)).body.error.details[0].field).toBe('id');
    await restore({ collection: 'shelters', id, extra: 1 }).expect(422);
    await restore({ collection: 'shelters', id }, 'geohazard').expect(403);
    await request(ctx.app).post('/api/history/restore').send({ collection: 'shelters', id }).expect(401);
    await request(ctx.app).post('/api/history/restore').set('Authorization', bearer('planner')).set('If-Match', '"v7"').send({ collection: 'shelters', id, version: 1 }).expect(412);
    expect(await fingerprint(ctx.db.knex, ['shelters', 'feature_history'])).toEqual(before);
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    // The deletion itself is not a version to bring back.
    await restore({ collection: 'shelters', id, version: 2 }).expect(409);
  });

  it('even a row deleted outside the service (a DELETE in psql) is kept, and comes back under its id', async () => {
    const { id, url } = await create('H-PURGE', { capacity: 77 });
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 78 } }).expect(200);
    await ctx.db.knex('shelters').where({ id }).delete();
    await request(ctx.app).get(url).expect(404);
    const [purge] = await history(id);
    expect(purge).toMatchObject({ op: 'purge', version: 2 });
    const back = await restore({ collection: 'shelters', id }).expect(200);
    expect(back.body).toMatchObject({ id, properties: { code: 'H-PURGE', capacity: 78, version: 3 } });
    expect((await history(id))[0]).toMatchObject({ op: 'restore', version: 3, by: 'test-planner', note: 'brought back after a hard delete' });
    await request(ctx.app).get(url).expect(200);
  });

  it('refuses to bring back a feature whose code a live feature now has (409)', async () => {
    const { id, url } = await create('H-TAKEN');
    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').expect(204);
    await create('H-TAKEN');
    const res = await restore({ collection: 'shelters', id }).expect(409);
    expect(res.body.error.details[0].field).toBe('code');
  });
});

describe('concurrent edits', () => {
  it('writers with the same If-Match: exactly one wins, every other gets 412 with the current version', async () => {
    const { id, url } = await create('H-RACE');
    const writers = Array.from({ length: 6 }, (_, i) =>
      request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 1000 + i } }),
    );
    const answers = await Promise.all(writers);
    const winners = answers.filter((r) => r.status === 200);
    const losers = answers.filter((r) => r.status === 412);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(5);
    const won = winners[0].body.properties.capacity as number;
    for (const l of losers) {
      expect(l.headers.etag).toBe('"v2"');
      expect(l.body.error).toMatchObject({ code: 'precondition_failed', current_version: 2, current: { id, properties: { capacity: won, version: 2 } } });
    }
    // One new version, recorded once: no lost update, no phantom entry.
    const entries = await history(id);
    expect(entries.map((e) => e.version)).toEqual([2, 1]);
    expect((await request(ctx.app).get(url).expect(200)).body.properties.capacity).toBe(won);
  });

  it('a delete racing an edit: one wins, the other gets 412 or 404, never both applied', async () => {
    const { url } = await create('H-RACE2');
    const [edit, del] = await Promise.all([
      request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { capacity: 7 } }),
      request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"'),
    ]);
    expect([edit.status === 200, del.status === 204].filter(Boolean)).toHaveLength(1);
    expect([404, 412]).toContain(edit.status === 200 ? del.status : edit.status);
  });
});
