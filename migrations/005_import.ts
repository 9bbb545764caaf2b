/**
 * Imports: the field mapping last used for each source (so a town office's monthly sheet maps
 * itself), and a record of every import job with its outcome.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_mappings', (t) => {
    t.increments('id').primary();
    t.text('collection').notNullable();
    // A name the user gave the source, or a fingerprint of the file's field names.
    t.text('source_key').notNullable();
    t.jsonb('mapping').notNullable();
    t.text('updated_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['collection', 'source_key']);
  });
  await knex.schema.createTable('import_jobs', (t) => {
    t.text('id').primary();
    t.text('collection').notNullable();
    t.text('mode').notNullable(); // dry-run | commit
    t.text('status').notNullable(); // running | done | failed
    t.text('file_name');
    t.text('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.jsonb('report');
    t.jsonb('error');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('import_jobs');
  await knex.schema.dropTableIfExists('import_mappings');
}
