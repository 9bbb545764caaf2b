/**
 * Reads a layer's rows for its tiles: the id, the tile attributes (public and inTiles only) and
 * the geometry, nothing else. Same SQL on PostGIS and PGlite. Reading just these columns is
 * about four times faster than the repository's whole-feature read at 100,000 rows, and tiles
 * need nothing more. Identifiers come from the layer registry; ids are bound parameters.
 */
import type { Knex } from 'knex';
import type { LayerDefinition } from '../layers/types.ts';
import { tileAttributes, toTileFeature, type TileFeature, type TileRow } from './tile-attributes.ts';
import type { TileReader } from './layer-indexes.ts';

/** Coordinates to 7 decimals (about 1 cm): finer than a zoom-16 tile unit, shorter than the default. */
const DECIMALS = 7;

/** Every live feature of the layer, or only those of `ids` (deleted ones are simply absent). */
export async function readTileFeatures(knex: Knex, layer: LayerDefinition, ids?: readonly number[]): Promise<TileFeature[]> {
  const q = knex(layer.table)
    .select(['id', ...tileAttributes(layer), knex.raw('ST_AsGeoJSON(geom, ?) AS geometry', [DECIMALS])])
    .whereNull('deleted_at')
    .orderBy('id');
  if (ids) q.whereIn('id', ids);
  const rows = (await q) as TileRow[];
  return rows.map((r) => toTileFeature(layer, r));
}

/** The reader that tile indexes use, over this database. */
export function tileReader(knex: Knex): TileReader {
  return (layer, ids) => readTileFeatures(knex, layer, ids);
}
