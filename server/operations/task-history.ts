/**
 * A task's history, read from the events each task change records (operation-store's
 * updateTask): who changed it, when, from which status to which, the shelter and note given,
 * and the task's version after the change. A replayed request records nothing, so it shows once.
 */
import type { Knex } from 'knex';
import { notFound } from '../http/errors.ts';
import type { TaskStatus } from './operation-store.ts';

export interface TaskHistoryEntry {
  at: string;
  by: string;
  from: TaskStatus;
  to: TaskStatus;
  shelter_id: number | null;
  shelter_name: string | null;
  note: string | null;
  version: number;
}

export interface TaskHistory {
  operation_id: number;
  task_id: number;
  numberMatched: number;
  changes: TaskHistoryEntry[];
}

/**
 * One statement, so that the count and the page come from one snapshot. `from` is the status
 * the previous change left, or the status every task starts with: only changes set a status (a
 * reassignment to another shelter when one fills is a change of shelter with the status kept).
 */
const HISTORY = `
WITH t AS (SELECT id FROM operation_tasks WHERE id = ?::int AND operation_id = ?::int),
  ev AS (
    SELECT e.id, e.at, e.by, lag(e.status, 1, 'to_notify') OVER (ORDER BY e.id) AS from_status, e.status AS to_status,
           e.shelter_id, e.note, e.version
      FROM operation_task_events e
     WHERE e.task_id IN (SELECT id FROM t)),
  page AS (SELECT * FROM ev ORDER BY id OFFSET ?::int LIMIT ?::int)
SELECT EXISTS (SELECT 1 FROM operations WHERE id = ?::int) AS op_exists,
       EXISTS (SELECT 1 FROM t) AS task_exists,
       (SELECT count(*) FROM ev)::int AS matched,
       coalesce((SELECT json_agg(json_build_object('at', p.at, 'by', p.by, 'from', p.from_status, 'to', p.to_status, 'shelter_id', p.shelter_id,
                                                   'shelter_name', s.name, 'note', p.note, 'version', p.version) ORDER BY p.id)
                   FROM page p LEFT JOIN shelters s ON s.id = p.shelter_id), '[]'::json) AS changes`;

interface HistoryAnswer {
  op_exists: boolean;
  task_exists: boolean;
  matched: number;
  changes: Array<Omit<TaskHistoryEntry, 'at'> & { at: string }>;
}

/** The changes of one task of an operation, oldest first; 404 for an unknown operation or another operation's task. */
export async function taskHistory(knex: Knex, operationId: number, taskId: number, page: { offset: number; limit: number }): Promise<TaskHistory> {
  const r = await knex.raw<{ rows: HistoryAnswer[] }>(HISTORY, [taskId, operationId, page.offset, page.limit, operationId]);
  const a = r.rows[0];
  if (!a.op_exists) throw notFound(`no operation ${operationId}`);
  if (!a.task_exists) throw notFound(`operation ${operationId} has no task ${taskId}`);
  // json_build_object writes timestamps in the database's own format: the answer says ISO 8601.
  return { operation_id: operationId, task_id: taskId, numberMatched: a.matched, changes: a.changes.map((c) => ({ ...c, at: new Date(c.at).toISOString() })) };
}
