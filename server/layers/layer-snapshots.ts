/**
 * Whole-layer snapshots for the analyses, which run in worker threads. A snapshot is the
 * layer's public features as GeoJSON text at one version, in a SharedArrayBuffer: handing it to
 * a worker copies nothing, and a worker parses each version once (layers/snapshot-cache.ts).
 * A change of the layer (this process's write or the database's notice) drops the snapshot;
 * the next request reads the layer again; concurrent readers share one read.
 */
import type { Knex } from 'knex';
import type { LayerChanges } from './changes.ts';
import { readLayerJson } from './layer-json.ts';
import { findLayer } from './registry.ts';

/** What travels to a worker: the layer's text at a version. */
export interface SnapshotRef {
  layer: string;
  version: number;
  /** UTF-8 GeoJSON FeatureCollection text. */
  buffer: SharedArrayBuffer;
  bytes: number;
}

export class LayerSnapshots {
  private readonly cache = new Map<string, Promise<SnapshotRef>>();

  constructor(
    private readonly knex: Knex,
    private readonly changes: LayerChanges,
  ) {
    changes.subscribe((c) => {
      const held = this.cache.get(c.layer);
      if (!held) return;
      // A notice of a version this snapshot already holds changes nothing.
      if (c.version === undefined) this.cache.delete(c.layer);
      else void held.then((s) => s.version < c.version! && this.cache.get(c.layer) === held && this.cache.delete(c.layer), () => {});
    });
  }

  /** The layer's public features at its current version. */
  get(layerId: string): Promise<SnapshotRef> {
    const layer = findLayer(layerId);
    if (!layer) throw new Error(`unknown layer ${layerId}`);
    let p = this.cache.get(layerId);
    if (!p) {
      p = readLayerJson(this.knex, layer, false).then(({ version, buffer, bytes }) => {
        this.changes.observeVersion(layer.table, version);
        return { layer: layerId, version, buffer, bytes };
      });
      // A failed read is not kept: the next request tries again.
      p.catch(() => this.cache.get(layerId) === p && this.cache.delete(layerId));
      this.cache.set(layerId, p);
    }
    return p;
  }

  /** Several layers at once. */
  getAll(layerIds: readonly string[]): Promise<SnapshotRef[]> {
    return Promise.all(layerIds.map((id) => this.get(id)));
  }
}
