/**
 * During a warning: a CAP alert becomes a warning, an operation moves exactly the households
 * the trigger rules select, cadres and shelter staff update it concurrently without losing
 * anything, a full shelter sends its remaining households elsewhere, and the live streams push
 * every change. Special needs stay with staff.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { createToken } from '../../server/auth/tokens.ts';
import { selectedSiteIds } from '../../server/operations/operation-store.ts';
import { openStream } from '../helpers/event-stream.ts';

let ctx: TestContext;
let server: http.Server;
let base: string;
beforeAll(async () => {
  ctx = await openTestApp();
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

const as = (role: keyof TestContext['tokens']) => ({ Authorization: `Bearer ${ctx.tokens[role]}` });
const CAP = 'application/cap+xml';

function capAlert(id: string, area: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${id}</identifier>
  <sender>gdmb@gd.gov.cn</sender>
  <sent>2026-06-01T08:00:00+08:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  ${extra}
  <info>
    <language>zh-CN</language>
    <category>Geo</category>
    <event>地质灾害气象风险预警</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <onset>2026-06-01T08:00:00+08:00</onset>
    <expires>2099-06-02T08:00:00+08:00</expires>
    <senderName>茂名市自然资源局</senderName>
    <headline>信宜市地质灾害气象风险橙色预警</headline>
    <description>预计未来24小时发生地质灾害的风险高。</description>
    <parameter><valueName>预警级别</valueName><value>橙色</value></parameter>
    <area><areaDesc>信宜市</areaDesc>${area}</area>
  </info>
</alert>`;
}

/** The sample's densest cluster of graded sites, and a polygon around it (CAP order: lat,lon). */
async function hotSpot() {
  const r = await ctx.db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
    "SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS x, ST_Y(ST_Centroid(ST_Collect(geom))) AS y FROM risk_sites WHERE grade IN ('very_high', 'high')",
  );
  const { x, y } = r.rows[0];
  const d = 0.08;
  const ring = [[y - d, x - d], [y - d, x + d], [y + d, x + d], [y + d, x - d], [y - d, x - d]].map(([la, lo]) => `${la.toFixed(5)},${lo.toFixed(5)}`).join(' ');
  return { x, y, ring };
}

