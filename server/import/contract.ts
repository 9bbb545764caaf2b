/**
 * What the import routes answer, in zod: the report of a dry run or a commit (its rows, counts and
 * the mapping used), a job's progress, and the saved mappings. The report's TypeScript types in
 * import-report.ts are checked against these at compile time, so the two cannot drift apart.
 */
import { z } from 'zod';
import { errorDetail } from '../http/error-contract.ts';
import type { ImportProgress, ImportReport } from './import-report.ts';

const count = z.number().int().min(0);
const counts = z.strictObject({ read: count, accepted: count, rejected: count, skipped: count, inserted: count, updated: count, unchanged: count, repaired: count });

const rowReport = z.strictObject({
  row: z.number().int(),
  action: z.enum(['insert', 'update', 'unchanged', 'skip', 'reject']),
  code: z.string().optional(),
  id: z.number().int().optional(),
  reasons: z.array(errorDetail).optional(),
  repair: z.strictObject({ problem: z.string(), applied: z.boolean() }).optional(),
});

const mappingEntry = z.strictObject({ field: z.string(), attribute: z.string().nullable(), how: z.enum(['given', 'saved', 'automatic', 'none']), note: z.string().optional() });
const crsDecision = z.strictObject({ id: z.string(), label: z.string(), how: z.enum(['given', 'file', 'coordinates', 'default']), note: z.string().optional() });
const osmTally = z.strictObject({ nodes: count, ways: count, relations: count, highway_ways: count, kept: count, clipped: count, skipped: z.record(z.string(), count) });

export const importReport = z.strictObject({
  collection: z.string(),
  mode: z.enum(['dry-run', 'commit']),
  outcome: z.enum(['dry-run', 'committed', 'refused']),
  file: z.strictObject({ name: z.string(), format: z.enum(['geojson', 'csv', 'shapefile', 'geopackage', 'osm-xml', 'osm-pbf']), layer: z.string().optional(), encoding: z.string().optional(), fields: z.array(z.string()) }),
  crs: crsDecision.optional(),
  mapping: z.array(mappingEntry),
  source_key: z.string(),
  on_duplicate: z.enum(['reject', 'update', 'skip']),
  counts,
  osm: osmTally.optional(),
  rows: z.array(rowReport),
  rows_listed_max: count,
  rows_truncated: z.boolean(),
  duration_ms: z.number().min(0),
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
  progress: z.strictObject({ rows_read: count, accepted: count, rejected: count, percent: z.number().min(0).max(100) }),
  report: importReport.optional(),
  error: z.looseObject({ status: z.number().int(), code: z.string(), message: z.string() }).optional(),
});
export type ImportJobAnswer = z.infer<typeof importJobAnswer>;

export const mappingsAnswer = z.object({
  collection: z.string(),
  mappings: z.array(z.looseObject({ source_key: z.string(), mapping: z.unknown(), updated_by: z.string().nullable(), updated_at: z.string() })),
});

// The report and the progress as the code builds them are what the contract says (and the other way round).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportMatches: Same<z.infer<typeof importReport>, ImportReport> = true;
const progressMatches: Same<z.infer<typeof importJobAnswer>['progress'], ImportProgress> = true;
void reportMatches;
void progressMatches;
