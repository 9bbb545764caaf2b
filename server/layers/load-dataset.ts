/**
 * Loads a dataset folder (one `<layer id>.geojson` per layer, as the generator writes them)
 * into the database, all layers in one transaction: a bad feature loads nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { checkProperties } from './attribute-schema.ts';
import { checkGeometry } from './validate-geometry.ts';
import { geometryValue } from './repository.ts';
import { LAYERS } from './registry.ts';
import type { LayerDefinition } from './types.ts';

const CHUNK = 1000;

interface RawFeature {
  geometry: unknown;
  properties: Record<string, unknown> | null;
}

function rowsFor(layer: LayerDefinition, file: string, knex: Knex, by: string): Array<Record<string, unknown>> {
  const fc = JSON.parse(fs.readFileSync(file, 'utf8')) as { features?: RawFeature[] };
  if (!Array.isArray(fc.features)) throw new Error(`${file} is not a GeoJSON FeatureCollection`);
  return fc.features.map((f, i) => {
    const g = checkGeometry(f.geometry, layer.geometryType, layer.elevation);
    // The loader also accepts service-set attributes (e.g. a grade carried by the dataset).
    const props = { ...(f.properties ?? {}) };
    const readOnly = Object.fromEntries(Object.entries(props).filter(([k]) => layer.attributes[k]?.readOnly));
    const p = checkProperties(layer, props, 'create');
    if (!g.ok || !p.ok) {
      const why = [...(g.ok ? [] : g.details), ...(p.ok ? [] : p.details)].map((d) => `${d.field}: ${d.message}`).join('; ');
      throw new Error(`${path.basename(file)} feature ${i}: ${why}`);
    }
    const values: Record<string, unknown> = { ...p.properties, ...readOnly, updated_by: by };
    for (const [k, v] of Object.entries(values)) {
      const t = layer.attributes[k]?.type;
      if ((t === 'string_list' || t === 'quantity_map') && v != null) values[k] = JSON.stringify(v);
    }
    values.geom = geometryValue(knex, layer, JSON.stringify(g.geometry));
    return values;
  });
}

export interface LoadReport {
  [layer: string]: number;
}

/** Replaces the content of every layer that has a file in `dir`. */
export async function loadDataset(knex: Knex, dir: string, by = 'sample-loader'): Promise<LoadReport> {
  const report: LoadReport = {};
  await knex.transaction(async (trx) => {
    for (const layer of LAYERS) {
      const file = path.join(dir, `${layer.id}.geojson`);
      if (!fs.existsSync(file)) continue;
      const rows = rowsFor(layer, file, knex, by);
      await trx.raw(`TRUNCATE ${layer.table} RESTART IDENTITY CASCADE`);
      for (let i = 0; i < rows.length; i += CHUNK) await trx(layer.table).insert(rows.slice(i, i + CHUNK));
      report[layer.id] = rows.length;
    }
  });
  // Fresh statistics, or the planner guesses badly on the new rows (bbox queries slow down tenfold).
  await knex.raw('ANALYZE');
  return report;
}

/** True when no layer holds a feature yet (a fresh database). */
export async function isEmpty(knex: Knex): Promise<boolean> {
  for (const layer of LAYERS) {
    if (await knex(layer.table).first('id')) return false;
  }
  return true;
}
