/** The mapping last used for a source of a layer, kept in import_mappings. */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Mapping } from './field-mapping.ts';

/** The source's key: the name the user gave it, else a fingerprint of its field names. */
export function sourceKey(name: string | undefined, fields: string[]): string {
  if (name) return `name:${name}`;
  const digest = crypto.createHash('sha256').update(JSON.stringify([...fields].sort())).digest('hex').slice(0, 16);
  return `fields:${digest}`;
}

export async function loadMapping(knex: Knex, collection: string, key: string): Promise<Mapping | undefined> {
  const row = (await knex('import_mappings').where({ collection, source_key: key }).first('mapping')) as { mapping: Mapping } | undefined;
  return row?.mapping;
}

export async function saveMapping(knex: Knex, collection: string, key: string, mapping: Mapping, by: string): Promise<void> {
  await knex('import_mappings')
    .insert({ collection, source_key: key, mapping: JSON.stringify(mapping), updated_by: by, updated_at: knex.fn.now() })
    .onConflict(['collection', 'source_key'])
    .merge(['mapping', 'updated_by', 'updated_at']);
}

export async function listMappings(knex: Knex, collection: string): Promise<Array<{ source_key: string; mapping: Mapping; updated_by: string | null; updated_at: string }>> {
  const rows = (await knex('import_mappings').where({ collection }).orderBy('updated_at', 'desc').select('source_key', 'mapping', 'updated_by', 'updated_at')) as Array<{
    source_key: string;
    mapping: Mapping;
    updated_by: string | null;
    updated_at: Date | string;
  }>;
  return rows.map((r) => ({
    source_key: r.source_key,
    mapping: r.mapping,
    updated_by: r.updated_by,
    updated_at: r.updated_at instanceof Date ? r.updated_at.toISOString() : r.updated_at,
  }));
}
