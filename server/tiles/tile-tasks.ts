/**
 * The tile worker: one thread that holds every layer's tile index (geojson-vt cuts, supercluster
 * clusters) and cuts and encodes tiles. Building an index — a third of a second for a province's
 * 100,000 risk sites — happens here, so the event loop keeps answering meanwhile; the event loop
 * keeps the encoded tiles it was given (tile-service.ts).
 *
 * Indexes are kept per layer at one version; a task for another version says so (`missing`),
 * and the event loop then builds that version (after a restart of this thread, too).
 */
import { findLayer } from '../layers/registry.ts';
import { task } from '../workers/task.ts';
import { encodeLayer } from './encode.ts';
import type { TileFeature } from './tile-attributes.ts';
import type { Bounds, TileCoord } from './tile-grid.ts';
import { LayerTileIndex } from './tile-index.ts';

export const TILE_TASKS = new URL('./tile-tasks.ts', import.meta.url);

const indexes = new Map<string, { version: number; index: LayerTileIndex }>();

export interface IndexInfo {
  layer: string;
  version: number;
  features: number;
  bounds: Bounds | undefined;
  buildMs: number;
}

function layerOf(id: string) {
  const layer = findLayer(id);
  if (!layer) throw new Error(`unknown layer ${id}`);
  return layer;
}

const info = (layer: string, version: number, index: LayerTileIndex): IndexInfo => ({ layer, version, features: index.size, bounds: index.bounds, buildMs: index.buildMs });

const parse = (text: string) => (JSON.parse(text) as { features: TileFeature[] }).features;

export interface BuildInput {
  layer: string;
  version: number;
  /** The layer's tile features (tile-rows.ts). */
  text: string;
}

/** A whole new index of the layer. */
export const build = task((input: BuildInput): IndexInfo => {
  const index = new LayerTileIndex(layerOf(input.layer), parse(input.text));
  indexes.set(input.layer, { version: input.version, index });
  return info(input.layer, input.version, index);
});

export interface PatchInput extends BuildInput {
  /** The version the patch applies to. */
  base: number;
  /** Every id that changed: those in `text` are new or changed, the others were deleted. */
  ids: number[];
}

/** The next index from the held one and the rows that changed; `missing` if the held one is not `base`. */
export const patch = task((input: PatchInput): IndexInfo | { missing: true } => {
  const held = indexes.get(input.layer);
  if (!held || held.version !== input.base) return { missing: true };
  const features = new Map(held.index.features);
  const fresh = parse(input.text);
  // A changed row keeps its place (set() on a known key); one that is not read back was deleted.
  for (const f of fresh) features.set(f.id, f);
  const live = new Set(fresh.map((f) => f.id));
  for (const id of input.ids) if (!live.has(id)) features.delete(id);
  const index = new LayerTileIndex(layerOf(input.layer), features.values());
  indexes.set(input.layer, { version: input.version, index });
  return info(input.layer, input.version, index);
});

export interface CutInput extends TileCoord {
  layer: string;
  version: number;
}

export type CutAnswer = { body: Uint8Array; etag: string } | { missing: true };

function cutOne(layer: string, version: number, coord: TileCoord): CutAnswer {
  const held = indexes.get(layer);
  if (!held || held.version !== version) return { missing: true };
  const tile = encodeLayer(layer, held.index.tile(coord));
  // A copy of just these bytes: a view would carry its whole (larger) buffer across the thread boundary.
  return { body: Uint8Array.from(tile.body), etag: tile.etag };
}

/** One layer's part of a tile as MVT bytes (empty: nothing there), or `missing`. */
export const cut = task((input: CutInput): CutAnswer => cutOne(input.layer, input.version, input));

export interface CutManyInput extends TileCoord {
  layers: Array<{ layer: string; version: number }>;
}

/** Several layers' parts of one tile, in one message: a tile of the combined source asks once, not once per layer. */
export const cutMany = task((input: CutManyInput): CutAnswer[] => input.layers.map((l) => cutOne(l.layer, l.version, input)));
