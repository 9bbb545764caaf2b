/**
 * The in-memory tile source: each layer's geojson-vt index lives in the tile worker
 * (tile-tasks.ts), kept fresh by LayerIndexes from the database and the change feed; tiles are cut
 * there, several layers in one message.
 */
import type { Knex } from 'knex';
import type { LayerDefinition } from '../layers/types.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import type { LayerIndexes, TileBackend } from './layer-indexes.ts';
import type { TileCoord } from './tile-grid.ts';
import { readTileRows } from './tile-rows.ts';
import type { SourceLayer, TilePart, TileSource } from './tile-source.ts';
import { TILE_TASKS, type CutAnswer, type IndexInfo } from './tile-tasks.ts';

/** The database and the tile worker, as the indexes need them. */
export function tileBackend(knex: Knex, worker: WorkerPool): TileBackend {
  return {
    read: (layer, since) => readTileRows(knex, layer, since),
    build: (layer, rows) => worker.run<IndexInfo>('build', { layer: layer.id, version: rows.version, text: rows.text }, { file: TILE_TASKS }),
    patch: (layer, base, rows) => worker.run<IndexInfo | { missing: true }>('patch', { layer: layer.id, version: rows.version, base, text: rows.text, ids: rows.changed }, { file: TILE_TASKS }),
  };
}

export class MemoryTileSource implements TileSource {
  constructor(
    readonly indexes: LayerIndexes,
    private readonly worker: WorkerPool,
  ) {}

  layer(layer: LayerDefinition): SourceLayer | Promise<SourceLayer> {
    return this.indexes.get(layer);
  }

  warmUp(): Promise<SourceLayer[]> {
    return this.indexes.warmUp();
  }

  async cut(parts: ReadonlyArray<{ layer: LayerDefinition; version: number }>, coord: TileCoord): Promise<TilePart[]> {
    if (parts.length === 1) return [await this.cutOne(parts[0].layer, parts[0].version, coord)];
    // Several layers in one message to the tile worker, not one each.
    const cuts = await this.worker.run<CutAnswer[]>('cutMany', { ...coord, layers: parts.map((p) => ({ layer: p.layer.id, version: p.version })) }, { file: TILE_TASKS });
    // A worker that lost an index (or moved on) is asked again the one-layer way, which rebuilds.
    return Promise.all(
      cuts.map(async (cut, i) => {
        if (!('missing' in cut)) return { ...cut, version: parts[i].version };
        const { layer } = parts[i];
        return this.cutOne(layer, (await this.indexes.get(layer)).version, coord);
      }),
    );
  }

  private async cutOne(layer: LayerDefinition, version: number, coord: TileCoord, rebuild = false): Promise<TilePart> {
    let at = version;
    if (rebuild) {
      this.indexes.lost(layer);
      at = (await this.indexes.get(layer)).version;
    }
    const cut = await this.worker.run<CutAnswer>('cut', { layer: layer.id, version: at, ...coord }, { file: TILE_TASKS });
    if (!('missing' in cut)) return { ...cut, version: at };
    // The worker restarted (or built a newer version meanwhile): rebuild and ask again, once.
    if (rebuild) throw new Error(`the tile worker has no ${layer.id} index at version ${at}`);
    return this.cutOne(layer, version, coord, true);
  }
}
