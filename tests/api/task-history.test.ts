/**
 * A task's history: the duty officer reads who moved a household along, when, from which status
 * to which, with the note and shelter given, in the order it happened; a cadre's retried request
 * shows once; other operations' tasks and unknown ids are not found.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { createToken } from '../../server/auth/tokens.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => {
  await ctx?.close();
});

const as = (role: keyof TestContext['tokens']) => ({ Authorization: `Bearer ${ctx.tokens[role]}` });

interface Task { id: number; version: number; shelter_id: number | null; status: string }
interface Change { at: string; by: string; from: string; to: string; shelter_id: number | null; shelter_name: string | null; note: string | null; version: number }

/** An operation over the densest cluster of graded sample sites (so that it has tasks). */
async function startOperation(): Promise<number> {
  const r = await ctx.db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
    "SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS x, ST_Y(ST_Centroid(ST_Collect(geom))) AS y FROM risk_sites WHERE grade IN ('very_high', 'high')",
  );
  const { x, y } = r.rows[0];
  const d = 0.08;
  const area = { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] };
  const res = await request(ctx.app).post('/api/operations').set(as('duty')).send({ area, hazard: 'geohazard', level: 'orange' }).expect(201);
  return res.body.operation.id as number;
}

const tasksOf = async (opId: number): Promise<Task[]> => (await request(ctx.app).get(`/api/operations/${opId}/tasks?limit=5000`).set(as('cadre')).expect(200)).body.tasks;

