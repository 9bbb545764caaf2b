/**
 * The roads layer: lines with elevations (MultiLineStringZ: the third value is metres, so that
 * walking times know the slopes), with the same history, soft deletes, unique live codes and
 * change feed as every other layer.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('roads', (t) => {
    t.increments('id').primary();
    t.specificType('geom', 'geometry(MultiLineStringZ, 4326)').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('updated_by');
    t.timestamp('deleted_at', { useTz: true });
    t.text('code').notNullable();
    t.text('name');
    t.text('road_class').notNullable().index();
    t.text('surface');
    t.boolean('oneway');
    t.double('speed_kmh');
    t.boolean('bridge');
    t.boolean('ford');
    t.boolean('closed');
    t.text('closure_reason');
    t.timestamp('closed_until', { useTz: true });
  });
  await knex.raw('CREATE INDEX roads_geom_gist ON roads USING GIST (geom)');
  await knex.raw('CREATE UNIQUE INDEX roads_code_live ON roads (code) WHERE deleted_at IS NULL');
  await knex.raw("CREATE TRIGGER roads_history AFTER INSERT OR UPDATE OR DELETE ON roads FOR EACH ROW EXECUTE FUNCTION onemap_record_history('roads')");
  await knex.raw("CREATE TRIGGER roads_history_archive AFTER TRUNCATE ON roads FOR EACH STATEMENT EXECUTE FUNCTION onemap_archive_history('roads')");
  await knex('layer_versions').insert({ layer: 'roads', version: 1 });
  await knex.raw("CREATE TRIGGER roads_version_ins AFTER INSERT ON roads REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('roads')");
  await knex.raw("CREATE TRIGGER roads_version_upd AFTER UPDATE ON roads REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('roads')");
  await knex.raw("CREATE TRIGGER roads_version_del AFTER DELETE ON roads REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('roads')");
  await knex.raw("CREATE TRIGGER roads_version_trunc AFTER TRUNCATE ON roads FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('roads')");
}

export async function down(knex: Knex): Promise<void> {
  await knex('layer_versions').where({ layer: 'roads' }).delete();
  await knex.raw('DROP TABLE IF EXISTS roads');
}
