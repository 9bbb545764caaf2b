/**
 * A layer's features as one GeoJSON FeatureCollection text, built by the database in a single
 * statement together with the layer's version (one snapshot, so the text is exactly that
 * version). The text goes to worker threads as it is: the event loop never parses or
 * stringifies a whole layer. Properties read as the features API writes them (ISO times in UTC,
 * numbers as numbers, lists and maps as JSON).
 */
import type { Knex } from 'knex';
import { publicCondition, visibleAttributes, visibleSystemColumns } from './registry.ts';
import type { AttributeSpec, LayerDefinition } from './types.ts';

export interface LayerJson {
  layer: string;
  version: number;
  /** `{"type":"FeatureCollection","features":[…]}` */
  text: string;
}

/** A column as JSON: timestamps in the features API's ISO form, everything else as stored. */
export function jsonColumn(name: string, spec?: Pick<AttributeSpec, 'type'>): string {
  const isTime = spec?.type === 'datetime' || name === 'created_at' || name === 'updated_at';
  return isTime ? `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : name;
}

export async function readLayerJson(knex: Knex, layer: LayerDefinition, includePrivate: boolean): Promise<LayerJson> {
  const names = [...visibleSystemColumns(includePrivate), ...visibleAttributes(layer, includePrivate)];
  // json_build_object takes at most 100 arguments (50 properties) and keeps their order.
  if (names.length > 50) throw new Error(`${layer.id} has more than 50 attributes: build its properties in parts`);
  const properties = `json_build_object(${names.map((n) => `'${n}', ${jsonColumn(n, layer.attributes[n])}`).join(', ')})`;
  const r = await knex.raw<{ rows: Array<{ version: string | number; text: string }> }>(
    `SELECT (SELECT version FROM layer_versions WHERE layer = ?) AS version,
            json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom)::json, 'properties', ${properties}) ORDER BY id), '[]'::json))::text AS text
       FROM ${layer.table} WHERE ${publicCondition(layer)}`,
    [layer.table],
  );
  return { layer: layer.id, version: Number(r.rows[0].version), text: r.rows[0].text };
}