describe('GET /api/operations/{id}/tasks/{task}/history', () => {
  let opId: number;
  let task: Task;
  let changes: Change[];
  let cadre: string;
  const key = 'history-told-0001';

  beforeAll(async () => {
    opId = await startOperation();
    const tasks = await tasksOf(opId);
    expect(tasks.length).toBeGreaterThan(2);
    task = tasks.find((t) => t.shelter_id !== null) ?? tasks[0];
    cadre = (await createToken(ctx.db.knex, 'cadre-wang', 'cadre')).token;
  });

  it('lists a task moved notified → moving → arrived by two people, oldest first, with who, when, from, to, note, shelter and version', async () => {
    const path = `/api/operations/${opId}/tasks/${task.id}`;
    const shelter = (await ctx.db.knex('shelters').whereNull('deleted_at').whereNot('id', task.shelter_id ?? 0).orderBy('id').first('id', 'name')) as { id: number; name: string };
    const told = await request(ctx.app).patch(path).set({ Authorization: `Bearer ${cadre}`, 'Idempotency-Key': key }).send({ status: 'notified', note: 'told at the door' }).expect(200);
    const moving = await request(ctx.app).patch(path).set(as('duty')).set('If-Match', told.headers.etag).send({ status: 'moving' }).expect(200);
    const arrived = await request(ctx.app).patch(path).set({ Authorization: `Bearer ${cadre}`, 'If-Match': moving.headers.etag }).send({ status: 'arrived', shelter_id: shelter.id, note: 'came by tractor' }).expect(200);
    const designated = task.shelter_id === null ? null : ((await ctx.db.knex('shelters').where({ id: task.shelter_id }).first('name')) as { name: string }).name;

    const res = await request(ctx.app).get(`${path}/history`).set(as('duty')).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ operation_id: opId, task_id: task.id, numberMatched: 3, numberReturned: 3 });
    changes = res.body.changes;
    expect(changes).toEqual([
      { at: told.body.updated_at, by: 'cadre-wang', from: 'to_notify', to: 'notified', shelter_id: task.shelter_id, shelter_name: designated, note: 'told at the door', version: task.version + 1 },
      { at: moving.body.updated_at, by: 'test-duty', from: 'notified', to: 'moving', shelter_id: task.shelter_id, shelter_name: designated, note: null, version: task.version + 2 },
      { at: arrived.body.updated_at, by: 'cadre-wang', from: 'moving', to: 'arrived', shelter_id: shelter.id, shelter_name: shelter.name, note: 'came by tractor', version: task.version + 3 },
    ]);
    // ISO times, in the order the changes happened.
    for (const c of changes) expect(c.at).toBe(new Date(c.at).toISOString());
    expect([...changes.map((c) => c.at)].sort()).toEqual(changes.map((c) => c.at));
    expect(arrived.body.version).toBe(task.version + 3);
  });

  it('is unchanged by a replay of a change with the same Idempotency-Key (it counts once)', async () => {
    const path = `/api/operations/${opId}/tasks/${task.id}`;
    const again = await request(ctx.app).patch(path).set({ Authorization: `Bearer ${cadre}`, 'Idempotency-Key': key }).send({ status: 'notified', note: 'told at the door' }).expect(200);
    expect(again.body).toMatchObject({ replayed: true, status: 'arrived', version: task.version + 3 });
    const res = await request(ctx.app).get(`${path}/history`).set(as('cadre')).expect(200);
    expect(res.body.numberMatched).toBe(3);
    expect(res.body.changes).toEqual(changes);
  });

  it('pages with offset and limit, each change still saying the status it came from', async () => {
    const res = await request(ctx.app).get(`/api/operations/${opId}/tasks/${task.id}/history?offset=1&limit=1`).set(as('cadre')).expect(200);
    expect(res.body).toMatchObject({ numberMatched: 3, numberReturned: 1 });
    expect(res.body.changes).toEqual([changes[1]]);
    const past = await request(ctx.app).get(`/api/operations/${opId}/tasks/${task.id}/history?offset=10`).set(as('cadre')).expect(200);
    expect(past.body).toMatchObject({ numberMatched: 3, numberReturned: 0, changes: [] });
  });

  it('answers an untouched task with no changes', async () => {
    const untouched = (await tasksOf(opId)).find((t) => t.id !== task.id)!;
    const res = await request(ctx.app).get(`/api/operations/${opId}/tasks/${untouched.id}/history`).set(as('shelter')).expect(200);
    expect(res.body).toEqual({ operation_id: opId, task_id: untouched.id, numberMatched: 0, numberReturned: 0, changes: [] });
  });

  it('is read by staff who may read the tasks, and refused to an anonymous request', async () => {
    const path = `/api/operations/${opId}/tasks/${task.id}/history`;
    for (const role of ['cadre', 'duty', 'shelter', 'planner', 'geohazard', 'admin'] as const) {
      expect((await request(ctx.app).get(path).set(as(role)).expect(200)).body.changes).toHaveLength(3);
    }
    const anon = await request(ctx.app).get(path).expect(401);
    expect(anon.body.error.code).toBeDefined();
    expect(JSON.stringify(anon.body)).not.toMatch(/cadre-wang|tractor/);
  });

  it('is not found for an unknown operation or task, or a task of another operation', async () => {
    const other = await startOperation();
    const theirs = (await tasksOf(other))[0];
    await request(ctx.app).get(`/api/operations/${other}/tasks/${theirs.id}/history`).set(as('duty')).expect(200);
    // The first operation's task asked for under the second operation, and the reverse.
    expect((await request(ctx.app).get(`/api/operations/${other}/tasks/${task.id}/history`).set(as('duty')).expect(404)).body.error.code).toBe('not_found');
    await request(ctx.app).get(`/api/operations/${opId}/tasks/${theirs.id}/history`).set(as('duty')).expect(404);
    expect((await request(ctx.app).get(`/api/operations/2147483000/tasks/${task.id}/history`).set(as('duty')).expect(404)).body.error.message).toMatch(/operation/);
    expect((await request(ctx.app).get(`/api/operations/${opId}/tasks/2147483000/history`).set(as('duty')).expect(404)).body.error.message).toMatch(/task/);
  });

  it('refuses malformed ids and paging with a 400 naming the field', async () => {
    const field = async (url: string) => {
      const res = await request(ctx.app).get(url).set(as('duty')).expect(400);
      return (res.body.error.details as Array<{ field: string }>).map((d) => d.field);
    };
    expect(await field(`/api/operations/abc/tasks/${task.id}/history`)).toEqual(['id']);
    expect(await field(`/api/operations/${opId}/tasks/0/history`)).toEqual(['task']);
    expect(await field(`/api/operations/${opId}/tasks/2147483648/history`)).toEqual(['task']);
    expect(await field(`/api/operations/${opId}/tasks/${task.id}/history?limit=0`)).toEqual(['limit']);
    expect(await field(`/api/operations/${opId}/tasks/${task.id}/history?limit=1001`)).toEqual(['limit']);
    expect(await field(`/api/operations/${opId}/tasks/${task.id}/history?offset=-1`)).toEqual(['offset']);
    expect(await field(`/api/operations/${opId}/tasks/${task.id}/history?since=1`)).toEqual(['since']);
  });
});
