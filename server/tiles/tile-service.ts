/**
 * Answers "this tile of these layers": each layer's part is cut from its fresh index, encoded
 * once and kept in that index's cache; a tile of several layers joins the parts in map order.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { encodeLayer, joinLayers, type EncodedTile } from './encode.ts';
import type { BuildReport, LayerIndexes } from './layer-indexes.ts';
import { TileCache } from './tile-cache.ts';
import type { LayerTileIndex } from './tile-index.ts';
import type { TileCoord } from './tile-grid.ts';

export class TileService {
  private readonly caches = new WeakMap<LayerTileIndex, TileCache>();

  /** @param cacheBytesPerLayer encoded tiles kept per layer (0: encode every request) */
  constructor(
    readonly indexes: LayerIndexes,
    private readonly cacheBytesPerLayer: number,
  ) {}

  async tile(layers: readonly LayerDefinition[], coord: TileCoord): Promise<EncodedTile> {
    return joinLayers(await Promise.all(layers.map((l) => this.layerTile(l, coord))));
  }

  private async layerTile(layer: LayerDefinition, coord: TileCoord): Promise<EncodedTile> {
    const index = await this.indexes.get(layer);
    let cache = this.caches.get(index);
    if (!cache) {
      cache = new TileCache(this.cacheBytesPerLayer);
      this.caches.set(index, cache);
    }
    const key = `${coord.z}/${coord.x}/${coord.y}`;
    let tile = cache.get(key);
    if (!tile) {
      tile = encodeLayer(layer.id, index.tile(coord));
      cache.set(key, tile);
    }
    return tile;
  }

  /** Builds every layer's index now (e.g. at start) rather than on the first tile request. */
  warmUp(): Promise<BuildReport[]> {
    return this.indexes.warmUp();
  }

  /** The layers' indexes (fresh), e.g. for their bounds in TileJSON. */
  indexesOf(layers: readonly LayerDefinition[]): Promise<LayerTileIndex[]> {
    return Promise.all(layers.map((l) => this.indexes.get(l)));
  }
}
