/**
 * Answers "this tile of these layers": each layer's part comes from the tile source (tile-source.ts)
 * and is kept here (bounded per layer) for the version it was cut from, so a tile asked for again is
 * sent without leaving the event loop; a tile of several layers joins the parts in map order.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { joinLayers, type EncodedTile } from './encode.ts';
import { TileCache } from './tile-cache.ts';
import type { TileCoord } from './tile-grid.ts';
import type { SourceLayer, TilePart, TileSource } from './tile-source.ts';

export class TileService {
  private readonly caches = new Map<string, { version: number; cache: TileCache }>();

  /** @param cacheBytesPerLayer encoded tiles kept per layer (0: cut every request) */
  constructor(
    readonly source: TileSource,
    private readonly cacheBytesPerLayer: number,
  ) {}

  async tile(layers: readonly LayerDefinition[], coord: TileCoord): Promise<EncodedTile> {
    const key = `${coord.z}/${coord.x}/${coord.y}`;
    const states = await this.layersOf(layers);
    const parts: Array<EncodedTile | undefined> = layers.map((l, i) => this.cacheOf(l, states[i].version).get(key));
    const missing = parts.flatMap((p, i) => (p ? [] : [i]));
    if (missing.length) {
      const cuts = await this.source.cut(missing.map((i) => ({ layer: layers[i], version: states[i].version })), coord);
      missing.forEach((i, j) => (parts[i] = this.keep(layers[i], key, cuts[j])));
    }
    return parts.length === 1 ? parts[0]! : joinLayers(parts as EncodedTile[]);
  }

  private keep(layer: LayerDefinition, key: string, cut: TilePart): EncodedTile {
    const tile: EncodedTile = { body: Buffer.from(cut.body.buffer, cut.body.byteOffset, cut.body.byteLength), etag: cut.etag };
    this.cacheOf(layer, cut.version).set(key, tile);
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

  /** Gets every layer ready (e.g. at start) rather than on the first tile request. */
  warmUp(): Promise<SourceLayer[]> {
    return this.source.warmUp();
  }

  /** The layers as the source holds them now (fresh), e.g. for their bounds and versions in TileJSON. */
  layersOf(layers: readonly LayerDefinition[]): Promise<SourceLayer[]> {
    return Promise.all(layers.map((l) => this.source.layer(l)));
  }
}
