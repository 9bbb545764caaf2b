/**
 * Where a layer's tiles come from, as a source in Martin's sense: the tile service asks a source
 * which version of a layer it would cut from (with the layer's size and bounds, for TileJSON) and
 * for the layers' parts of one tile; it keeps the parts it was given and joins them itself. Today's
 * source cuts in memory (geojson-vt indexes in the tile worker, memory-source.ts); a source cutting
 * in the database (ST_AsMVT, for layers too large to hold) would answer the same two questions.
 */
import type { LayerDefinition } from '../layers/types.ts';
import type { BuildReport } from './layer-indexes.ts';
import type { TileCoord } from './tile-grid.ts';

/** A layer as a source holds it: version, feature count, bounds, and how it was last made ready. */
export type SourceLayer = BuildReport;

/** One layer's part of a tile, with the version of the layer it was cut from. */
export interface TilePart {
  body: Uint8Array;
  etag: string;
  version: number;
}

export interface TileSource {
  /** The layer as the next tile would be cut from it: fresh after any change the process has heard of (at once when it is already). */
  layer(layer: LayerDefinition): SourceLayer | Promise<SourceLayer>;
  /** The parts of one tile, one per layer in the order given, each cut at the version asked for or a newer one. */
  cut(parts: ReadonlyArray<{ layer: LayerDefinition; version: number }>, coord: TileCoord): Promise<TilePart[]>;
  /** Gets every layer ready (e.g. builds indexes) ahead of the first request. */
  warmUp(): Promise<SourceLayer[]>;
}
