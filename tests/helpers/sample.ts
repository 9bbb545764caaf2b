/** Reads the committed county sample, so tests can state expectations from the data itself. */
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { Knex } from 'knex';
import { SAMPLE_DIR } from './template.ts';

export function sampleLayer(id: string): Feature[] {
  const fc = JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, `${id}.geojson`), 'utf8')) as FeatureCollection;
  return fc.features;
}

/** A fingerprint of every row of the layer tables: equal fingerprints, equal data. */
export async function fingerprint(knex: Knex, tables = ['towns', 'villages', 'risk_sites', 'shelters', 'depots', 'hazard_zones', 'risk_site_gradings']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    const r = await knex.raw<{ rows: Array<{ h: string | null; n: string | number }> }>(
      `SELECT md5(string_agg(x::text, '|' ORDER BY x.id)) AS h, count(*) AS n FROM ${t} x`,
    );
    out[t] = `${r.rows[0].n}:${r.rows[0].h ?? ''}`;
  }
  return out;
}
