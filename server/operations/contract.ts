/**
 * The evacuation-operation routes' contract, in zod: what they take (an operation's start, the
 * task list's filters, a task's change, a shelter's occupancy, a special need) and what they
 * answer (operations and their live summary, tasks, occupancy, special needs). The duty officer's
 * and the cadre's clients read these types.
 */
import { z } from 'zod';
import { WARNING_HAZARDS, WARNING_LEVELS } from '../domain/vocabularies.ts';
import { TASK_STATUSES } from './operation-store.ts';

/** A row id in a path or query: a positive 32-bit whole number. */
export const id = (name: string) => z.coerce.number().int().min(1).max(2_147_483_647).describe(name);

export const createBody = z
  .strictObject({
    warning_id: z.number().int().positive().optional(),
    area: z.unknown().optional(),
    hazard: z.enum(WARNING_HAZARDS).optional(),
    level: z.enum(WARNING_LEVELS).optional(),
    name: z.string().min(1).max(200).optional(),
  })
  .refine((b) => b.warning_id !== undefined || (b.area !== undefined && b.hazard !== undefined && b.level !== undefined), 'give warning_id, or area with hazard and level');

export const taskQuery = z.strictObject({
  town: z.string().regex(/^\d{9}$/, 'a 9-digit town code').optional(),
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(TASK_STATUSES)))
    .optional(),
  shelter: id('shelter').optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const taskHistoryQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});

export const taskChange = z.strictObject({
  status: z.enum(TASK_STATUSES),
  shelter_id: z.number().int().positive().nullable().optional(),
  note: z.string().max(1000).nullable().optional(),
});

export const occupancyBody = z.union([z.strictObject({ delta: z.number().int().min(-100_000).max(100_000) }), z.strictObject({ count: z.number().int().min(0).max(1_000_000) })]);

export const NEED_KINDS = ['elderly', 'disabled', 'bedridden', 'pregnant', 'infant', 'chronic_illness', 'other'] as const;

export const needBody = z.strictObject({
  kind: z.enum(NEED_KINDS),
  persons: z.number().int().min(1).max(50).default(1),
  helper_name: z.string().max(50).nullable().optional(),
  helper_phone: z.string().regex(/^[0-9+\- ]{5,20}$/, 'a phone number').nullable().optional(),
  note: z.string().max(500).nullable().optional(),
});


export const taskStatus = z.enum(TASK_STATUSES);
const tally = z.object({ households: z.number(), residents: z.number() });

export const operationAnswer = z.object({
  id: z.number().int(),
  name: z.string(),
  warning_id: z.number().int().nullable(),
  hazard: z.string(),
  level: z.string(),
  status: z.enum(['active', 'closed']),
  mode: z.string(),
  rules_version: z.string(),
  selection: z.object({ grades: z.array(z.string()), exempt_rectification: z.array(z.string()) }),
  plan_summary: z.record(z.string(), z.unknown()).nullable(),
  version: z.number().int(),
  created_by: z.string(),
  created_at: z.string(),
  closed_by: z.string().nullable(),
  closed_at: z.string().nullable(),
});
export type OperationAnswer = z.infer<typeof operationAnswer>;
export const operationsAnswer = z.object({ operations: z.array(operationAnswer) });

export const summaryAnswer = z.object({
  operation: operationAnswer,
  households: z.number(),
  residents: z.number(),
  by_status: z.record(taskStatus, tally),
  towns: z.array(z.object({ town_code: z.string(), households: z.number(), residents: z.number(), arrived_households: z.number(), by_status: z.partialRecord(taskStatus, z.number()) })),
  special_needs_outstanding: z.array(z.object({ task_id: z.number().int(), site_code: z.string(), town_code: z.string(), village: z.string().nullable(), status: taskStatus, persons: z.number(), kinds: z.array(z.string()), helpers: z.array(z.string()) })),
  shelters: z.array(z.object({ shelter_id: z.number().int(), code: z.string(), name: z.string(), capacity: z.number(), occupancy: z.number().nullable(), vacancies: z.number().nullable(), households_assigned: z.number(), residents_assigned: z.number() })),
  reassignments: z.array(z.object({ task_id: z.number().int(), from_shelter_id: z.number().int().nullable(), to_shelter_id: z.number().int().nullable(), reason: z.string(), at: z.string() })),
});
export type SummaryAnswer = z.infer<typeof summaryAnswer>;

const need = z.object({ kind: z.string(), persons: z.number(), helper_name: z.string().nullable(), helper_phone: z.string().nullable(), note: z.string().nullable() });

export const taskAnswer = z.object({
  id: z.number().int(),
  operation_id: z.number().int(),
  site_id: z.number().int(),
  site_code: z.string(),
  town_code: z.string(),
  village: z.string().nullable(),
  households: z.number(),
  residents: z.number(),
  lon: z.number(),
  lat: z.number(),
  designated_shelter_id: z.number().int().nullable(),
  shelter_id: z.number().int().nullable(),
  minutes: z.number().nullable(),
  status: taskStatus,
  version: z.number().int(),
  monitor_name: z.string().nullable(),
  monitor_phone: z.string().nullable(),
  special_needs: z.array(need),
  note: z.string().nullable(),
  updated_by: z.string().nullable(),
  updated_at: z.string(),
});
export type TaskAnswer = z.infer<typeof taskAnswer>;
export const tasksAnswer = z.object({ operation_id: z.number().int(), numberMatched: z.number().int(), numberReturned: z.number().int(), tasks: z.array(taskAnswer) });
export const changedTaskAnswer = taskAnswer.extend({ replayed: z.boolean() });

/** One change of a task: who, when, from which status to which, the shelter and note, and the task's version after it. */
export const taskChangeEntry = z.object({
  at: z.string(),
  by: z.string(),
  from: taskStatus,
  to: taskStatus,
  shelter_id: z.number().int().nullable(),
  shelter_name: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export const taskHistoryAnswer = z.object({ operation_id: z.number().int(), task_id: z.number().int(), numberMatched: z.number().int(), numberReturned: z.number().int(), changes: z.array(taskChangeEntry) });
export type TaskHistoryAnswer = z.infer<typeof taskHistoryAnswer>;

export const occupancyAnswer = z.object({
  occupancy: z.number(),
  vacancies: z.number(),
  capacity: z.number(),
  replayed: z.boolean(),
  reassigned: z.array(z.looseObject({ task_id: z.number().int(), to_shelter_id: z.number().int().nullable(), operation_id: z.number().int() })),
  changedShelters: z.array(z.number().int()),
});
export type OccupancyAnswer = z.infer<typeof occupancyAnswer>;

export const specialNeedAnswer = z.object({
  id: z.number().int(), site_id: z.number().int(), kind: z.string(), persons: z.number(), helper_name: z.string().nullable(), helper_phone: z.string().nullable(),
  note: z.string().nullable(), version: z.number().int(), updated_by: z.string().nullable(), updated_at: z.union([z.string(), z.null()]),
});
export const specialNeedsAnswer = z.object({ site_id: z.number().int(), needs: z.array(specialNeedAnswer) });
