/**
 * Reading an import file as a worker task: the file is opened, unpacked and parsed here, off the
 * event loop, and its rows travel to the event loop in batches over a message port, one batch
 * at a time as they are asked for (the import writes as it reads, so reading never runs ahead).
 */
import type { MessagePort } from 'node:worker_threads';
import { ImportError, type ImportErrorDetail, type ImportProblem } from './file-errors.ts';
import { task } from '../workers/task.ts';
import { openSource, type OpenOptions } from './open-source.ts';
import type { ImportSource, SourceRow, SourceSummary } from './source.ts';

export const SOURCE_TASKS = new URL('./source-tasks.ts', import.meta.url);

/** Rows per message. */
export const BATCH = 500;

export type SourceMeta = Omit<ImportSource, 'rows' | 'progress' | 'summary' | 'close'>;

/** Worker → event loop. */
export type SourceMessage =
  | { type: 'open'; meta: SourceMeta }
  | { type: 'rows'; rows: SourceRow[]; progress: number }
  | { type: 'end'; progress: number; summary?: SourceSummary }
  | { type: 'error'; error: { problem: ImportProblem; code: string; message: string; details: ImportErrorDetail[] } | { message: string } };

/** Event loop → worker: 'more' asks for the next batch, 'close' stops reading. */
export type SourceRequest = 'more' | 'close';

export interface ReadSourceInput {
  port: MessagePort;
  filePath: string;
  name: string;
  options: OpenOptions;
}

function asMessage(e: unknown): SourceMessage {
  if (e instanceof ImportError) return { type: 'error', error: { problem: e.problem, code: e.code, message: e.message, details: e.details } };
  return { type: 'error', error: { message: e instanceof Error ? e.message : String(e) } };
}

export const readSource = task(async ({ port, filePath, name, options }: ReadSourceInput): Promise<void> => {
  const requests: SourceRequest[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (m: SourceRequest) => {
    requests.push(m);
    wake?.();
  });
  const next = async (): Promise<SourceRequest> => {
    while (requests.length === 0) await new Promise<void>((r) => (wake = r));
    return requests.shift()!;
  };
  let source: ImportSource | undefined;
  try {
    source = await openSource(filePath, name, options);
    const { rows: _r, progress: _p, summary: _s, close: _c, ...meta } = source;
    port.postMessage({ type: 'open', meta } satisfies SourceMessage);
    let batch: SourceRow[] = [];
    if ((await next()) === 'close') return;
    for await (const row of source.rows()) {
      batch.push(row);
      if (batch.length < BATCH) continue;
      port.postMessage({ type: 'rows', rows: batch, progress: source.progress() } satisfies SourceMessage);
      batch = [];
      if ((await next()) === 'close') return;
    }
    if (batch.length) {
      port.postMessage({ type: 'rows', rows: batch, progress: source.progress() } satisfies SourceMessage);
      if ((await next()) === 'close') return;
    }
    port.postMessage({ type: 'end', progress: 1, summary: source.summary?.() } satisfies SourceMessage);
    await next();
  } catch (e) {
    port.postMessage(asMessage(e));
  } finally {
    await source?.close().catch(() => {});
    port.close();
  }
});
