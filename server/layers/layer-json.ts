/**
 * A layer's features as one GeoJSON FeatureCollection text, built by the database together with
 * the layer's version (one repeatable-read transaction, so the text is exactly that version). The
 * text goes to worker threads as it is: the event loop never parses or stringifies a whole layer.
 * It is read in pages of features, and copied into shared memory a piece at a time, so that
 * reading a province layer (tens of MB) never holds the event loop for more than a few ms.
 * Properties read as the features API writes them (ISO times in UTC, numbers as numbers, lists
 * and maps as JSON).
 */
import type { Knex } from 'knex';
import { publicCondition, visibleAttributes, visibleSystemColumns } from './registry.ts';
import type { AttributeSpec, LayerDefinition } from './types.ts';

export interface LayerJson {
  layer: string;
  version: number;
  /** `{"type":"FeatureCollection","features":[…]}` as UTF-8, in shared memory (workers read it without a copy). */
  buffer: SharedArrayBuffer;
  bytes: number;
}

/** Features per page: a few MB of text at most, a few ms of the event loop to receive. */
const PAGE = 5000;

/** A column as JSON: timestamps in the features API's ISO form, everything else as stored. */
export function jsonColumn(name: string, spec?: Pick<AttributeSpec, 'type'>): string {
  const isTime = spec?.type === 'datetime' || name === 'created_at' || name === 'updated_at';
  return isTime ? `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : name;
}

export async function readLayerJson(knex: Knex, layer: LayerDefinition, includePrivate: boolean, pageSize = PAGE): Promise<LayerJson> {
  const names = [...visibleSystemColumns(includePrivate), ...visibleAttributes(layer, includePrivate)];
  // json_build_object takes at most 100 arguments (50 properties) and keeps their order.
  if (names.length > 50) throw new Error(`${layer.id} has more than 50 attributes: build its properties in parts`);
  const properties = `json_build_object(${names.map((n) => `'${n}', ${jsonColumn(n, layer.attributes[n])}`).join(', ')})`;
  const { version, pieces } = await knex.transaction(
    async (trx) => {
      const v = await trx.raw<{ rows: Array<{ version: number }> }>('SELECT version FROM layer_versions WHERE layer = ?', [layer.table]);
      const pieces: Buffer[] = [];
      for (let after = 0; ; ) {
        const page = await trx.raw<{ rows: Array<{ text: string | null; last: number | null }> }>(
          `SELECT string_agg(feature::text, ',' ORDER BY id) AS text, max(id) AS last
             FROM (SELECT id, json_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom)::json, 'properties', ${properties}) AS feature
                     FROM ${layer.table} WHERE (${publicCondition(layer)}) AND id > ? ORDER BY id LIMIT ?) page`,
          [after, pageSize],
        );
        const { text, last } = page.rows[0];
        if (text === null || last === null) break;
        if (pieces.length) pieces.push(COMMA);
        pieces.push(Buffer.from(text));
        after = last;
      }
      return { version: v.rows[0]?.version ?? 0, pieces };
    },
    { isolationLevel: 'repeatable read' },
  );
  const all = [HEAD, ...pieces, TAIL];
  const bytes = all.reduce((n, p) => n + p.length, 0);
  const buffer = new SharedArrayBuffer(bytes);
  const target = Buffer.from(buffer);
  let at = 0;
  for (const [i, piece] of all.entries()) {
    at += piece.copy(target, at);
    // Let requests through between pieces: the copy of a province layer is tens of MB.
    if (i % 8 === 7) await new Promise((r) => setImmediate(r));
  }
  return { layer: layer.id, version, buffer, bytes };
}

const HEAD = Buffer.from('{"type":"FeatureCollection","features":[');
const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');
