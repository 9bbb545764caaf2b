/** The spatial layers of the data model (DESIGN.md). Geometry is EPSG:4326 with a GiST index. */
import type { Knex } from 'knex';

function featureColumns(t: Knex.CreateTableBuilder, knex: Knex, geometry: 'Point' | 'MultiPolygon'): void {
  t.increments('id').primary();
  t.specificType('geom', `geometry(${geometry}, 4326)`).notNullable();
  t.integer('version').notNullable().defaultTo(1);
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.text('updated_by');
}

async function gist(knex: Knex, table: string): Promise<void> {
  await knex.raw(`CREATE INDEX ${table}_geom_gist ON ${table} USING GIST (geom)`);
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');

  await knex.schema.createTable('towns', (t) => {
    featureColumns(t, knex, 'MultiPolygon');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('name_en');
    t.integer('population');
    t.integer('households');
  });

  await knex.schema.createTable('villages', (t) => {
    featureColumns(t, knex, 'Point');
    t.text('code').notNullable().unique();
    t.text('town_code').notNullable().index();
    t.text('name').notNullable();
    t.text('name_en');
    t.integer('population');
    t.integer('households');
  });

  await knex.schema.createTable('risk_sites', (t) => {
    featureColumns(t, knex, 'Point');
    t.text('code').notNullable().unique();
    t.text('town_code').notNullable().index();
    t.text('village');
    t.integer('households').notNullable();
    t.integer('residents').notNullable();
    t.double('slope_height_m');
    t.double('slope_angle_deg');
    t.double('distance_to_slope_m');
    t.text('slope_material');
    t.text('retaining_structure');
    t.text('deformation');
    t.text('drainage');
    t.text('grade').index();
    t.double('grade_score');
    t.timestamp('graded_at', { useTz: true });
    t.text('rectification_status').notNullable().defaultTo('not_started');
    t.text('rectification_method');
    t.text('monitor_name');
    t.text('monitor_phone');
  });

  await knex.schema.createTable('risk_site_gradings', (t) => {
    t.increments('id').primary();
    t.integer('site_id').notNullable().references('id').inTable('risk_sites').onDelete('CASCADE').index();
    t.text('grade').notNullable();
    t.double('score').notNullable();
    t.jsonb('inputs').notNullable();
    t.jsonb('factors').notNullable();
    t.text('rules_version').notNullable();
    t.text('graded_by').notNullable();
    t.timestamp('graded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('note');
  });

  await knex.schema.createTable('shelters', (t) => {
    featureColumns(t, knex, 'Point');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('town_code').index();
    t.text('shelter_type').notNullable();
    t.text('level').notNullable();
    t.integer('capacity').notNullable();
    t.double('effective_area_m2');
    t.jsonb('facilities');
    t.text('status').notNullable();
    t.text('contact_name');
    t.text('contact_phone');
  });

  await knex.schema.createTable('depots', (t) => {
    featureColumns(t, knex, 'Point');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('town_code').index();
    t.text('tier').notNullable();
    t.jsonb('inventory');
    t.text('contact');
  });

  await knex.schema.createTable('hazard_zones', (t) => {
    featureColumns(t, knex, 'MultiPolygon');
    t.text('code').notNullable().unique();
    t.text('name');
    t.text('hazard').notNullable();
    t.text('grade').notNullable();
    t.text('source');
  });

  for (const table of ['towns', 'villages', 'risk_sites', 'shelters', 'depots', 'hazard_zones']) await gist(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['risk_site_gradings', 'hazard_zones', 'depots', 'shelters', 'risk_sites', 'villages', 'towns']) {
    await knex.schema.dropTableIfExists(table);
  }
}
