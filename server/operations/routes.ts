/**
 * Evacuation operations, run together by the duty officer, village cadres and shelter staff:
 * - POST /api/operations: from a warning (or an area with a hazard and a level), the trigger
 *   rules' selection frozen into tasks with the evacuation plan's shelters (duty, admin);
 * - GET /api/operations, GET /api/operations/{id}: the live summary (staff);
 * - GET /api/operations/{id}/tasks (filters town, status, shelter); PATCH …/tasks/{task} with
 *   If-Match or Idempotency-Key (cadres, duty, admin); GET …/tasks/{task}/history (staff);
 * - POST /api/operations/{id}/close; GET /api/operations/{id}/report?f=csv|gpkg|geojson|fgb;
 * - POST /api/shelters/{id}/occupancy: arrivals and departures (shelter staff, duty, admin);
 * - GET /api/operations/{id}/events and GET /api/live: the live streams.
 * Thin handlers: the store does the work, the plan comes from the evacuation analysis.
 */
import express, { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import { forbidden, unauthorized } from '../http/errors.ts';
import { parseBody, parseQuery } from '../http/parse-request.ts';
import { requiredVersion } from '../layers/etag.ts';
import { checkGeometry } from '../layers/validate-geometry.ts';
import type { Principal } from '../auth/tokens.ts';
import type { Role } from '../layers/types.ts';
import type { LayerChanges } from '../layers/changes.ts';
import type { WarningHazard, WarningLevel } from '../domain/vocabularies.ts';
import { HttpError, invalid } from '../http/errors.ts';
import type { LiveHub } from '../live/live-hub.ts';
import type { AfterCommitNotices } from '../live/after-commit-notices.ts';
import { attachment } from '../export/send-export.ts';
import { EXPORT_TASKS } from '../export/export-tasks.ts';
import type { FileFormat } from '../export/export-formats.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { closeOperation, createOperation, getOperation, listOperations, listTasks, operationSummary, recordOccupancy, updateTask, type PlanAssignment, type TaskRow } from './operation-store.ts';
import { gradesFor, type TriggerRules } from './trigger-rules.ts';
import { taskHistory } from './task-history.ts';
import { createBody, id, occupancyBody, taskChange, taskHistoryQuery, taskQuery } from './contract.ts';

/** The evacuation plan's shelter (and travel minutes) for each site it places. */
export type PlanEvacuation = (area: MultiPolygon, minGrade: string) => Promise<{ assignment: PlanAssignment; summary: Record<string, unknown>; mode: string }>;

export interface OperationDeps {
  knex: Knex;
  rules: TriggerRules;
  plan: PlanEvacuation;
  changes: LayerChanges;
  live: LiveHub;
  /** Announces the task changes made here, after their commit. */
  notices: AfterCommitNotices;
  /** Encodes reports as files off the event loop. */
  pool: WorkerPool;
}

function allow(p: Principal | undefined, roles: readonly Role[], what: string): Principal {
  if (!p) throw unauthorized(`${what} needs a signed-in ${roles.join(' or ')}`);
  if (p.role !== 'admin' && !roles.includes(p.role)) throw forbidden(`role ${p.role} may not ${what} (allowed: admin, ${roles.join(', ')})`);
  return p;
}

const STAFF: readonly Role[] = ['duty', 'cadre', 'shelter', 'planner', 'geohazard'];

const idempotencyKey = (req: Request): string | undefined => {
  const k = req.get('idempotency-key');
  if (k === undefined) return undefined;
  if (!/^[\w.:-]{8,100}$/.test(k)) throw new HttpError(400, 'bad_request', 'Idempotency-Key must be 8–100 letters, digits or . _ : -', [{ field: 'Idempotency-Key', message: 'malformed' }]);
  return k;
};

/** A task for a reader: the monitor and special needs are staff data (every reader here is staff). */
const taskOut = (t: TaskRow) => t;

export function operationRoutes(deps: OperationDeps): Router {
  const r = Router();
  const json = express.json({ limit: '5mb' });

  r.post('/operations', json, async (req, res) => {
    const who = allow(req.principal, ['duty'], 'start an evacuation operation');
    const b = parseBody(createBody, req.body);
    let area: MultiPolygon;
    let hazard: WarningHazard;
    let level: WarningLevel;
    let name = b.name;
    if (b.warning_id !== undefined) {
      const w = (await deps.knex('warnings').where({ id: b.warning_id }).whereNull('deleted_at').first('hazard', 'level', 'headline', deps.knex.raw('ST_AsGeoJSON(geom) AS area'))) as
        | { hazard: WarningHazard; level: WarningLevel; headline: string; area: string }
        | undefined;
      if (!w) throw invalid(`no warning ${b.warning_id}`, [{ field: 'warning_id', message: 'no such warning' }]);
      [area, hazard, level] = [JSON.parse(w.area) as MultiPolygon, b.hazard ?? w.hazard, b.level ?? w.level];
      name ??= w.headline;
    } else {
      const g = checkGeometry(b.area, 'MultiPolygon');
      if (!g.ok) throw invalid('area must be a GeoJSON Polygon or MultiPolygon', g.details.map((d) => ({ ...d, field: `area${(d.field ?? '').replace(/^geometry/, '')}` })));
      [area, hazard, level] = [g.geometry as MultiPolygon, b.hazard!, b.level!];
    }
    const grades = gradesFor(deps.rules, hazard, level);
    if (grades.length === 0) throw invalid(`the trigger rules (version ${deps.rules.version}) move nobody at a ${level} ${hazard} warning`, [{ field: 'level', message: 'no trigger rule' }]);
    const plan = await deps.plan(area, grades[grades.length - 1]);
    const op = await createOperation(deps.knex, {
      name: name ?? `${hazard} ${level}`,
      warning_id: b.warning_id ?? null,
      hazard,
      level,
      area: JSON.stringify(area),
      mode: plan.mode,
      rules_version: deps.rules.version,
      grades,
      exempt: deps.rules.exempt_rectification,
      assignment: plan.assignment,
      plan_summary: plan.summary,
      by: who.name,
    });
    res.status(201).location(`/api/operations/${op.id}`).json(await operationSummary(deps.knex, op.id));
  });

  r.get('/operations', async (req, res) => {
    allow(req.principal, STAFF, 'see operations');
    res.set('Cache-Control', 'no-store').json({ operations: await listOperations(deps.knex) });
  });

  r.get('/operations/:id', async (req, res) => {
    allow(req.principal, STAFF, 'see operations');
    res.set('Cache-Control', 'no-store').json(await operationSummary(deps.knex, parseQuery(z.object({ id: id('operation') }), req.params).id));
  });

  r.get('/operations/:id/tasks', async (req, res) => {
    allow(req.principal, STAFF, 'see the tasks of an operation');
    const opId = parseQuery(z.object({ id: id('operation') }), req.params).id;
    await getOperation(deps.knex, opId);
    const q = parseQuery(taskQuery, req.query);
    const page = await listTasks(deps.knex, opId, { town_code: q.town, status: q.status, shelter_id: q.shelter, offset: q.offset, limit: q.limit });
    res.set('Cache-Control', 'no-store').json({ operation_id: opId, numberMatched: page.numberMatched, numberReturned: page.tasks.length, tasks: page.tasks.map(taskOut) });
  });

  r.patch('/operations/:id/tasks/:task', json, async (req, res) => {
    const who = allow(req.principal, ['cadre', 'duty'], 'change a task');
    const p = parseQuery(z.object({ id: id('operation'), task: id('task') }), req.params);
    const key = idempotencyKey(req);
    const header = req.get('if-match');
    if (!header && !key) throw new HttpError(428, 'precondition_required', 'a task change needs If-Match with the task’s ETag, or an Idempotency-Key', [{ field: 'If-Match', message: 'or Idempotency-Key' }]);
    const change = parseBody(taskChange, req.body);
    const done = await updateTask(deps.knex, p.id, p.task, change, header ? requiredVersion(header) : undefined, key, who.name);
    for (const shelterId of done.shelterChanged) deps.changes.notify({ layer: 'shelters', id: shelterId, op: 'update' });
    // The statement left its notices to us (every instance's streams and caches hear them).
    if (!done.replayed) deps.notices.task(p.id, done.task);
    if (done.shelterChanged.length > 0) deps.notices.layer('shelters', done.shelterChanged);
    res.set({ ETag: `"v${done.task.version}"`, 'Cache-Control': 'no-store' }).json({ ...taskOut(done.task), replayed: done.replayed });
  });

  r.get('/operations/:id/tasks/:task/history', async (req, res) => {
    allow(req.principal, STAFF, 'see the history of a task');
    const p = parseQuery(z.object({ id: id('operation'), task: id('task') }), req.params);
    const q = parseQuery(taskHistoryQuery, req.query);
    const h = await taskHistory(deps.knex, p.id, p.task, q);
    res.set('Cache-Control', 'no-store').json({ operation_id: h.operation_id, task_id: h.task_id, numberMatched: h.numberMatched, numberReturned: h.changes.length, changes: h.changes });
  });

  r.post('/operations/:id/close', async (req, res) => {
    const who = allow(req.principal, ['duty'], 'close an operation');
    const opId = parseQuery(z.object({ id: id('operation') }), req.params).id;
    const closed = await closeOperation(deps.knex, opId, who.name);
    for (const s of closed.clearedShelters) deps.changes.notify({ layer: 'shelters', id: s, op: 'update' });
    res.json(await operationSummary(deps.knex, opId));
  });

  r.get('/operations/:id/report', async (req, res) => {
    allow(req.principal, STAFF, 'download an operation’s report');
    const opId = parseQuery(z.object({ id: id('operation') }), req.params).id;
    const op = await getOperation(deps.knex, opId);
    const { f } = parseQuery(z.strictObject({ f: z.enum(['csv', 'geojson', 'gpkg', 'fgb']).default('csv') }), req.query);
    const { tasks } = await listTasks(deps.knex, opId, { offset: 0, limit: 1_000_000 });
    const features = tasks.map((t) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [t.lon, t.lat] },
      properties: {
        task_id: t.id, site_code: t.site_code, town_code: t.town_code, village: t.village, households: t.households, residents: t.residents,
        status: t.status, designated_shelter_id: t.designated_shelter_id, shelter_id: t.shelter_id, minutes: t.minutes,
        special_needs: t.special_needs.length ? t.special_needs.map((n) => `${n.kind}×${n.persons}`).join('; ') : null,
        monitor_name: t.monitor_name, monitor_phone: t.monitor_phone, updated_by: t.updated_by, updated_at: t.updated_at, note: t.note,
      },
    }));
    const name = `operation-${op.id}`;
    const file = await deps.pool.run<Uint8Array>('encodePart', { format: f, name, kind: 'features', text: features.map((x) => JSON.stringify(x)).join(',') }, { file: EXPORT_TASKS });
    attachment(res, f as FileFormat, name);
    res.send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  });

  r.post('/shelters/:id/occupancy', json, async (req, res) => {
    const who = allow(req.principal, ['shelter', 'duty'], 'record arrivals at a shelter');
    const shelterId = parseQuery(z.object({ id: id('shelter') }), req.params).id;
    const body = parseBody(occupancyBody, req.body);
    const done = await recordOccupancy(deps.knex, shelterId, body, idempotencyKey(req), who.name);
    for (const s of done.changedShelters) deps.changes.notify({ layer: 'shelters', id: s, op: 'update' });
    res.set('Cache-Control', 'no-store').json(done);
  });

  r.get('/operations/:id/events', async (req, res) => {
    allow(req.principal, STAFF, 'follow an operation');
    const opId = parseQuery(z.object({ id: id('operation') }), req.params).id;
    await getOperation(deps.knex, opId);
    deps.live.open(res, opId);
  });

  r.get('/live', (_req, res) => deps.live.open(res, 'public'));

  return r;
}
