/**
 * Keeps every layer's tile index fresh, from the event loop's side: the indexes themselves live
 * in the tile worker (tile-tasks.ts); this module knows which version each one is at, and
 * rebuilds one when the layer changed.
 *
 * A change notice (this process's write, right after its commit and before its response; or the
 * database's notice of any instance's write) marks the layer stale at once, so any tile request
 * after a write's response waits for an index that holds the write. A rebuild asks the database
 * what changed since the version held (one consistent read) and patches the index with just those
 * features; a bulk change, a long absence or a lost index reads the whole layer.
 */
import type { LayerChange, LayerChanges } from '../layers/changes.ts';
import { LAYERS } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import type { IndexInfo } from './tile-tasks.ts';
import type { TileRowsText } from './tile-rows.ts';

/** Where indexes are read from and built: the database and the tile worker (or a fake in tests). */
export interface TileBackend {
  /** The layer's tile rows now: all of them, or only those changed since `since`. */
  read(layer: LayerDefinition, since?: number): Promise<TileRowsText>;
  build(layer: LayerDefinition, rows: TileRowsText): Promise<IndexInfo>;
  /** Patches the index held at `base`; `missing` when the worker holds no such index. */
  patch(layer: LayerDefinition, base: number, rows: TileRowsText & { changed: number[] }): Promise<IndexInfo | { missing: true }>;
}

export interface BuildReport extends IndexInfo {
  /** Reading the rows from the database. */
  loadMs: number;
  /** Whether only the changed features were read. */
  patched: boolean;
}

interface LayerState {
  /** Bumped by every change notice; an index is fresh when built for the current generation. */
  generation: number;
  current?: { generation: number; report: BuildReport };
  building?: { generation: number; promise: Promise<BuildReport> };
}

export class LayerIndexes {
  private readonly states = new Map<string, LayerState>();

  constructor(
    private readonly backend: TileBackend,
    changes: LayerChanges,
  ) {
    changes.subscribe((c) => this.invalidate(c));
  }

  private state(layerId: string): LayerState {
    let s = this.states.get(layerId);
    if (!s) {
      s = { generation: 0 };
      this.states.set(layerId, s);
    }
    return s;
  }

  private invalidate(change: LayerChange): void {
    const s = this.state(change.layer);
    // The database's notice of a version the fresh index already holds (often our own write's).
    const fresh = s.current && s.current.generation === s.generation && !s.building;
    if (fresh && change.version !== undefined && s.current!.report.version >= change.version) return;
    s.generation += 1;
  }

  /** The worker lost the layer's index (a restarted thread): the next request rebuilds it whole. */
  lost(layer: LayerDefinition): void {
    const s = this.state(layer.id);
    s.current = undefined;
    s.generation += 1;
  }

  /** The layer's index as of now: built or patched first if it is missing or stale. */
  get(layer: LayerDefinition): BuildReport | Promise<BuildReport> {
    const s = this.state(layer.id);
    if (s.current && s.current.generation === s.generation) return s.current.report;
    if (s.building && s.building.generation === s.generation) return s.building.promise;

    const generation = s.generation;
    // Builds of one layer run one after another, each patching the one before.
    const before: Promise<BuildReport | undefined> = s.building ? s.building.promise.catch(() => undefined) : Promise.resolve(s.current?.report);
    const promise = before
      .then((previous) => this.build(layer, previous))
      .then((report) => {
        if (!s.current || s.current.generation < generation) s.current = { generation, report };
        return report;
      })
      .finally(() => {
        if (s.building?.promise === promise) s.building = undefined;
      });
    s.building = { generation, promise };
    return promise;
  }

  private async build(layer: LayerDefinition, previous: BuildReport | undefined): Promise<BuildReport> {
    const started = performance.now();
    const rows = await this.backend.read(layer, previous?.version);
    const loadMs = performance.now() - started;
    if (previous && rows.version === previous.version) return { ...previous, loadMs };
    if (previous && rows.changed !== 'all') {
      const patched = await this.backend.patch(layer, previous.version, rows as TileRowsText & { changed: number[] });
      if (!('missing' in patched)) return { ...patched, loadMs, patched: true };
      // The worker restarted since: read everything.
      return this.build(layer, undefined);
    }
    const info = await this.backend.build(layer, rows);
    return { ...info, loadMs, patched: false };
  }

  /** Builds every layer's index now (one after another, to bound memory), e.g. at start. */
  async warmUp(layers: readonly LayerDefinition[] = LAYERS): Promise<BuildReport[]> {
    const reports: BuildReport[] = [];
    for (const layer of layers) reports.push(await this.get(layer));
    return reports;
  }
}
