/**
 * A bounded pool of worker threads (piscina) for work that would otherwise hold the event
 * loop: analyses, export encoding, import parsing, large-geometry validation. Bounded three
 * ways: a fixed number of threads (run at a lower CPU priority than the event loop, so that
 * health checks and cached tiles keep their share of the cores), a queue limit past which a
 * request is shed at once with 503 + Retry-After, and a deadline per task after which the task's
 * thread is stopped and the request answered 503.
 */
import os from 'node:os';
import { Piscina } from 'piscina';
import type { TransferListItem } from 'node:worker_threads';
import { HttpError } from '../http/errors.ts';
import { unwrap, type TaskOutcome } from './task.ts';

const READY = new URL('./ready-task.ts', import.meta.url);

export interface PoolSettings {
  /** The pool's name, used in messages ("analysis", "tiles"). */
  name: string;
  /** The default module whose named exports are the tasks (each run may name another). */
  file?: URL;
  threads: number;
  /** Tasks that may wait for a thread; one more is shed (0: none wait). */
  maxQueue: number;
  /** Default deadline of a task, in ms. */
  deadlineMs: number;
  /** Niceness added to the threads (Linux): 0 for latency-critical pools, 10 for bulk work. */
  niceIncrement?: number;
  /** A worker's heap limit in MB: a runaway task fails instead of swapping the machine. */
  maxHeapMb?: number;
  /** Keep idle threads forever (pools whose threads hold state, e.g. tile indexes). */
  keepAlive?: boolean;
}

export interface RunOptions {
  /** The module of the task, when not the pool's default. */
  file?: URL;
  deadlineMs?: number;
  transfer?: TransferListItem[];
}

/** The number of threads for bulk work on this machine: every core but the event loop's, at least one. */
export function bulkThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/**
 * Workers load TypeScript as the main process does: with its own options when it was started
 * through tsx (the tsx command's signal handling must see them unchanged), else (the test
 * runner) with tsx's loader added.
 */
function workerExecArgv(): string[] {
  const viaTsx = process.execArgv.some((a) => /(^|[/\\])tsx([/\\@]|$)|tsx[/\\]dist/.test(a));
  return viaTsx ? process.execArgv : [...process.execArgv, '--import', 'tsx'];
}

export class BusyError extends HttpError {
  constructor(what: string, retryAfterSeconds: number) {
    super(503, 'busy', `the service is busy with other ${what} work; try again in ${retryAfterSeconds} s`, [], { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class WorkerPool {
  private readonly pool: Piscina;
  private inFlight = 0;

  constructor(readonly settings: PoolSettings) {
    this.pool = new Piscina({
      filename: settings.file?.href ?? null,
      name: settings.name,
      // Threads start on first use (warmUp() starts them ahead), so an app that never needs one costs none.
      minThreads: 0,
      maxThreads: settings.threads,
      // The queue limit is this class's own (below): piscina's would also refuse while a thread starts.
      maxQueue: Number.MAX_SAFE_INTEGER,
      // Timers hold at most 2^31 - 1 ms: a larger idle timeout would fire at once and end the thread.
      idleTimeout: settings.keepAlive ? 2 ** 31 - 1 : 30_000,
      niceIncrement: settings.niceIncrement ?? 0,
      execArgv: workerExecArgv(),
      resourceLimits: settings.maxHeapMb ? { maxOldGenerationSizeMb: settings.maxHeapMb } : undefined,
    });
  }

  /**
   * Runs the task named `task` (an export of the module, wrapped with task()) and gives its value
   * or throws its HttpError; sheds with 503 when the queue is full.
   */
  async run<R>(task: string, input: unknown, options: RunOptions = {}): Promise<R> {
    // Shed before queueing: the tasks waiting for a thread are those beyond one per thread.
    if (this.inFlight - this.settings.threads >= this.settings.maxQueue) {
      throw new BusyError(this.settings.name, this.retryAfter());
    }
    const deadline = options.deadlineMs ?? this.settings.deadlineMs;
    const signal = AbortSignal.timeout(deadline);
    this.inFlight++;
    try {
      const outcome = (await this.pool.run(input, { name: task, filename: options.file?.href, signal, transferList: options.transfer })) as TaskOutcome<R>;
      return unwrap(outcome);
    } catch (e) {
      if (e instanceof HttpError) throw e;
      if (signal.aborted) {
        throw new HttpError(503, 'deadline_exceeded', `the ${this.settings.name} task took longer than ${Math.round(deadline / 1000)} s and was stopped; narrow the request or try again later`, [], { 'Retry-After': '30' });
      }
      if (e instanceof Error && /Task queue is at limit|No task queue available/.test(e.message)) throw new BusyError(this.settings.name, this.retryAfter());
      if (e instanceof Error && /ERR_WORKER_OUT_OF_MEMORY|out of memory/i.test(`${(e as { code?: string }).code ?? ''} ${e.message}`)) {
        throw new HttpError(413, 'too_much_work', `the request needs more memory than one ${this.settings.name} task may use; narrow it`);
      }
      throw e;
    } finally {
      this.inFlight--;
    }
  }

  /** Seconds a shed client should wait: a rough time for the queue ahead of it to drain. */
  private retryAfter(): number {
    const p50 = this.pool.histogram.runTime.p50;
    const perTaskS = Math.max(1, Number.isFinite(p50) && p50 > 0 ? p50 / 1000 : 2);
    const waiting = Math.max(0, this.inFlight - this.settings.threads);
    return Math.min(60, Math.ceil((perTaskS * (waiting + 1)) / this.settings.threads));
  }

  /** Starts every thread now (loading the code takes a second), e.g. when the server starts. */
  async warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: this.settings.threads }, () => this.pool.run(null, { name: 'ready', filename: READY.href })));
  }

  get stats(): { threads: number; queued: number; inFlight: number; utilization: number } {
    return { threads: this.pool.threads.length, queued: this.pool.queueSize, inFlight: this.inFlight, utilization: this.pool.utilization };
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
