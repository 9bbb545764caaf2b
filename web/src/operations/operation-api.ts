/**
 * What the evacuation client reads and sends: operations and their live summary, tasks, and
 * shelters' occupancy (server/operations/routes.ts). Types from the server's contract (server/operations/contract.ts).
 */
import type { z } from 'zod';
import type { taskChange, OccupancyAnswer as ServerOccupancy, OperationAnswer, SummaryAnswer, TaskAnswer, TaskHistoryAnswer } from '../../../server/operations/contract.ts';
import { getJson, sendJson } from '../api.ts';

export const TASK_STATUSES = ['to_notify', 'notified', 'moving', 'arrived', 'stayed', 'refused', 'unreachable'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
// The client's statuses are the server's: a type error here if they part.
const sameStatuses: [TaskStatus] extends [TaskAnswer['status']] ? ([TaskAnswer['status']] extends [TaskStatus] ? true : false) : false = true;
void sameStatuses;
/** Households not yet moved: still to be told, told, on the way, or not reached. */
export const STILL_TO_MOVE: readonly TaskStatus[] = ['to_notify', 'notified', 'moving', 'unreachable'];

export type Operation = OperationAnswer;
export type OperationSummary = SummaryAnswer;
export type Task = TaskAnswer;
export type OccupancyAnswer = ServerOccupancy;
export type TaskHistory = TaskHistoryAnswer;

/** A cadre's change of a household's task, as PATCH …/tasks/{task} takes it. */
export type TaskChange = z.input<typeof taskChange>;

export const listOperations = async (): Promise<Operation[]> => (await getJson<{ operations: Operation[] }>('/api/operations')).operations;

export const getSummary = (id: number): Promise<OperationSummary> => getJson<OperationSummary>(`/api/operations/${id}`);

export async function listTasks(id: number, filter: { town?: string; status: readonly TaskStatus[] }, limit: number): Promise<{ tasks: Task[]; numberMatched: number }> {
  const q = new URLSearchParams({ status: filter.status.join(','), limit: String(limit) });
  if (filter.town) q.set('town', filter.town);
  return getJson(`/api/operations/${id}/tasks?${q.toString()}`);
}

/** A task's changes, oldest first: who, when, from and to status, shelter and note. */
export const getTaskHistory = (operationId: number, taskId: number): Promise<TaskHistory> => getJson<TaskHistory>(`/api/operations/${operationId}/tasks/${taskId}/history`);

export const startOperation = async (warningId: number): Promise<OperationSummary> => (await sendJson<OperationSummary>('POST', '/api/operations', { warning_id: warningId })).data;

export const closeOperation = async (id: number): Promise<OperationSummary> => (await sendJson<OperationSummary>('POST', `/api/operations/${id}/close`)).data;

/** A key that makes a retried write count once (crypto.randomUUID needs a secure context; a phone on plain http has none). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `oc-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** PATCH …/tasks/{task} with the change's idempotency key: sent again, it counts once (`replayed`). */
export async function changeTask(operationId: number, taskId: number, change: TaskChange, key: string): Promise<{ task: Task; replayed: boolean }> {
  const { data } = await sendJson<Task & { replayed: boolean }>('PATCH', `/api/operations/${operationId}/tasks/${taskId}`, change, { 'Idempotency-Key': key });
  const { replayed, ...task } = data;
  return { task, replayed };
}

export const recordOccupancy = async (shelterId: number, change: { delta: number } | { count: number }, key: string): Promise<OccupancyAnswer> =>
  (await sendJson<OccupancyAnswer>('POST', `/api/shelters/${shelterId}/occupancy`, change, { 'Idempotency-Key': key })).data;
