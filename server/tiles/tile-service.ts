/**
 * Answers "this tile of these layers": each layer's part is cut and encoded by the tile worker
 * from the layer's fresh index, and kept here (bounded per layer) for that index's version, so
 * a tile asked for again is sent without leaving the event loop; a tile of several layers joins
 * the parts in map order.
 */
import type { Knex } from 'knex';
import type { LayerDefinition } from '../layers/types.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { joinLayers, type EncodedTile } from './encode.ts';
import type { BuildReport, LayerIndexes, TileBackend } from './layer-indexes.ts';
import { TileCache } from './tile-cache.ts';
import type { TileCoord } from './tile-grid.ts';
import { readTileRows } from './tile-rows.ts';
import { TILE_TASKS, type CutAnswer, type IndexInfo } from './tile-tasks.ts';

/** The database and the tile worker, as the indexes need them. */
export function tileBackend(knex: Knex, worker: WorkerPool): TileBackend {
  return {
    read: (layer, since) => readTileRows(knex, layer, since),
    build: (layer, rows) => worker.run<IndexInfo>('build', { layer: layer.id, version: rows.version, text: rows.text }, { file: TILE_TASKS }),
    patch: (layer, base, rows) => worker.run<IndexInfo | { missing: true }>('patch', { layer: layer.id, version: rows.version, base, text: rows.text, ids: rows.changed }, { file: TILE_TASKS }),
  };
}

export class TileService {
  private readonly caches = new Map<string, { version: number; cache: TileCache }>();

  /** @param cacheBytesPerLayer encoded tiles kept per layer (0: cut every request) */
  constructor(
    readonly indexes: LayerIndexes,
    private readonly worker: WorkerPool,
    private readonly cacheBytesPerLayer: number,
  ) {}

  async tile(layers: readonly LayerDefinition[], coord: TileCoord): Promise<EncodedTile> {
    if (layers.length === 1) return this.layerTile(layers[0], coord);
    const key = `${coord.z}/${coord.x}/${coord.y}`;
    const reports = await Promise.all(layers.map((l) => this.indexes.get(l)));
    const parts: Array<EncodedTile | undefined> = layers.map((l, i) => this.cacheOf(l, reports[i].version).get(key));
    const missing = parts.flatMap((p, i) => (p ? [] : [i]));
    if (missing.length) {
      // The layers not in cache are cut in one message to the tile worker, not one each.
      const cuts = await this.worker.run<CutAnswer[]>('cutMany', { ...coord, layers: missing.map((i) => ({ layer: layers[i].id, version: reports[i].version })) }, { file: TILE_TASKS });
      await Promise.all(
        missing.map(async (i, j) => {
          const cut = cuts[j];
          // A worker that lost the index (or moved on) is asked again the one-layer way, which rebuilds.
          parts[i] = 'missing' in cut ? await this.layerTile(layers[i], coord) : this.keep(layers[i], reports[i].version, key, cut);
        }),
      );
    }
    return joinLayers(parts as EncodedTile[]);
  }

  private keep(layer: LayerDefinition, version: number, key: string, cut: { body: Uint8Array; etag: string }): EncodedTile {
    const tile: EncodedTile = { body: Buffer.from(cut.body.buffer, cut.body.byteOffset, cut.body.byteLength), etag: cut.etag };
    this.cacheOf(layer, version).set(key, tile);
    return tile;
  }

  private cacheOf(layer: LayerDefinition, version: number): TileCache {
    let held = this.caches.get(layer.id);
    if (!held || held.version !== version) {
      // A new version starts with an empty cache: no tile outlives the data it was cut from.
      held = { version, cache: new TileCache(this.cacheBytesPerLayer) };
      this.caches.set(layer.id, held);
    }
    return held.cache;
  }

  private async layerTile(layer: LayerDefinition, coord: TileCoord, retried = false): Promise<EncodedTile> {
    const { version } = await this.indexes.get(layer);
    const cache = this.cacheOf(layer, version);
    const key = `${coord.z}/${coord.x}/${coord.y}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const cut = await this.worker.run<CutAnswer>('cut', { layer: layer.id, version, ...coord }, { file: TILE_TASKS });
    if ('missing' in cut) {
      // The worker restarted (or built a newer version meanwhile): rebuild and ask again, once.
      if (retried) throw new Error(`the tile worker has no ${layer.id} index at version ${version}`);
      this.indexes.lost(layer);
      return this.layerTile(layer, coord, true);
    }
    return this.keep(layer, version, key, cut);
  }

  /** Builds every layer's index now (e.g. at start) rather than on the first tile request. */
  warmUp(): Promise<BuildReport[]> {
    return this.indexes.warmUp();
  }

  /** The layers' indexes (fresh), e.g. for their bounds and versions in TileJSON. */
  indexesOf(layers: readonly LayerDefinition[]): Promise<BuildReport[]> {
    return Promise.all(layers.map((l) => this.indexes.get(l)));
  }
}
