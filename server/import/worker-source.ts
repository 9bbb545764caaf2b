/**
 * An import source read by a worker thread (source-tasks.ts), seen from the event loop as any
 * other source: its description once the file is open, then its rows batch by batch.
 */
import { MessageChannel } from 'node:worker_threads';
import { ImportError } from './file-errors.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import type { OpenOptions } from './open-source.ts';
import type { ImportSource, SourceRow, SourceSummary } from './source.ts';
import { SOURCE_TASKS, type SourceMessage, type SourceRequest } from './source-tasks.ts';

function errorOf(m: Extract<SourceMessage, { type: 'error' }>): Error {
  const e = m.error;
  return 'problem' in e ? new ImportError(e.problem, e.code, e.message, e.details) : new Error(e.message);
}

export async function openSourceInWorker(pool: WorkerPool, filePath: string, name: string, options: OpenOptions): Promise<ImportSource> {
  const { port1, port2 } = new MessageChannel();
  const inbox: SourceMessage[] = [];
  let wake: (() => void) | undefined;
  port1.on('message', (m: SourceMessage) => {
    inbox.push(m);
    wake?.();
  });
  const done = pool.run<void>('readSource', { port: port2, filePath, name, options }, { file: SOURCE_TASKS, transfer: [port2] });
  let failed: unknown;
  done.catch((e: unknown) => {
    failed = e;
    wake?.();
  });
  const receive = async (): Promise<SourceMessage> => {
    while (inbox.length === 0) {
      if (failed) throw failed;
      await new Promise<void>((r) => (wake = r));
    }
    return inbox.shift()!;
  };
  const ask = (r: SourceRequest) => port1.postMessage(r);
  const finish = async () => {
    ask('close');
    await done.catch(() => {});
    port1.close();
  };

  const first = await receive();
  if (first.type === 'error') {
    await finish();
    throw errorOf(first);
  }
  if (first.type !== 'open') throw new Error(`the import reader said ${first.type} before opening the file`);
  let progress = 0;
  let summary: SourceSummary | undefined;
  return {
    ...first.meta,
    async *rows(): AsyncGenerator<SourceRow> {
      for (;;) {
        ask('more');
        const m = await receive();
        if (m.type === 'error') throw errorOf(m);
        if (m.type === 'end') {
          progress = 1;
          summary = m.summary;
          return;
        }
        if (m.type !== 'rows') continue;
        progress = m.progress;
        yield* m.rows;
      }
    },
    progress: () => progress,
    summary: () => summary ?? {},
    close: finish,
  };
}
