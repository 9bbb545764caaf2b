/**
 * Runs analyses in the worker pool and keeps their answers: the answer to the same question on
 * the same versions of the layers is the same, so it is computed once (concurrent askers share
 * the computation) and kept in a cache bounded in bytes, from which summaries and pages are cut.
 */
import crypto from 'node:crypto';
import type { Standards } from '../analysis/standards.ts';
import type { JsonCaps } from '../http/json-caps.ts';
import type { LayerSnapshots, SnapshotRef } from '../layers/layer-snapshots.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { LAYER_OF, type AnalysisLayers } from './analysis-inputs.ts';
import type { AnswerText } from './answer-parts.ts';

export const ANALYSIS_TASKS = new URL('./analysis-tasks.ts', import.meta.url);

type LayerName = keyof AnalysisLayers;

/** Bodies up to this size take part in the answer cache (they are hashed into its key). */
const MAX_KEPT_BODY = 256 * 1024;

/** The body's buffer, to move to the worker, when the body is all of it (else it is copied). */
const movable = (body: Uint8Array): ArrayBuffer[] => (body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer ? [body.buffer] : []);

export interface AnalysisRunnerDeps {
  /** Bulk work: the analyses themselves. */
  pool: WorkerPool;
  /** Quick answers that must not wait behind bulk work ("where do I go?"). */
  quickPool: WorkerPool;
  snapshots: LayerSnapshots;
  standards: Standards;
  /** Bytes of answers kept. */
  cacheBytes: number;
  /** Caps on request bodies, checked in the worker before the analysis starts. */
  caps: JsonCaps;
}

const sizeOf = (a: AnswerText) => a.body.byteLength + a.gzipped.byteLength + 2 * (a.summary.length + Object.values(a.parts).reduce((n, p) => n + p.bytes.byteLength / 2 + 2 * p.offsets.length, 0));

export class AnalysisRunner {
  private readonly cache = new Map<string, Promise<AnswerText>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly deps: AnalysisRunnerDeps) {}

  get standards(): Standards {
    return this.deps.standards;
  }

  /** The snapshots of the named layers, keyed by analysis input name. */
  async refs<K extends LayerName>(names: readonly K[]): Promise<Record<K, SnapshotRef>> {
    const refs = await this.deps.snapshots.getAll(names.map((n) => LAYER_OF[n]));
    return Object.fromEntries(names.map((n, i) => [n, refs[i]])) as Record<K, SnapshotRef>;
  }

  /**
   * The answer of `task` for `params` on the current layers: from the cache, or computed once.
   * `params` must hold everything the answer depends on besides the layers; a request body, if
   * any, is given as it came (`body`) and counts by its bytes.
   */
  async answer<K extends LayerName>(task: string, layers: readonly K[], params: Record<string, unknown>, body?: Uint8Array): Promise<AnswerText> {
    const refs = await this.refs(layers);
    const input = { layers: refs, standards: this.deps.standards, caps: this.deps.caps, ...params, ...(body ? { body } : {}) };
    // A large body (a drawn what-if, a warning area) is not kept: hashing megabytes here would hold
    // the event loop for a question nobody asks twice. Its bytes are handed over, not copied.
    if (body && body.byteLength > MAX_KEPT_BODY) return this.deps.pool.run<AnswerText>(task, input, { file: ANALYSIS_TASKS, transfer: movable(body) });
    const versions = layers.map((n) => `${n}@${refs[n].version}`).join(',');
    const hash = crypto.createHash('sha1').update(`${task}|${versions}|${JSON.stringify(params)}|`);
    if (body) hash.update(body);
    const key = hash.digest('base64url');
    const held = this.cache.get(key);
    if (held) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, held);
      return held;
    }
    const p = this.deps.pool.run<AnswerText>(task, input, { file: ANALYSIS_TASKS });
    this.cache.set(key, p);
    p.then(
      (a) => this.keep(key, p, sizeOf(a)),
      () => this.cache.get(key) === p && this.cache.delete(key),
    );
    return p;
  }

  /**
   * A task on the bulk pool whose answer is used once (the plan an operation freezes): not kept,
   * and given as the task returns it (typed arrays, not text).
   */
  async once<R, K extends LayerName>(task: string, layers: readonly K[], params: Record<string, unknown>, body?: Uint8Array): Promise<R> {
    const refs = await this.refs(layers);
    return this.deps.pool.run<R>(task, { layers: refs, standards: this.deps.standards, caps: this.deps.caps, ...params, ...(body ? { body } : {}) }, { file: ANALYSIS_TASKS, transfer: body ? movable(body) : [] });
  }

  /**
   * Parses a plan's layers and builds the road graph in every bulk thread (after warmUp): the first
   * plan by travel, e.g. an operation started as a warning goes out, then finds them ready.
   */
  async warmTravel(): Promise<void> {
    const refs = await this.refs(['sites', 'shelters', 'depots', 'zones', 'towns', 'roads']);
    // One task per thread at once: an idle pool gives each to a thread of its own.
    await Promise.all(Array.from({ length: this.deps.pool.settings.threads }, () => this.deps.pool.run('runWarmTravel', { layers: refs }, { file: ANALYSIS_TASKS, deadlineMs: 600_000 })));
  }

  /**
   * Reads every analysis layer now, one after another (e.g. at start, after the tile indexes),
   * so that the first analysis of a surge does not read whole layers while the public waits.
   */
  async warmUp(): Promise<void> {
    for (const layer of Object.values(LAYER_OF)) await this.deps.snapshots.get(layer);
  }

  /** A quick task on the quick pool (no caching: answers are per position). */
  async quick<R, K extends LayerName>(task: string, layers: readonly K[], params: Record<string, unknown>): Promise<R> {
    const refs = await this.refs(layers);
    return this.deps.quickPool.run<R>(task, { layers: refs, standards: this.deps.standards, caps: this.deps.caps, ...params }, { file: ANALYSIS_TASKS });
  }

  private keep(key: string, p: Promise<AnswerText>, size: number): void {
    if (this.cache.get(key) !== p) return;
    if (size > this.deps.cacheBytes) return void this.cache.delete(key);
    this.sizes.set(key, size);
    this.bytes += size;
    for (const k of this.cache.keys()) {
      if (this.bytes <= this.deps.cacheBytes) break;
      const s = this.sizes.get(k);
      if (s === undefined) continue; // still computing
      this.cache.delete(k);
      this.sizes.delete(k);
      this.bytes -= s;
    }
  }
}