describe('warnings from CAP alerts', () => {
  it('reads a <polygon> alert (latitude first) into a warning over that area, shown to the public while in force', async () => {
    const { x, y, ring } = await hotSpot();
    const res = await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-POLY-1', `<polygon>${ring}</polygon>`)).expect(201);
    expect(res.body.properties).toMatchObject({ code: 'CAP-POLY-1', hazard: 'geohazard', level: 'orange', severity: 'Severe', urgency: 'Expected', source: '茂名市自然资源局' });
    const inside = await ctx.db.knex.raw<{ rows: Array<{ a: boolean; b: boolean }> }>(
      'SELECT ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) AS a, ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) AS b FROM warnings WHERE code = ?',
      [x, y, x + 0.5, y, 'CAP-POLY-1'],
    );
    expect(inside.rows[0]).toEqual({ a: true, b: false });
    const items = (await request(ctx.app).get('/ogc/collections/warnings/items').expect(200)).body;
    expect(items.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('CAP-POLY-1');
  });

  it('reads a <circle> ("lat,lon radius-km") and a <geocode> township code', async () => {
    const circle = await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-CIRCLE-1', '<circle>22.36,110.94 5</circle>')).expect(201);
    const area = await ctx.db.knex.raw<{ rows: Array<{ km2: number }> }>("SELECT ST_Area(geom::geography) / 1e6 AS km2 FROM warnings WHERE code = 'CAP-CIRCLE-1'");
    // A 5 km circle: π·25 ≈ 78.5 km² (a 64-sided polygon is a touch smaller).
    expect(area.rows[0].km2).toBeGreaterThan(77);
    expect(area.rows[0].km2).toBeLessThan(79);
    expect(circle.body.geometry.type).toBe('MultiPolygon');
    const town = (await request(ctx.app).get('/ogc/collections/towns/items?limit=1').expect(200)).body.features[0];
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-GEOCODE-1', `<geocode><valueName>TOWNSHIP</valueName><value>${town.properties.code}</value></geocode>`)).expect(201);
    const same = await ctx.db.knex.raw<{ rows: Array<{ eq: boolean }> }>("SELECT ST_Equals(ST_SnapToGrid(w.geom, 1e-6), ST_SnapToGrid(t.geom, 1e-6)) AS eq FROM warnings w, towns t WHERE w.code = 'CAP-GEOCODE-1' AND t.code = ?", [town.properties.code]);
    expect(same.rows[0].eq).toBe(true);
    const unknown = await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-GEOCODE-2', '<geocode><valueName>TOWNSHIP</valueName><value>999999999</value></geocode>')).expect(422);
    expect(unknown.body.error.details[0].message).toMatch(/999999999/);
  });

  it('refuses hostile or broken XML with a clear 4xx, and writes nothing', async () => {
    const before = await ctx.db.knex('warnings').count<Array<{ n: string | number }>>({ n: '*' });
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol2;</identifier></alert>`;
    expect((await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(bomb).expect(400)).body.error.code).toBe('bad_cap');
    const external = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><alert><identifier>&xxe;</identifier></alert>`;
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(external).expect(400);
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send('<alert><identifier>x</identifier>').expect(400);
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send('<feed xmlns="http://www.w3.org/2005/Atom"/>').expect(400);
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>${'<note>x</note>'.repeat(100_000)}</alert>`).expect(413);
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-BAD-POLY', '<polygon>22.3,110.9 22.4,110.9</polygon>')).expect(422);
    await request(ctx.app).post('/api/warnings').set(as('planner')).set('Content-Type', CAP).send(capAlert('CAP-NOT-DUTY', '<circle>22.36,110.94 5</circle>')).expect(403);
    await request(ctx.app).post('/api/warnings').set('Content-Type', CAP).send(capAlert('CAP-ANON', '<circle>22.36,110.94 5</circle>')).expect(401);
    const after = await ctx.db.knex('warnings').count<Array<{ n: string | number }>>({ n: '*' });
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('an expired warning leaves the public answers by itself; staff still see it; a Cancel ends one', async () => {
    const past = capAlert('CAP-OLD-1', '<circle>22.36,110.94 3</circle>').replace('2099-06-02T08:00:00+08:00', '2026-01-01T08:00:00+08:00');
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(past).expect(201);
    const codes = async (headers: Record<string, string> = {}) => (await request(ctx.app).get('/ogc/collections/warnings/items').set(headers).expect(200)).body.features.map((f: { properties: { code: string } }) => f.properties.code);
    expect(await codes()).not.toContain('CAP-OLD-1');
    expect(await codes(as('duty'))).toContain('CAP-OLD-1');
    await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-CIRCLE-2', '<circle>22.36,110.94 2</circle>')).expect(201);
    const cancel = capAlert('CAP-CANCEL-1', '<circle>22.36,110.94 2</circle>', '<references>gdmb@gd.gov.cn,CAP-CIRCLE-2,2026-06-01T08:00:00+08:00</references>').replace('<msgType>Alert</msgType>', '<msgType>Cancel</msgType>');
    expect((await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(cancel).expect(200)).body.cancelled).toEqual(['CAP-CIRCLE-2']);
    expect(await codes()).not.toContain('CAP-CIRCLE-2');
  });
});

describe('an evacuation operation', () => {
  let opId: number;
  let warningId: number;

  it('moves exactly the households the trigger rules select inside the warning (checked against PostGIS)', async () => {
    const { ring } = await hotSpot();
    const w = await request(ctx.app).post('/api/warnings').set(as('duty')).set('Content-Type', CAP).send(capAlert('CAP-OP-1', `<polygon>${ring}</polygon>`)).expect(201);
    warningId = w.body.id;
    const site = (await ctx.db.knex('risk_sites').whereIn('grade', ['very_high', 'high']).first('id')) as { id: number };
    await request(ctx.app).post(`/api/risk-sites/${site.id}/special-needs`).set(as('geohazard')).send({ kind: 'bedridden', persons: 1, helper_name: '李护工', helper_phone: '13800000001' }).expect(201);
    const res = await request(ctx.app).post('/api/operations').set(as('duty')).send({ warning_id: warningId }).expect(201);
    opId = res.body.operation.id;
    expect(res.body.operation).toMatchObject({ hazard: 'geohazard', level: 'orange', status: 'active', rules_version: '2026.1', selection: { grades: ['very_high', 'high'] } });
    const area = (await ctx.db.knex('warnings').where({ id: warningId }).first(ctx.db.knex.raw('ST_AsGeoJSON(geom) AS g'))) as { g: string };
    const expected = await selectedSiteIds(ctx.db.knex, area.g, ['very_high', 'high'], ['relocated']);
    // Independently: every graded site in the area that is not relocated.
    const direct = await ctx.db.knex.raw<{ rows: Array<{ id: number }> }>(
      "SELECT s.id FROM risk_sites s, warnings w WHERE w.id = ? AND s.deleted_at IS NULL AND s.grade IN ('very_high','high') AND s.rectification_status <> 'relocated' AND ST_Intersects(s.geom, w.geom) ORDER BY s.id",
      [warningId],
    );
    expect(direct.rows.map((r) => r.id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);
    const tasks = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=5000`).set(as('cadre')).expect(200)).body;
    expect(tasks.tasks.map((t: { site_id: number }) => t.site_id).sort((a: number, b: number) => a - b)).toEqual(expected);
    expect(tasks.tasks.every((t: { status: string }) => t.status === 'to_notify')).toBe(true);
    expect(tasks.tasks.filter((t: { shelter_id: number | null }) => t.shelter_id !== null).length).toBeGreaterThan(0);
    // Each household's shelter and minutes are those of the evacuation plan for the same warning.
    const plan = (await request(ctx.app).post('/api/analysis/evacuation').send({ warning_area: JSON.parse(area.g), min_grade: 'high' }).expect(200)).body as { assignments: Array<{ demand_id: number; shelter_id: number; minutes: number }> };
    const planned = new Map(plan.assignments.map((a) => [a.demand_id, [a.shelter_id, a.minutes]]));
    expect(planned.size).toBeGreaterThan(0);
    for (const t of tasks.tasks as Array<{ site_id: number; shelter_id: number | null; designated_shelter_id: number | null; minutes: number | null }>) {
      expect([t.shelter_id, t.minutes]).toEqual(planned.get(t.site_id) ?? [null, null]);
      expect(t.designated_shelter_id).toBe(t.shelter_id);
    }
    const withNeeds = tasks.tasks.find((t: { site_id: number }) => t.site_id === site.id);
    if (withNeeds) expect(withNeeds.special_needs[0]).toMatchObject({ kind: 'bedridden', helper_name: '李护工' });
    const sum = (await request(ctx.app).get(`/api/operations/${opId}`).set(as('duty')).expect(200)).body;
    expect(sum.households).toBe(expected.length);
    expect(sum.by_status.to_notify.households).toBe(expected.length);
  });

  it('loses nothing under 50 concurrent updates from different cadres (sums reconcile; retries count once; stale If-Match gets 412)', async () => {
    const tasks = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=5000`).set(as('cadre')).expect(200)).body.tasks as Array<{ id: number; version: number; shelter_id: number | null }>;
    const cadres = await Promise.all(Array.from({ length: 10 }, async (_, i) => (await createToken(ctx.db.knex, `cadre-${i}`, 'cadre')).token));
    const statuses = ['notified', 'moving', 'stayed', 'refused', 'unreachable'] as const;
    const picked = tasks.slice(0, Math.min(25, tasks.length));
    const updates = picked.flatMap((t, i) => {
      const key = `retry-key-${t.id}-0001`;
      const send = () => request(ctx.app).patch(`/api/operations/${opId}/tasks/${t.id}`).set({ Authorization: `Bearer ${cadres[i % cadres.length]}`, 'Idempotency-Key': key }).send({ status: statuses[i % statuses.length] });
      // The same update twice (a phone retrying on a weak signal).
      return [send(), send()];
    });
    const answers = await Promise.all(updates);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const stale = await request(ctx.app).patch(`/api/operations/${opId}/tasks/${picked[0].id}`).set(as('cadre')).set('If-Match', `"v${picked[0].version}"`).send({ status: 'moving' });
    expect(stale.status).toBe(412);
    await request(ctx.app).patch(`/api/operations/${opId}/tasks/${picked[0].id}`).set(as('cadre')).send({ status: 'moving' }).expect(428);
    const events = await ctx.db.knex('operation_task_events').where({ operation_id: opId }).count<Array<{ n: string | number }>>({ n: '*' });
    expect(Number(events[0].n)).toBe(picked.length);
    const sum = (await request(ctx.app).get(`/api/operations/${opId}`).set(as('duty')).expect(200)).body;
    const byStatus = Object.values(sum.by_status as Record<string, { households: number }>).reduce((a, s) => a + s.households, 0);
    expect(byStatus).toBe(sum.households);
    for (const s of statuses) expect(sum.by_status[s].households).toBe(picked.filter((_, i) => statuses[i % statuses.length] === s).length);
  });

  it('replays a key seen before with the task as it is now, counting the change once, even after another change', async () => {
    const [t] = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=1&status=to_notify`).set(as('cadre')).expect(200)).body.tasks as Array<{ id: number; version: number }>;
    const path = `/api/operations/${opId}/tasks/${t.id}`;
    const first = await request(ctx.app).patch(path).set(as('cadre')).set('Idempotency-Key', 'told-once-0001').send({ status: 'notified', note: 'told at the door' }).expect(200);
    expect(first.body).toMatchObject({ status: 'notified', version: t.version + 1, note: 'told at the door', replayed: false });
    expect(first.headers.etag).toBe(`"v${t.version + 1}"`);
    await request(ctx.app).patch(path).set(as('cadre')).set('If-Match', first.headers.etag).send({ status: 'moving' }).expect(200);
    const again = await request(ctx.app).patch(path).set(as('cadre')).set('Idempotency-Key', 'told-once-0001').send({ status: 'notified' }).expect(200);
    expect(again.body).toMatchObject({ status: 'moving', version: t.version + 2, note: 'told at the door', replayed: true });
    const events = (await ctx.db.knex('operation_task_events').where({ task_id: t.id }).orderBy('id').select('status', 'version')) as Array<{ status: string; version: number }>;
    expect(events).toEqual([{ status: 'notified', version: t.version + 1 }, { status: 'moving', version: t.version + 2 }]);
    const stale = await request(ctx.app).patch(path).set(as('cadre')).set('If-Match', first.headers.etag).send({ status: 'refused' }).expect(412);
    expect(stale.body.error.current).toMatchObject({ id: t.id, status: 'moving', version: t.version + 2 });
    await request(ctx.app).patch(`/api/operations/${opId}/tasks/2147483000`).set(as('cadre')).set('If-Match', '"v1"').send({ status: 'moving' }).expect(404);
    await request(ctx.app).patch(path).set(as('cadre')).set('If-Match', '*').send({ status: 'moving', shelter_id: 2147483000 }).expect(422);
  });

  it('refuses a revoked token at once, though it was used a moment before', async () => {
    const [t] = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=1&status=to_notify`).set(as('cadre')).expect(200)).body.tasks as Array<{ id: number }>;
    const cadre = await createToken(ctx.db.knex, 'cadre-leaving', 'cadre');
    const path = `/api/operations/${opId}/tasks/${t.id}`;
    await request(ctx.app).patch(path).set({ Authorization: `Bearer ${cadre.token}`, 'If-Match': '*' }).send({ status: 'notified' }).expect(200);
    await request(ctx.app).delete(`/api/tokens/${cadre.id}`).set(as('admin')).expect(204);
    await request(ctx.app).patch(path).set({ Authorization: `Bearer ${cadre.token}`, 'If-Match': '*' }).send({ status: 'moving' }).expect(401);
    await request(ctx.app).get(`/api/operations/${opId}`).set({ Authorization: `Bearer ${cadre.token}` }).expect(401);
  });

  it('counts an arrival into its shelter, and a full shelter sends the households still on their way to the nearest one with room', async () => {
    const tasks = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=5000&status=to_notify`).set(as('cadre')).expect(200)).body.tasks as Array<{ id: number; version: number; shelter_id: number | null; residents: number }>;
    const byShelter = new Map<number, typeof tasks>();
    for (const t of tasks) if (t.shelter_id !== null) byShelter.set(t.shelter_id, [...(byShelter.get(t.shelter_id) ?? []), t]);
    const [shelterId, waiting] = [...byShelter].sort((a, b) => b[1].length - a[1].length)[0];
    expect(waiting.length).toBeGreaterThan(1);
    const [first, ...rest] = waiting;
    const arrived = await request(ctx.app).patch(`/api/operations/${opId}/tasks/${first.id}`).set(as('cadre')).set('If-Match', `"v${first.version}"`).send({ status: 'arrived' }).expect(200);
    expect(arrived.body).toMatchObject({ status: 'arrived', shelter_id: shelterId });
    const shelter = (await request(ctx.app).get(`/ogc/collections/shelters/items/${shelterId}`).expect(200)).body;
    expect(shelter.properties.occupancy).toBe(first.residents);
    expect(shelter.properties.vacancies).toBe(shelter.properties.capacity - first.residents);
    // Shelter staff count heads: it is full.
    const full = await request(ctx.app).post(`/api/shelters/${shelterId}/occupancy`).set(as('shelter')).set('Idempotency-Key', 'count-full-0001').send({ count: shelter.properties.capacity }).expect(200);
    expect(full.body.vacancies).toBe(0);
    expect(full.body.reassigned.map((r: { task_id: number }) => r.task_id).sort()).toEqual(rest.map((t) => t.id).sort());
    const after = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=5000`).set(as('cadre')).expect(200)).body.tasks as Array<{ id: number; shelter_id: number | null; designated_shelter_id: number }>;
    for (const t of rest) {
      const now = after.find((x) => x.id === t.id)!;
      expect(now.designated_shelter_id).toBe(shelterId);
      expect(now.shelter_id).not.toBe(shelterId);
      // The task's history shows the move, by the shelter staff, with the status kept and no gap in the versions.
      const history = (await request(ctx.app).get(`/api/operations/${opId}/tasks/${t.id}/history`).set(as('duty')).expect(200)).body.changes as Array<{ from: string; to: string; shelter_id: number; version: number; by: string; note: string }>;
      const last = history[history.length - 1];
      expect(last).toMatchObject({ from: 'to_notify', to: 'to_notify', shelter_id: now.shelter_id, version: t.version + 1 });
      expect(last.note).toContain(String(shelterId));
    }
    const sum = (await request(ctx.app).get(`/api/operations/${opId}`).set(as('duty')).expect(200)).body;
    expect(sum.reassignments.filter((r: { from_shelter_id: number }) => r.from_shelter_id === shelterId)).toHaveLength(rest.length);
    // The same head count again (a retry) changes nothing.
    expect((await request(ctx.app).post(`/api/shelters/${shelterId}/occupancy`).set(as('shelter')).set('Idempotency-Key', 'count-full-0001').send({ count: shelter.properties.capacity }).expect(200)).body.replayed).toBe(true);
    // The household that arrived leaves again: it counts out of the shelter.
    await request(ctx.app).patch(`/api/operations/${opId}/tasks/${first.id}`).set(as('cadre')).set('If-Match', arrived.headers.etag).send({ status: 'stayed' }).expect(200);
    expect((await request(ctx.app).get(`/ogc/collections/shelters/items/${shelterId}`).expect(200)).body.properties.occupancy).toBe(shelter.properties.capacity - first.residents);
  });

  it('pushes a task change on the operation stream and a vacancy change on the public stream', async () => {
    const opEvents = openStream(`${base}/api/operations/${opId}/events`, as('duty'));
    const publicEvents = openStream(`${base}/api/live`);
    await Promise.all([opEvents.next('hello'), publicEvents.next('hello')]);
    const waiting = (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=5000&status=to_notify`).set(as('cadre')).expect(200)).body.tasks as Array<{ id: number; version: number; shelter_id: number | null }>;
    const t = waiting.find((x) => x.shelter_id !== null)!;
    const started = Date.now();
    await request(ctx.app).patch(`/api/operations/${opId}/tasks/${t.id}`).set(as('cadre')).set('If-Match', `"v${t.version}"`).send({ status: 'arrived' }).expect(200);
    const taskEvent = await opEvents.next<{ tasks: Array<{ id: number; status: string }> }>('tasks', 5000, (d) => d.tasks.some((x) => x.id === t.id));
    expect(taskEvent.tasks).toContainEqual(expect.objectContaining({ id: t.id, status: 'arrived' }));
    const vacancy = await publicEvents.next<{ shelters: Array<{ id: number; vacancies: number }> }>('vacancies', 5000, (d) => d.shelters.some((x) => x.id === t.shelter_id));
    expect(vacancy.shelters.map((s) => s.id)).toContain(t.shelter_id);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(JSON.stringify(vacancy)).not.toMatch(/monitor|helper|special/);
    opEvents.close();
    publicEvents.close();
  });

  it('keeps operations and special needs from anonymous readers, and closes with a report', async () => {
    await request(ctx.app).get(`/api/operations/${opId}`).expect(401);
    await request(ctx.app).get(`/api/operations/${opId}/tasks`).expect(401);
    const site = (await ctx.db.knex('special_needs').first('site_id')) as { site_id: number };
    await request(ctx.app).get(`/api/risk-sites/${site.site_id}/special-needs`).expect(401);
    const report = await request(ctx.app).get(`/api/operations/${opId}/report?f=csv`).set(as('duty')).expect(200);
    expect(report.text.split('\n')[0]).toMatch(/task_id/);
    const closed = await request(ctx.app).post(`/api/operations/${opId}/close`).set(as('duty')).expect(200);
    expect(closed.body.operation.status).toBe('closed');
    await request(ctx.app).patch(`/api/operations/${opId}/tasks/1`).set(as('cadre')).set('Idempotency-Key', 'after-close-0001').send({ status: 'moving' }).expect((r) => expect([404, 409]).toContain(r.status));
    // Shelters no longer in use show no occupancy.
    expect(await ctx.db.knex('shelters').whereNotNull('occupancy').count<Array<{ n: string | number }>>({ n: '*' }).then((r) => Number(r[0].n))).toBe(0);
  });
});
