/**
 * Keeps one tile index per layer, fresh: built on first use (or by warmUp at start), and
 * rebuilt after every change. LayerChanges notifies synchronously after a write commits and
 * before its response is sent; the notice marks the layer stale at once, so any tile request
 * that arrives after the write's response waits for a rebuild that reads the committed rows.
 * Changes to single features patch the previous index's features (one read for the changed rows); a bulk
 * change (id 0, e.g. regrading every site) or a failed build reads the whole layer again.
 */
import type { LayerChange, LayerChanges } from '../layers/changes.ts';
import { LAYERS } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import type { TileFeature } from './tile-attributes.ts';
import { LayerTileIndex } from './tile-index.ts';

/** Reads a layer's tile features: all of them, or only those of `ids` that still exist. */
export type TileReader = (layer: LayerDefinition, ids?: readonly number[]) => Promise<TileFeature[]>;

/** Past this many changed rows, reading the whole layer is cheaper than one read per row. */
const MAX_PATCHED_ROWS = 200;

export interface BuildReport {
  layer: string;
  features: number;
  /** Reading the rows from the database. */
  loadMs: number;
  /** Building the index from them. */
  buildMs: number;
}

interface LayerState {
  /** Bumped by every change; an index is fresh when built for the current generation. */
  generation: number;
  /** Rows changed since the last build started ('all' = read the whole layer). */
  pending: Set<number> | 'all';
  current?: { generation: number; index: LayerTileIndex; report: BuildReport };
  building?: { generation: number; promise: Promise<LayerTileIndex> };
}

export class LayerIndexes {
  private readonly states = new Map<string, LayerState>();

  constructor(
    private readonly read: TileReader,
    changes: LayerChanges,
  ) {
    changes.subscribe((c) => this.invalidate(c));
  }

  private state(layerId: string): LayerState {
    let s = this.states.get(layerId);
    if (!s) {
      s = { generation: 0, pending: 'all' };
      this.states.set(layerId, s);
    }
    return s;
  }

  private invalidate(change: LayerChange): void {
    const s = this.state(change.layer);
    s.generation += 1;
    if (change.id > 0 && s.pending !== 'all') s.pending.add(change.id);
    else s.pending = 'all';
  }

  /** The layer's index as of now: built or rebuilt first if it is missing or stale. */
  get(layer: LayerDefinition): LayerTileIndex | Promise<LayerTileIndex> {
    const s = this.state(layer.id);
    if (s.current && s.current.generation === s.generation) return s.current.index;
    if (s.building && s.building.generation === s.generation) return s.building.promise;

    const generation = s.generation;
    const pending = s.pending;
    s.pending = new Set();
    // Builds of one layer run one after another, each patching the one before.
    const before: Promise<LayerTileIndex | undefined> = s.building
      ? s.building.promise.catch(() => undefined)
      : Promise.resolve(s.current?.index);
    const promise = before
      .then((previous) => this.build(layer, previous, pending))
      .then(
        ({ index, report }) => {
          if (!s.current || s.current.generation < generation) s.current = { generation, index, report };
          return index;
        },
        (err: unknown) => {
          // What this build was to apply is not applied: the next one reads everything.
          s.pending = 'all';
          throw err;
        },
      )
      .finally(() => {
        if (s.building?.promise === promise) s.building = undefined;
      });
    s.building = { generation, promise };
    return promise;
  }

  private async build(
    layer: LayerDefinition,
    previous: LayerTileIndex | undefined,
    pending: Set<number> | 'all',
  ): Promise<{ index: LayerTileIndex; report: BuildReport }> {
    const started = performance.now();
    let features: Iterable<TileFeature>;
    if (!previous || pending === 'all' || pending.size > MAX_PATCHED_ROWS) {
      features = await this.read(layer);
    } else {
      const patched = new Map(previous.features);
      const fresh = await this.read(layer, [...pending]);
      // A changed row keeps its place (set() on a known key); one that is not read back was deleted.
      for (const f of fresh) patched.set(f.id, f);
      const live = new Set(fresh.map((f) => f.id));
      for (const id of pending) if (!live.has(id)) patched.delete(id);
      features = patched.values();
    }
    const loadMs = performance.now() - started;
    const index = new LayerTileIndex(layer, features);
    return { index, report: { layer: layer.id, features: index.size, loadMs, buildMs: index.buildMs } };
  }

  /** Builds every layer's index now (one after another, to bound memory), e.g. at start. */
  async warmUp(layers: readonly LayerDefinition[] = LAYERS): Promise<BuildReport[]> {
    const reports: BuildReport[] = [];
    for (const layer of layers) {
      await this.get(layer);
      const r = this.states.get(layer.id)?.current?.report;
      if (r) reports.push(r);
    }
    return reports;
  }
}
