/**
 * History that loses nothing. Every row written to a layer table (by the features API,
 * grading, restore or a script) is recorded by a trigger in the same transaction: who,
 * when, the row before and the row after. Deletes become soft (deleted_at), so a deleted
 * feature keeps its id, its gradings and its history, and can be brought back.
 */
import type { Knex } from 'knex';

/** Layer table → collection id (the same today; kept apart so a renamed table keeps its history). */
const LAYER_TABLES: ReadonlyArray<[table: string, collection: string]> = [
  ['towns', 'towns'],
  ['villages', 'villages'],
  ['risk_sites', 'risk_sites'],
  ['shelters', 'shelters'],
  ['depots', 'depots'],
  ['hazard_zones', 'hazard_zones'],
];

// A row as JSON with its geometry as GeoJSON at full double precision, so a restore is exact.
const SNAPSHOT = (rec: string) => `jsonb_set(to_jsonb(${rec}), '{geom}', ST_AsGeoJSON(${rec}.geom, 15)::jsonb)`;

const RECORD_FUNCTION = `
CREATE FUNCTION onemap_record_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO feature_history (collection, feature_id, version, op, actor, note, before, after)
    VALUES (TG_ARGV[0], NEW.id, NEW.version, coalesce(nullif(current_setting('onemap.history_op', true), ''), 'create'), NEW.updated_by, nullif(current_setting('onemap.history_note', true), ''), NULL, ${SNAPSHOT('NEW')});
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN kind := 'delete';
    ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN kind := 'restore';
    ELSE kind := coalesce(nullif(current_setting('onemap.history_op', true), ''), 'update');
    END IF;
    INSERT INTO feature_history (collection, feature_id, version, op, actor, note, before, after)
    VALUES (TG_ARGV[0], NEW.id, NEW.version, kind, NEW.updated_by, nullif(current_setting('onemap.history_note', true), ''), ${SNAPSHOT('OLD')}, ${SNAPSHOT('NEW')});
  ELSE
    -- A hard delete bypasses the service (a script or psql): keep the row anyway.
    INSERT INTO feature_history (collection, feature_id, version, op, actor, note, before, after)
    VALUES (TG_ARGV[0], OLD.id, OLD.version, 'purge', coalesce(nullif(current_setting('onemap.actor', true), ''), current_user), NULL, ${SNAPSHOT('OLD')}, NULL);
  END IF;
  RETURN NULL;
END $$`;

// A dataset load empties the table and restarts its ids: the old entries stay, marked as
// belonging to the replaced dataset so that they are not mistaken for the new features'.
const ARCHIVE_FUNCTION = `
CREATE FUNCTION onemap_archive_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE feature_history SET archived_at = now() WHERE collection = TG_ARGV[0] AND archived_at IS NULL;
  RETURN NULL;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feature_history', (t) => {
    t.bigIncrements('id').primary();
    t.text('collection').notNullable();
    t.integer('feature_id').notNullable();
    t.integer('version').notNullable();
    t.text('op').notNullable(); // create | update | delete | restore | purge
    t.text('actor');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('note');
    t.jsonb('before');
    t.jsonb('after');
    t.timestamp('archived_at', { useTz: true });
    t.index(['collection', 'feature_id', 'version']);
  });
  await knex.raw(RECORD_FUNCTION);
  await knex.raw(ARCHIVE_FUNCTION);
  for (const [table, collection] of LAYER_TABLES) {
    await knex.raw(`ALTER TABLE ${table} ADD COLUMN deleted_at timestamptz`);
    // A deleted feature keeps its code, but only live features must have distinct codes.
    await knex.raw(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_code_unique`);
    await knex.raw(`CREATE UNIQUE INDEX ${table}_code_live ON ${table} (code) WHERE deleted_at IS NULL`);
    await knex.raw(
      `CREATE TRIGGER ${table}_history AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION onemap_record_history('${collection}')`,
    );
    await knex.raw(`CREATE TRIGGER ${table}_history_archive AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION onemap_archive_history('${collection}')`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table] of LAYER_TABLES) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_history_archive ON ${table}`);
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_history ON ${table}`);
    await knex.raw(`DELETE FROM ${table} WHERE deleted_at IS NOT NULL`);
    await knex.raw(`DROP INDEX IF EXISTS ${table}_code_live`);
    await knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_code_unique UNIQUE (code)`);
    await knex.raw(`ALTER TABLE ${table} DROP COLUMN deleted_at`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS onemap_archive_history()');
  await knex.raw('DROP FUNCTION IF EXISTS onemap_record_history()');
  await knex.schema.dropTableIfExists('feature_history');
}
