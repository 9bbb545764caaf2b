/** Imports one file: opens it in a private work folder, runs the import, and cleans up whatever happens. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GeometryColumns } from './csv-geometry-columns.ts';
import type { ImportProgress, ImportReport } from './import-report.ts';
import { runImport, type ImportDeps, type ImportOptions } from './import-run.ts';
import { openSource } from './open-source.ts';

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
): Promise<ImportReport> {
  const workDir = makeWorkDir();
  try {
    const source = await openSource(filePath, options.fileName, { ...file, limits: options.limits, workDir });
    try {
      return await runImport(deps, source, options, onProgress);
    } finally {
      await source.close();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
