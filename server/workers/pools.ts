/**
 * The service's worker threads, by the kind of work: bulk (analyses, exports, imports, large
 * writes) at a lower CPU priority with a bounded queue; quick answers that the public waits for
 * ("where do I go?", a card); the tile worker, one thread that holds the tile indexes; and the
 * readers of import files.
 */
import type { Config } from '../config.ts';
import { WorkerPool } from './worker-pool.ts';

export interface Pools {
  bulk: WorkerPool;
  quick: WorkerPool;
  tiles: WorkerPool;
  /** Import files being read: a thread each for the length of an import. */
  imports: WorkerPool;
  /** Starts the threads that serve requests, ahead of the first request (the server does this at start). */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export function createPools(config: Pick<Config, 'WORKER_THREADS' | 'WORKER_QUEUE' | 'WORKER_DEADLINE_MS'>): Pools {
  // Threads, once started, stay and keep their layer caches.
  const bulk = new WorkerPool({ name: 'analysis', threads: config.WORKER_THREADS, maxQueue: config.WORKER_QUEUE, deadlineMs: config.WORKER_DEADLINE_MS, niceIncrement: 10, maxHeapMb: 4096, keepAlive: true });
  // Quick answers and new tiles run a little behind the event loop (nice 5, bulk work 10): in a
  // surge the loop, which sends every cached tile and health check, gets the cores first.
  const quick = new WorkerPool({ name: 'quick', threads: 1, maxQueue: 256, deadlineMs: 10_000, niceIncrement: 5, maxHeapMb: 2048, keepAlive: true });
  // Its thread holds the indexes: kept alive, never idled out; a build of a province layer takes a while.
  const tiles = new WorkerPool({ name: 'tiles', threads: 1, maxQueue: 1000, deadlineMs: 120_000, niceIncrement: 5, keepAlive: true, maxHeapMb: 4096 });
  // An import holds its thread until its last row is written: its own small pool, not the analyses'.
  const imports = new WorkerPool({ name: 'import', threads: 2, maxQueue: 4, deadlineMs: 3_600_000, niceIncrement: 10, maxHeapMb: 4096 });
  return { bulk, quick, tiles, imports, warmUp: async () => void (await Promise.all([bulk.warmUp(), quick.warmUp(), tiles.warmUp()])), close: async () => void (await Promise.all([bulk.destroy(), quick.destroy(), tiles.destroy(), imports.destroy()])) };
}
