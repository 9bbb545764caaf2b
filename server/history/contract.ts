/** What the history routes answer, in zod: a feature's or a collection's recorded versions. */
import { z } from 'zod';
import { HISTORY_OPS, type HistoryOp } from '../layers/history-store.ts';
import { storedFeature } from '../features/contract.ts';

/** GET /api/history's query and POST /api/history/restore's body. */
const id = z.coerce.number().int().min(1).max(999_999_999);

export const historyQuery = z.strictObject({
  collection: z.string().max(100).describe('collection id'),
  id: z.string().regex(/^\d{1,9}$/, 'must be a feature id').transform(Number).optional().describe('feature id; without it, the collection’s entries'),
  op: z.enum(HISTORY_OPS as [HistoryOp, ...HistoryOp[]]).optional().describe('only entries of this kind (e.g. delete, to find what to restore)'),
  limit: z.string().regex(/^\d{1,4}$/, 'must be a whole number').transform(Number).pipe(z.number().min(1).max(1000)).default(100),
  offset: z.string().regex(/^\d{1,9}$/, 'must be a whole number').transform(Number).default(0),
});

export const restoreBody = z.strictObject({
  collection: z.string().max(100),
  id,
  version: z.number().int().min(1).max(999_999_999).optional().describe('absent: undo the deletion'),
});

export const historyEntry = z.object({
  id: z.number().int(),
  feature_id: z.number().int(),
  version: z.number().int(),
  op: z.enum(HISTORY_OPS as unknown as ['create', 'update', 'delete', 'restore', 'purge']),
  by: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  geometry_changed: z.boolean(),
});
export type HistoryEntryAnswer = z.infer<typeof historyEntry>;

export const historyAnswer = z.object({
  collection: z.string(),
  id: z.number().int().nullable(),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  entries: z.array(historyEntry),
});
export type HistoryAnswer = z.infer<typeof historyAnswer>;

/** The restored feature, as a new version. */
export const restoredAnswer = storedFeature;
