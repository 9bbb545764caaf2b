/**
 * What the import routes answer, in zod: the report of a dry run or a commit (its rows, counts and
 * the mapping used), a job's progress, and the saved mappings. The report's inner parts (the CRS
 * decision, an OpenStreetMap tally, each row's reasons) keep members beyond the ones listed here.
 */
import { z } from 'zod';

const counts = z.record(z.string(), z.number());

export const importReport = z.looseObject({
  collection: z.string(),
  mode: z.enum(['dry-run', 'commit']),
  outcome: z.enum(['dry-run', 'committed', 'refused']),
  file: z.looseObject({ name: z.string(), format: z.string(), fields: z.array(z.string()) }),
  crs: z.looseObject({}).optional(),
  mapping: z.array(z.looseObject({})),
  source_key: z.string(),
  on_duplicate: z.string(),
  counts,
  rows: z.array(z.looseObject({})),
});
export type ImportReportAnswer = z.infer<typeof importReport>;

/** A dry run or a commit answered at once: the job's id and its report. */
export const importAnswer = importReport.extend({ job: z.string() });
/** Prefer: respond-async: the job to follow. */
export const importStarted = z.object({ job: z.string(), status: z.literal('running'), href: z.string() });

export const importJobAnswer = z.object({
  id: z.string(),
  collection: z.string(),
  mode: z.enum(['dry-run', 'commit']),
  status: z.enum(['running', 'done', 'failed']),
  file_name: z.string(),
  created_by: z.string(),
  created_at: z.string(),
  finished_at: z.string().optional(),
  progress: z.looseObject({}),
  report: importReport.optional(),
  error: z.looseObject({ status: z.number().int(), code: z.string(), message: z.string() }).optional(),
});
export type ImportJobAnswer = z.infer<typeof importJobAnswer>;

export const mappingsAnswer = z.object({
  collection: z.string(),
  mappings: z.array(z.looseObject({ source_key: z.string(), mapping: z.unknown(), updated_by: z.string().nullable(), updated_at: z.string() })),
});
