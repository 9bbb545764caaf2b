/** Imports one file: opens it in a private work folder, runs the import, and cleans up whatever happens. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GeometryColumns } from './csv-geometry-columns.ts';
import type { ImportProgress, ImportReport } from './import-report.ts';
import { runImport, type ImportDeps, type ImportOptions } from './import-run.ts';
import { asHttpError } from './import-errors.ts';
import { openSource } from './open-source.ts';
import { openSourceInWorker } from './worker-source.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';

export interface FileOptions {
  encoding?: string;
  sourceLayer?: string;
  columns: GeometryColumns;
}

export function makeWorkDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-import-'));
}

export async function importFile(
  deps: ImportDeps,
  filePath: string,
  file: FileOptions,
  options: ImportOptions,
  onProgress?: (p: ImportProgress) => void,
  /** Parses the file in a worker thread (the server); without it, in this thread (the command line). */
  pool?: WorkerPool,
): Promise<ImportReport> {
  const workDir = makeWorkDir();
  try {
    const open = { ...file, limits: options.limits, workDir };
    const source = pool ? await openSourceInWorker(pool, filePath, options.fileName, open) : await openSource(filePath, options.fileName, open);
    try {
      return await runImport(deps, source, options, onProgress);
    } finally {
      await source.close();
    }
  } catch (e) {
    // The readers say what is wrong with the file; the client hears it with a status.
    throw asHttpError(e);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
