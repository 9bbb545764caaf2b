/**
 * Reads a layer's tile features as GeoJSON text, built by the database in one statement with the
 * layer's version: the id, the tile attributes (public and inTiles only; nulls left out, lists
 * and maps as JSON text, since MVT values are scalars) and the geometry to 7 decimals (about
 * 1 cm, finer than a zoom-16 tile unit). The text goes to the tile worker as it is.
 * Identifiers come from the layer registry; ids are bound parameters.
 */
import type { Knex } from 'knex';
import { jsonColumn } from '../layers/layer-json.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { publicCondition } from '../layers/registry.ts';
import { tileAttributes } from './tile-attributes.ts';

const DECIMALS = 7;

export interface TileRowsText {
  version: number;
  /** `{"type":"FeatureCollection","features":[…]}` of tile features: all, or the changed ones. */
  text: string;
  count: number;
  /** 'all': the text holds the whole layer; else the ids changed since the version asked about. */
  changed: number[] | 'all';
}

/** Past this many changed features since a version, reading the whole layer is cheaper than patching. */
const MAX_PATCHED = 200;

/**
 * The layer's tile features as of now. Given the version a cache holds (`since`), only the
 * features changed since then, when the change log still lists them all; else every feature.
 * One repeatable-read transaction: the version, the change log and the rows agree.
 */
export async function readTileRows(knex: Knex, layer: LayerDefinition, since?: number): Promise<TileRowsText> {
  const values = tileAttributes(layer).map((k) => {
    const t = layer.attributes[k].type;
    return `'${k}', ${t === 'string_list' || t === 'quantity_map' ? `${k}::text` : jsonColumn(k, layer.attributes[k])}`;
  });
  const features = `json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, ${DECIMALS})::json,
      'properties', json_strip_nulls(json_build_object('id', id${values.length ? `, ${values.join(', ')}` : ''}))) ORDER BY id), '[]'::json))::text`;
  return knex.transaction(
    async (trx) => {
      const v = await trx.raw<{ rows: Array<{ version: number }> }>('SELECT version FROM layer_versions WHERE layer = ?', [layer.table]);
      const version = v.rows[0].version;
      let changed: number[] | 'all' = 'all';
      if (since !== undefined && since <= version) {
        const log = await trx.raw<{ rows: Array<{ ids: number[] | null }> }>('SELECT ids FROM layer_changes WHERE layer = ? AND version > ? ORDER BY version', [layer.table, since]);
        // Every version since `since` must be in the log with its ids, else the log cannot say what changed.
        if (log.rows.length === version - since && log.rows.every((r) => r.ids !== null)) {
          const ids = new Set(log.rows.flatMap((r) => r.ids!));
          if (ids.size <= MAX_PATCHED) changed = [...ids].sort((a, b) => a - b);
        }
      }
      const r =
        changed === 'all'
          ? await trx.raw<{ rows: Array<{ text: string; n: number }> }>(`SELECT count(*) AS n, ${features} AS text FROM ${layer.table} WHERE ${publicCondition(layer)}`)
          : await trx.raw<{ rows: Array<{ text: string; n: number }> }>(`SELECT count(*) AS n, ${features} AS text FROM ${layer.table} WHERE ${publicCondition(layer)} AND id = ANY(?::int[])`, [changed]);
      return { version, text: r.rows[0].text, count: r.rows[0].n, changed };
    },
    { isolationLevel: 'repeatable read' },
  );
}
