/** What an import tells its user: per row accepted or rejected and why, and the totals. */
import type { ErrorDetail } from '../http/errors.ts';
import type { MappingEntry } from './field-mapping.ts';
import type { OsmTally } from './osm-tally.ts';
import type { ImportFormat } from './source.ts';

export type RowAction = 'insert' | 'update' | 'unchanged' | 'skip' | 'reject';
export type DuplicatePolicy = 'reject' | 'update' | 'skip';
export type ImportMode = 'dry-run' | 'commit';

export interface RowReport {
  row: number;
  action: RowAction;
  code?: string;
  /** The existing feature a duplicate code belongs to, or the new feature's id after a commit. */
  id?: number;
  reasons?: ErrorDetail[];
  /** An invalid geometry that ST_MakeValid can repair: offered in a dry run, applied with repair=true. */
  repair?: { problem: string; applied: boolean };
}

export interface ImportCounts {
  read: number;
  accepted: number;
  rejected: number;
  skipped: number;
  inserted: number;
  updated: number;
  unchanged: number;
  repaired: number;
}

export interface CrsDecision {
  id: string;
  label: string;
  how: 'given' | 'file' | 'coordinates' | 'default';
  note?: string;
}

export interface ImportReport {
  collection: string;
  mode: ImportMode;
  /** dry-run: nothing written; committed: all accepted rows written; refused: a commit with rejected rows wrote nothing. */
  outcome: 'dry-run' | 'committed' | 'refused';
  file: { name: string; format: ImportFormat; layer?: string; encoding?: string; fields: string[] };
  crs?: CrsDecision;
  mapping: MappingEntry[];
  source_key: string;
  on_duplicate: DuplicatePolicy;
  counts: ImportCounts;
  /** An OpenStreetMap file: its elements, and its highway ways kept, clipped at the extract's edge, or left out and why. */
  osm?: OsmTally;
  rows: RowReport[];
  /** Rows past this many are counted but not listed one by one. */
  rows_listed_max: number;
  rows_truncated: boolean;
  duration_ms: number;
}

export interface ImportProgress {
  rows_read: number;
  accepted: number;
  rejected: number;
  /** 0–100, from how much of the file has been read. */
  percent: number;
}

export const MAX_LISTED_ROWS = 10_000;

export function emptyCounts(): ImportCounts {
  return { read: 0, accepted: 0, rejected: 0, skipped: 0, inserted: 0, updated: 0, unchanged: 0, repaired: 0 };
}
