/**
 * What an evacuation operation keeps in the database: the operation, its tasks (one per household
 * site, frozen from the plan), each task's status history, reassignments, and the occupancy of
 * shelters. Every change is one transaction; a task update checks its version (If-Match) or its
 * idempotency key, so two cadres never overwrite each other and a retried request counts once.
 */
import type { Knex } from 'knex';
import type { Grade, WarningHazard, WarningLevel } from '../domain/vocabularies.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { reassignHouseholds, type Reassignment } from '../analysis/reassign-households.ts';
import { NOTICES_SETTING } from '../../migrations/notify-sql.ts';

export const TASK_STATUSES = ['to_notify', 'notified', 'moving', 'arrived', 'stayed', 'refused', 'unreachable'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Households that may still be sent elsewhere when their shelter fills. */
const ON_THE_WAY: readonly TaskStatus[] = ['to_notify', 'notified', 'moving'];

export interface OperationRow {
  id: number;
  name: string;
  warning_id: number | null;
  hazard: WarningHazard;
  level: WarningLevel;
  status: 'active' | 'closed';
  mode: string;
  rules_version: string;
  selection: { grades: Grade[]; exempt_rectification: string[] };
  plan_summary: Record<string, unknown> | null;
  version: number;
  created_by: string;
  created_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

export interface TaskRow {
  id: number;
  operation_id: number;
  site_id: number;
  site_code: string;
  town_code: string;
  village: string | null;
  households: number;
  residents: number;
  lon: number;
  lat: number;
  designated_shelter_id: number | null;
  shelter_id: number | null;
  minutes: number | null;
  status: TaskStatus;
  version: number;
  monitor_name: string | null;
  monitor_phone: string | null;
  special_needs: Array<{ kind: string; persons: number; helper_name: string | null; helper_phone: string | null; note: string | null }>;
  note: string | null;
  updated_by: string | null;
  updated_at: string;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : new Date(String(v)).toISOString());
/** A jsonb column, decoded by the database module, as the type the code knows it by. */
const json = <T>(v: unknown): T => v as T;

function toOperation(r: Record<string, unknown>): OperationRow {
  return {
    ...(r as unknown as OperationRow),
    selection: json(r.selection),
    plan_summary: r.plan_summary === null ? null : json(r.plan_summary),
    created_at: iso(r.created_at)!,
    closed_at: iso(r.closed_at),
  };
}

function toTask(r: Record<string, unknown>): TaskRow {
  return {
    ...(r as unknown as TaskRow),
    lon: Number(r.lon),
    lat: Number(r.lat),
    minutes: r.minutes === null ? null : Number(r.minutes),
    special_needs: json(r.special_needs),
    updated_at: iso(r.updated_at)!,
  };
}

const TASK_COLUMNS = (knex: Knex) => [
  'id', 'operation_id', 'site_id', 'site_code', 'town_code', 'village', 'households', 'residents',
  knex.raw('ST_X(location) AS lon'), knex.raw('ST_Y(location) AS lat'),
  'designated_shelter_id', 'shelter_id', 'minutes', 'status', 'version', 'monitor_name', 'monitor_phone', 'special_needs', 'note', 'updated_by', 'updated_at',
];

/** The risk sites a selection moves (alias s): in the area, of the grades, not exempt by their rectification. */
const SELECTED = `s.deleted_at IS NULL AND s.grade = ANY(?::text[]) AND NOT (s.rectification_status = ANY(?::text[]))
  AND ST_Intersects(s.geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))`;
const selectedBindings = (areaGeoJson: string, grades: readonly Grade[], exempt: readonly string[]): Knex.RawBinding[] => [[...grades], [...exempt], areaGeoJson];

/** Ids of the sites a selection moves, for a check of the tasks against the database. */
export async function selectedSiteIds(knex: Knex, areaGeoJson: string, grades: readonly Grade[], exempt: readonly string[]): Promise<number[]> {
  const r = await knex.raw<{ rows: Array<{ id: number }> }>(`SELECT s.id FROM risk_sites s WHERE ${SELECTED} ORDER BY s.id`, selectedBindings(areaGeoJson, grades, exempt));
  return r.rows.map((x) => x.id);
}

/** The plan's placed sites, side by side: site i goes to shelterIds[i] in minutes[i] (NaN: not by travel). */
export interface PlanAssignment {
  siteIds: Int32Array;
  shelterIds: Int32Array;
  minutes: Float64Array;
}

export interface NewOperation {
  name: string;
  warning_id: number | null;
  hazard: WarningHazard;
  level: WarningLevel;
  /** MultiPolygon GeoJSON text. */
  area: string;
  mode: string;
  rules_version: string;
  grades: Grade[];
  exempt: string[];
  /** The plan's shelter (and travel minutes) per site; sites it could not place are absent. */
  assignment: PlanAssignment;
  plan_summary: Record<string, unknown>;
  by: string;
}

/** Freezes an operation: its row and one task per selected site, in one transaction. */
export async function createOperation(knex: Knex, o: NewOperation): Promise<OperationRow> {
  return knex.transaction(async (trx) => {
    const [op] = (await trx('operations')
      .insert({
        name: o.name,
        warning_id: o.warning_id,
        hazard: o.hazard,
        level: o.level,
        area: trx.raw('ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))', [o.area]),
        mode: o.mode,
        rules_version: o.rules_version,
        selection: JSON.stringify({ grades: o.grades, exempt_rectification: o.exempt }),
        plan_summary: JSON.stringify(o.plan_summary),
        created_by: o.by,
      })
      .returning('*')) as Array<Record<string, unknown>>;
    // The plan as three arrays (unnest): no JSON text of tens of thousands of rows to build and parse.
    const a = o.assignment;
    const plan = [Array.from(a.siteIds), Array.from(a.shelterIds), Array.from(a.minutes)];
    await trx.raw(
      `INSERT INTO operation_tasks (operation_id, site_id, site_code, town_code, village, households, residents, location,
                                    designated_shelter_id, shelter_id, minutes, monitor_name, monitor_phone, special_needs, updated_by)
       SELECT ?, s.id, s.code, s.town_code, s.village, s.households, s.residents, s.geom,
              p.shelter_id, p.shelter_id, nullif(p.minutes, 'NaN'), s.monitor_name, s.monitor_phone,
              coalesce((SELECT jsonb_agg(jsonb_build_object('kind', n.kind, 'persons', n.persons, 'helper_name', n.helper_name,
                                                            'helper_phone', n.helper_phone, 'note', n.note) ORDER BY n.id)
                          FROM special_needs n WHERE n.site_id = s.id), '[]'::jsonb),
              ?
         FROM risk_sites s
         LEFT JOIN unnest(?::int[], ?::int[], ?::float8[]) AS p(site_id, shelter_id, minutes) ON p.site_id = s.id
        WHERE ${SELECTED}
        ORDER BY s.id`,
      [op.id as number, o.by, ...plan, ...selectedBindings(o.area, o.grades, o.exempt)],
    );
    return toOperation(op);
  });
}

export async function getOperation(knex: Knex, id: number): Promise<OperationRow> {
  const row = (await knex('operations').where({ id }).first('id', 'name', 'warning_id', 'hazard', 'level', 'status', 'mode', 'rules_version', 'selection', 'plan_summary', 'version', 'created_by', 'created_at', 'closed_by', 'closed_at')) as Record<string, unknown> | undefined;
  if (!row) throw notFound(`no operation ${id}`);
  return toOperation(row);
}

export async function listOperations(knex: Knex): Promise<OperationRow[]> {
  const rows = (await knex('operations').orderBy('id', 'desc').limit(200).select('id', 'name', 'warning_id', 'hazard', 'level', 'status', 'mode', 'rules_version', 'selection', 'plan_summary', 'version', 'created_by', 'created_at', 'closed_by', 'closed_at')) as Array<Record<string, unknown>>;
  return rows.map(toOperation);
}

export interface TaskFilter {
  town_code?: string;
  status?: TaskStatus[];
  shelter_id?: number;
  offset: number;
  limit: number;
}

export async function listTasks(knex: Knex, operationId: number, f: TaskFilter): Promise<{ tasks: TaskRow[]; numberMatched: number }> {
  const q = knex('operation_tasks').where({ operation_id: operationId });
  if (f.town_code) q.where({ town_code: f.town_code });
  if (f.status?.length) q.whereIn('status', f.status);
  if (f.shelter_id !== undefined) q.where({ shelter_id: f.shelter_id });
  const [rows, count] = await Promise.all([
    q.clone().select(TASK_COLUMNS(knex)).orderBy(['town_code', 'site_code']).offset(f.offset).limit(f.limit) as Promise<Array<Record<string, unknown>>>,
    q.clone().count<Array<{ n: number }>>({ n: '*' }),
  ]);
  return { tasks: rows.map(toTask), numberMatched: count[0].n };
}

export async function getTask(knex: Knex, operationId: number, taskId: number): Promise<TaskRow> {
  const row = (await knex('operation_tasks').where({ operation_id: operationId, id: taskId }).first(TASK_COLUMNS(knex))) as Record<string, unknown> | undefined;
  if (!row) throw notFound(`operation ${operationId} has no task ${taskId}`);
  return toTask(row);
}

export interface TaskChange {
  status: TaskStatus;
  shelter_id?: number | null;
  note?: string | null;
}

/** Adds `delta` people to a shelter's occupancy (never below zero) and sets its vacancies. */
async function addOccupancy(trx: Knex.Transaction, shelterId: number, delta: number, operationId: number | null, by: string, key: string | null): Promise<{ occupancy: number; vacancies: number }> {
  const [row] = (await trx('shelters')
    .where({ id: shelterId })
    .whereNull('deleted_at')
    .update({
      occupancy: trx.raw('greatest(0, coalesce(occupancy, 0) + ?)', [delta]),
      vacancies: trx.raw('capacity - greatest(0, coalesce(occupancy, 0) + ?)', [delta]),
      version: trx.raw('version + 1'),
      updated_at: trx.fn.now(),
      updated_by: by,
    })
    .returning(['occupancy', 'vacancies'])) as Array<{ occupancy: number; vacancies: number }>;
  if (!row) throw notFound(`no shelter ${shelterId}`);
  await trx('shelter_occupancy_events').insert({ shelter_id: shelterId, operation_id: operationId, delta, occupancy: row.occupancy, by, idempotency_key: key });
  return row;
}

/** A task's columns in a CTE's row as JSON (both drivers hand JSON back parsed). */
const TASK_JSON = `json_build_object('id', t.id, 'operation_id', t.operation_id, 'site_id', t.site_id, 'site_code', t.site_code, 'town_code', t.town_code,
  'village', t.village, 'households', t.households, 'residents', t.residents, 'lon', ST_X(t.location), 'lat', ST_Y(t.location),
  'designated_shelter_id', t.designated_shelter_id, 'shelter_id', t.shelter_id, 'minutes', t.minutes, 'status', t.status, 'version', t.version,
  'monitor_name', t.monitor_name, 'monitor_phone', t.monitor_phone, 'special_needs', t.special_needs, 'note', t.note, 'updated_by', t.updated_by, 'updated_at', t.updated_at)`;

/** Moves `residents` out of / into a shelter (never below zero) and records it, for UPDATE_TASK. */
const occupancyMove = (name: string, when: string, shelter: string, sign: '-' | '+') => `
  ${name} AS (
    UPDATE shelters s
       SET occupancy = greatest(0, coalesce(s.occupancy, 0) ${sign} p.residents),
           vacancies = s.capacity - greatest(0, coalesce(s.occupancy, 0) ${sign} p.residents),
           version = s.version + 1, updated_at = now(), updated_by = $by
      FROM go p
     WHERE p.${when} AND s.id = p.${shelter} AND s.deleted_at IS NULL
    RETURNING s.id, s.occupancy, ${sign}p.residents AS delta),
  ${name}_event AS (
    INSERT INTO shelter_occupancy_events (shelter_id, operation_id, delta, occupancy, by)
    SELECT id, $op, delta, occupancy, $by FROM ${name})`;

/**
 * A task change in one statement (one round trip, its own transaction): the task locked (a
 * concurrent change is waited for and its outcome read), the operation, the key and the shelters
 * checked, and — only when every check passes — the occupancy moved, the task updated and its event
 * recorded. The checks come back so that the caller can say which one failed. Its triggers send no
 * notice: the caller announces the change after the commit (live/after-commit-notices.ts).
 */
const UPDATE_TASK = `
WITH
  op AS (SELECT status FROM operations WHERE id = $op),
  -- By the primary key: "+ 0" keeps the planner from the operation's index, which it picks for a
  -- new operation (no statistics yet) and then reads every task of the operation (5 ms at 17,000).
  cur AS (SELECT * FROM operation_tasks WHERE id = $task AND operation_id + 0 = $op FOR UPDATE),
  plan AS (
    SELECT c.id, c.status AS old_status, c.shelter_id AS old_shelter, c.version, c.residents, c.note,
           n.shelter_id,
           (c.status = 'arrived' AND c.shelter_id IS NOT NULL AND ($status <> 'arrived' OR n.shelter_id IS DISTINCT FROM c.shelter_id)) AS leaves,
           ($status = 'arrived' AND n.shelter_id IS NOT NULL AND (c.status <> 'arrived' OR n.shelter_id IS DISTINCT FROM c.shelter_id)) AS arrives
      FROM cur c, LATERAL (SELECT CASE WHEN $shelter_given THEN $shelter ELSE c.shelter_id END AS shelter_id) n),
  checks AS (
    SELECT p.*,
           ($key IS NOT NULL AND EXISTS (SELECT 1 FROM operation_task_events e WHERE e.task_id = p.id AND e.idempotency_key = $key)) AS seen,
           (p.shelter_id IS NULL OR p.shelter_id IS NOT DISTINCT FROM p.old_shelter
              OR EXISTS (SELECT 1 FROM shelters s WHERE s.id = p.shelter_id AND s.deleted_at IS NULL)) AS shelter_ok,
           (NOT p.leaves OR EXISTS (SELECT 1 FROM shelters s WHERE s.id = p.old_shelter AND s.deleted_at IS NULL)) AS left_ok,
           (NOT p.arrives OR EXISTS (SELECT 1 FROM shelters s WHERE s.id = p.shelter_id AND s.deleted_at IS NULL)) AS arrived_ok
      FROM plan p),
  -- The service announces this change itself, after the commit (migrations/010_after_commit_notices.ts).
  by_app AS (SELECT set_config('${NOTICES_SETTING}', 'by_app', true) AS notices),
  go AS (
    SELECT c.* FROM checks c, op, by_app
     WHERE NOT c.seen AND op.status = 'active' AND ($expected IS NULL OR c.version = $expected)
       AND NOT ($status = 'arrived' AND c.shelter_id IS NULL) AND c.shelter_ok AND c.left_ok AND c.arrived_ok),
  ${occupancyMove('moved_out', 'leaves', 'old_shelter', '-')},
  ${occupancyMove('moved_in', 'arrives', 'shelter_id', '+')},
  upd AS (
    UPDATE operation_tasks t
       SET status = $status, shelter_id = g.shelter_id, note = CASE WHEN $note_given THEN $note ELSE g.note END,
           version = g.version + 1, updated_by = $by, updated_at = now()
      FROM go g
     WHERE t.id = g.id
    RETURNING t.*),
  task_event AS (
    INSERT INTO operation_task_events (task_id, operation_id, status, shelter_id, version, by, note, idempotency_key)
    SELECT id, $op, $status, shelter_id, version, $by, $note, $key FROM upd)
SELECT (SELECT status FROM op) AS op_status,
       (SELECT ${TASK_JSON} FROM cur t) AS current,
       (SELECT ${TASK_JSON} FROM upd t) AS updated,
       c.seen, c.shelter_id, c.old_shelter, c.shelter_ok, c.left_ok, c.arrived_ok,
       (SELECT coalesce(array_agg(id), '{}') FROM (SELECT id FROM moved_out UNION ALL SELECT id FROM moved_in) m) AS shelters_changed
  FROM (SELECT 1) one LEFT JOIN checks c ON true`;

/** The statement's named parameters, in the order of a positional binding (each cast, for both drivers). */
function bindNamed(sql: string, values: Record<string, [unknown, string]>): { sql: string; bindings: Knex.RawBinding[] } {
  const bindings: Knex.RawBinding[] = [];
  const text = sql.replace(/\$([a-z_]+)/g, (_, name: string) => {
    const v = values[name];
    if (!v) throw new Error(`no value for $${name}`);
    bindings.push(v[0] as Knex.RawBinding);
    return `?::${v[1]}`;
  });
  return { sql: text, bindings };
}

interface UpdateAnswer {
  op_status: string | null;
  current: Record<string, unknown> | null;
  updated: Record<string, unknown> | null;
  seen: boolean | null;
  shelter_id: number | null;
  old_shelter: number | null;
  shelter_ok: boolean | null;
  left_ok: boolean | null;
  arrived_ok: boolean | null;
  shelters_changed: number[];
}

const isKeyRace = (e: unknown) => (e as { code?: string } | null)?.code === '23505' && String((e as { constraint?: string; message?: string }).constraint ?? (e as Error).message).includes('idempotency_key');

/**
 * Changes a task's status (and shelter): checks the version it was asked to change, or replays
 * the answer of an idempotency key already seen. A household that arrives counts into its
 * shelter's occupancy; one taken back out of "arrived" counts out again. One statement: one round
 * trip to the database and no connection held between two.
 */
export async function updateTask(
  knex: Knex,
  operationId: number,
  taskId: number,
  change: TaskChange,
  expected: number | '*' | undefined,
  key: string | undefined,
  by: string,
): Promise<{ task: TaskRow; replayed: boolean; shelterChanged: number[] }> {
  const { sql, bindings } = bindNamed(UPDATE_TASK, {
    op: [operationId, 'int'],
    task: [taskId, 'int'],
    status: [change.status, 'text'],
    shelter_given: [change.shelter_id !== undefined, 'boolean'],
    shelter: [change.shelter_id ?? null, 'int'],
    note_given: [change.note !== undefined, 'boolean'],
    note: [change.note ?? null, 'text'],
    expected: [expected === undefined || expected === '*' ? null : expected, 'int'],
    key: [key ?? null, 'text'],
    by: [by, 'text'],
  });
  let a: UpdateAnswer;
  try {
    a = ((await knex.raw<{ rows: UpdateAnswer[] }>(sql, bindings)).rows)[0];
  } catch (e) {
    // The same key sent twice at once: the first committed while this one waited for the lock,
    // after this statement's snapshot was taken. Asked again, it sees the key and replays.
    if (!key || !isKeyRace(e)) throw e;
    a = ((await knex.raw<{ rows: UpdateAnswer[] }>(sql, bindings)).rows)[0];
  }
  if (a.op_status === null) throw notFound(`no operation ${operationId}`);
  if (!a.current) throw notFound(`operation ${operationId} has no task ${taskId}`);
  const task = toTask(a.current);
  if (a.updated) return { task: toTask(a.updated), replayed: false, shelterChanged: a.shelters_changed.map(Number) };
  if (a.seen) return { task, replayed: true, shelterChanged: [] };
  if (a.op_status !== 'active') throw new HttpError(409, 'operation_closed', `operation ${operationId} is closed; its tasks no longer change`);
  if (expected !== undefined && expected !== '*' && expected !== task.version) {
    throw new HttpError(412, 'precondition_failed', `task ${taskId} has changed since you read it (current version ${task.version})`, [], { ETag: `"v${task.version}"` }, { current: task });
  }
  if (change.status === 'arrived' && a.shelter_id === null) throw new HttpError(422, 'validation_failed', 'an arrival needs the shelter the household reached', [{ field: 'shelter_id', message: 'required for arrived' }]);
  if (!a.shelter_ok) throw new HttpError(422, 'validation_failed', `no shelter ${a.shelter_id}`, [{ field: 'shelter_id', message: 'no such shelter' }]);
  if (!a.left_ok) throw notFound(`no shelter ${a.old_shelter}`);
  throw notFound(`no shelter ${a.shelter_id}`);
}

export interface OperationSummary {
  operation: OperationRow;
  households: number;
  residents: number;
  by_status: Record<TaskStatus, { households: number; residents: number }>;
  towns: Array<{ town_code: string; households: number; residents: number; arrived_households: number; by_status: Partial<Record<TaskStatus, number>> }>;
  special_needs_outstanding: Array<{ task_id: number; site_code: string; town_code: string; village: string | null; status: TaskStatus; persons: number; kinds: string[]; helpers: string[] }>;
  shelters: Array<{ shelter_id: number; code: string; name: string; capacity: number; occupancy: number | null; vacancies: number | null; households_assigned: number; residents_assigned: number }>;
  reassignments: Array<{ task_id: number; from_shelter_id: number | null; to_shelter_id: number | null; reason: string; at: string }>;
}

/** The live figures of an operation: households and people by status, per town, special needs, shelters. */
export async function operationSummary(knex: Knex, operationId: number): Promise<OperationSummary> {
  const operation = await getOperation(knex, operationId);
  const rows = (await knex('operation_tasks')
    .where({ operation_id: operationId })
    .select('town_code', 'status')
    .count({ households: '*' })
    .sum({ residents: 'residents' })
    .groupBy('town_code', 'status')) as Array<{ town_code: string; status: TaskStatus; households: number; residents: number }>;
  const by_status = Object.fromEntries(TASK_STATUSES.map((s) => [s, { households: 0, residents: 0 }])) as OperationSummary['by_status'];
  const towns = new Map<string, OperationSummary['towns'][number]>();
  for (const r of rows) {
    by_status[r.status].households += r.households;
    by_status[r.status].residents += r.residents;
    const t = towns.get(r.town_code) ?? { town_code: r.town_code, households: 0, residents: 0, arrived_households: 0, by_status: {} };
    t.households += r.households;
    t.residents += r.residents;
    t.by_status[r.status] = (t.by_status[r.status] ?? 0) + r.households;
    if (r.status === 'arrived') t.arrived_households += r.households;
    towns.set(r.town_code, t);
  }
  const needs = (await knex('operation_tasks')
    .where({ operation_id: operationId })
    .whereNot({ status: 'arrived' })
    .whereRaw("jsonb_array_length(special_needs) > 0")
    .select('id', 'site_code', 'town_code', 'village', 'status', 'special_needs')
    .orderBy('id')) as Array<{ id: number; site_code: string; town_code: string; village: string | null; status: TaskStatus; special_needs: unknown }>;
  const shelters = (await knex('shelters as sh')
    .join(knex('operation_tasks').where({ operation_id: operationId }).whereNotNull('shelter_id').select('shelter_id').count({ n: '*' }).sum({ r: 'residents' }).groupBy('shelter_id').as('t'), 't.shelter_id', 'sh.id')
    .select('sh.id as shelter_id', 'sh.code', 'sh.name', 'sh.capacity', 'sh.occupancy', 'sh.vacancies', 't.n', 't.r')
    .orderBy('sh.id')) as Array<{ shelter_id: number; code: string; name: string; capacity: number; occupancy: number | null; vacancies: number | null; n: number; r: number }>;
  const moved = (await knex('operation_reassignments').where({ operation_id: operationId }).orderBy('id').select('task_id', 'from_shelter_id', 'to_shelter_id', 'reason', 'at')) as Array<{ task_id: number; from_shelter_id: number | null; to_shelter_id: number | null; reason: string; at: Date | string }>;
  const households = Object.values(by_status).reduce((a, s) => a + s.households, 0);
  return {
    operation,
    households,
    residents: Object.values(by_status).reduce((a, s) => a + s.residents, 0),
    by_status,
    towns: [...towns.values()].sort((a, b) => a.town_code.localeCompare(b.town_code)),
    special_needs_outstanding: needs.map((n) => {
      const list = json<TaskRow['special_needs']>(n.special_needs);
      return { task_id: n.id, site_code: n.site_code, town_code: n.town_code, village: n.village, status: n.status, persons: list.reduce((a, x) => a + x.persons, 0), kinds: list.map((x) => x.kind), helpers: list.map((x) => x.helper_name).filter((x): x is string => Boolean(x)) };
    }),
    shelters: shelters.map((s) => ({ shelter_id: s.shelter_id, code: s.code, name: s.name, capacity: s.capacity, occupancy: s.occupancy, vacancies: s.vacancies, households_assigned: s.n, residents_assigned: s.r })),
    reassignments: moved.map((m) => ({ ...m, at: iso(m.at)! })),
  };
}

/** Closes an operation; shelters no other active operation uses are no longer "in use" (occupancy cleared). */
export async function closeOperation(knex: Knex, operationId: number, by: string): Promise<{ operation: OperationRow; clearedShelters: number[] }> {
  return knex.transaction(async (trx) => {
    const [row] = (await trx('operations').where({ id: operationId, status: 'active' }).update({ status: 'closed', closed_by: by, closed_at: trx.fn.now(), version: trx.raw('version + 1') }).returning('id')) as Array<{ id: number }>;
    if (!row) {
      const exists = await trx('operations').where({ id: operationId }).first('id');
      if (!exists) throw notFound(`no operation ${operationId}`);
      throw new HttpError(409, 'operation_closed', `operation ${operationId} is already closed`);
    }
    const stillUsed = trx('operation_tasks as t').join('operations as o', 'o.id', 't.operation_id').where('o.status', 'active').whereNotNull('t.shelter_id').select('t.shelter_id');
    const cleared = (await trx('shelters')
      .whereNotNull('occupancy')
      .whereNotIn('id', stillUsed)
      .update({ occupancy: null, vacancies: null, version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: by })
      .returning('id')) as Array<{ id: number }>;
    return { operation: await getOperation(trx, operationId), clearedShelters: cleared.map((c) => c.id) };
  });
}

/**
 * Records arrivals and departures at a shelter (a change or a head count). When the shelter is
 * full, the households of active operations still on their way to it are sent to the nearest
 * shelter with room (reassignments listed in the operation).
 */
export async function recordOccupancy(
  knex: Knex,
  shelterId: number,
  change: { delta: number } | { count: number },
  key: string | undefined,
  by: string,
): Promise<{ occupancy: number; vacancies: number; capacity: number; replayed: boolean; reassigned: Array<Reassignment & { operation_id: number }>; changedShelters: number[] }> {
  return knex.transaction(async (trx) => {
    const shelter = (await trx('shelters').where({ id: shelterId }).whereNull('deleted_at').forUpdate().first('id', 'capacity', 'occupancy', 'vacancies')) as
      | { id: number; capacity: number; occupancy: number | null; vacancies: number | null }
      | undefined;
    if (!shelter) throw notFound(`no shelter ${shelterId}`);
    if (key && (await trx('shelter_occupancy_events').where({ shelter_id: shelterId, idempotency_key: key }).first('id'))) {
      const occupancy = shelter.occupancy ?? 0;
      return { occupancy, vacancies: shelter.capacity - occupancy, capacity: shelter.capacity, replayed: true, reassigned: [], changedShelters: [] };
    }
    const delta = 'delta' in change ? change.delta : change.count - (shelter.occupancy ?? 0);
    const active = (await trx('operations').where({ status: 'active' }).select('id')) as Array<{ id: number }>;
    const now = await addOccupancy(trx, shelterId, delta, active[0]?.id ?? null, by, key ?? null);
    const changedShelters = [shelterId];
    const reassigned: Array<Reassignment & { operation_id: number }> = [];
    if (now.vacancies <= 0 && active.length) {
      const waiting = (await trx('operation_tasks')
        .whereIn('operation_id', active.map((a) => a.id))
        .where({ shelter_id: shelterId })
        .whereIn('status', ON_THE_WAY as TaskStatus[])
        .forUpdate()
        .select('id', 'operation_id', 'residents', trx.raw('ST_X(location) AS lon'), trx.raw('ST_Y(location) AS lat'))) as Array<{ id: number; operation_id: number; residents: number; lon: number; lat: number }>;
      if (waiting.length) {
        // Shelters that can take people: usable, with room (their capacity minus people there and people on their way).
        const room = (await trx('shelters as s')
          .whereNull('s.deleted_at')
          .whereIn('s.status', ['open', 'standby'])
          .whereNot('s.id', shelterId)
          .select('s.id', trx.raw('ST_X(s.geom) AS lon'), trx.raw('ST_Y(s.geom) AS lat'), trx.raw(
            `s.capacity - coalesce(s.occupancy, 0) - coalesce((SELECT sum(t.residents) FROM operation_tasks t JOIN operations o ON o.id = t.operation_id
               WHERE o.status = 'active' AND t.shelter_id = s.id AND t.status IN ('to_notify', 'notified', 'moving')), 0) AS vacancies`,
          ))) as Array<{ id: number; lon: number; lat: number; vacancies: number }>;
        const plan = reassignHouseholds(
          waiting.map((w) => ({ id: w.id, lon: Number(w.lon), lat: Number(w.lat), residents: w.residents })),
          room.map((r) => ({ id: r.id, lon: Number(r.lon), lat: Number(r.lat), vacancies: r.vacancies })),
        );
        for (const p of plan) {
          const w = waiting.find((x) => x.id === p.task_id)!;
          if (p.to_shelter_id !== null) {
            const [moved] = (await trx('operation_tasks')
              .where({ id: p.task_id })
              .update({ shelter_id: p.to_shelter_id, version: trx.raw('version + 1'), updated_by: by, updated_at: trx.fn.now() })
              .returning(['status', 'version'])) as Array<{ status: string; version: number }>;
            // The task's history shows the move too, so its versions run on without a gap.
            await trx('operation_task_events').insert({ task_id: p.task_id, operation_id: w.operation_id, status: moved.status, shelter_id: p.to_shelter_id, version: moved.version, by, note: `shelter ${shelterId} full: sent to shelter ${p.to_shelter_id}` });
          }
          await trx('operation_reassignments').insert({ operation_id: w.operation_id, task_id: p.task_id, from_shelter_id: shelterId, to_shelter_id: p.to_shelter_id, reason: p.to_shelter_id === null ? 'no_shelter_with_room' : 'shelter_full' });
          reassigned.push({ ...p, operation_id: w.operation_id });
        }
      }
    }
    return { occupancy: now.occupancy, vacancies: now.vacancies, capacity: shelter.capacity, replayed: false, reassigned, changedShelters };
  });
}
