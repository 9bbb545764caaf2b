/**
 * Import jobs: each import is recorded in import_jobs when it starts and when it ends; while it
 * runs, its progress (rows read, accepted, rejected, percent) is written to the job's row about
 * once a second, so any instance behind a load balancer can answer for it.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { HttpError } from '../http/errors.ts';
import type { ImportMode, ImportProgress, ImportReport } from './import-report.ts';

export interface ImportJob {
  id: string;
  collection: string;
  mode: ImportMode;
  status: 'running' | 'done' | 'failed';
  file_name: string;
  created_by: string;
  created_at: string;
  finished_at?: string;
  progress: ImportProgress;
  report?: ImportReport;
  error?: { status: number; code: string; message: string; details: unknown[] };
}

type Row = Omit<ImportJob, 'progress' | 'report' | 'error' | 'created_at' | 'finished_at'> & {
  created_at: Date | string;
  finished_at: Date | string | null;
  report: ImportReport | null;
  error: ImportJob['error'] | null;
  progress: ImportProgress | null;
};

/** How often a running job's progress is written to its row. */
const PROGRESS_EVERY_MS = 1000;

const iso = (d: Date | string | null | undefined) => (d instanceof Date ? d.toISOString() : (d ?? undefined));

export class ImportJobs {
  private readonly running = new Map<string, ImportJob>();
  private readonly written = new Map<string, number>();

  constructor(private readonly knex: Knex) {}

  async start(collection: string, mode: ImportMode, fileName: string, by: string): Promise<ImportJob> {
    const job: ImportJob = {
      id: crypto.randomUUID(),
      collection,
      mode,
      status: 'running',
      file_name: fileName,
      created_by: by,
      created_at: new Date().toISOString(),
      progress: { rows_read: 0, accepted: 0, rejected: 0, percent: 0 },
    };
    await this.knex('import_jobs').insert({ id: job.id, collection, mode, status: 'running', file_name: fileName, created_by: by, created_at: job.created_at });
    this.running.set(job.id, job);
    return job;
  }

  progress(id: string, p: ImportProgress): void {
    const job = this.running.get(id);
    if (!job) return;
    job.progress = p;
    const now = Date.now();
    if (now - (this.written.get(id) ?? 0) < PROGRESS_EVERY_MS) return;
    this.written.set(id, now);
    // Progress is advisory: a failed write of it must not fail the import.
    void this.knex('import_jobs').where({ id, status: 'running' }).update({ progress: JSON.stringify(p), progress_at: this.knex.fn.now() }).catch(() => {});
  }

  async finish(id: string, report: ImportReport): Promise<void> {
    await this.knex('import_jobs').where({ id }).update({ status: 'done', report: JSON.stringify(report), finished_at: this.knex.fn.now() });
    this.running.delete(id);
    this.written.delete(id);
  }

  async fail(id: string, err: unknown): Promise<void> {
    const e = err instanceof HttpError ? err : new HttpError(500, 'internal_error', 'the import failed unexpectedly');
    const error = { status: e.status, code: e.code, message: e.message, details: e.details };
    await this.knex('import_jobs').where({ id }).update({ status: 'failed', error: JSON.stringify(error), finished_at: this.knex.fn.now() });
    this.running.delete(id);
    this.written.delete(id);
  }

  async get(id: string): Promise<ImportJob | undefined> {
    const here = this.running.get(id);
    if (here) return here;
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const row = (await this.knex('import_jobs').where({ id }).first()) as Row | undefined;
    if (!row) return undefined;
    const report = row.report ?? undefined;
    const c = report?.counts;
    // A job another instance is running: the progress it last wrote.
    const elsewhere = row.status === 'running' ? row.progress ?? undefined : undefined;
    return {
      id: row.id,
      collection: row.collection,
      mode: row.mode,
      status: row.status,
      file_name: row.file_name,
      created_by: row.created_by,
      created_at: iso(row.created_at)!,
      ...(row.finished_at ? { finished_at: iso(row.finished_at) } : {}),
      progress: elsewhere ?? { rows_read: c?.read ?? 0, accepted: c?.accepted ?? 0, rejected: c?.rejected ?? 0, percent: row.status === 'running' ? 0 : 100 },
      ...(report ? { report } : {}),
      ...(row.error ? { error: row.error } : {}),
    };
  }
}
