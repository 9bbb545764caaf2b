/** What the history routes answer, in zod: a feature's or a collection's recorded versions. */
import { z } from 'zod';
import { HISTORY_OPS } from '../layers/history-store.ts';
import { storedFeature } from '../features/contract.ts';

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
