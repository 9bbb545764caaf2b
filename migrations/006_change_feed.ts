/**
 * What lets several instances share one database coherently.
 * - `layer_versions`: a version per layer, bumped by every statement that changes the layer
 *   (in the writer's transaction, so versions follow commit order), and a NOTIFY on the
 *   `onemap_layer_changes` channel with the layer, its new version and the changed ids (up to
 *   200; more reads as "the whole layer"). Every instance listens and refreshes its caches.
 * - `layer_changes`: the same announcements kept for a while, so that a cache at version A
 *   can read exactly which features changed up to version B (one consistent read) and patch
 *   itself, whatever notices it has or has not heard yet.
 * - `rate_limit_counts`: anonymous request counts per address and minute, summed by every instance.
 * - `import_jobs.progress`: a running import's progress, readable from any instance.
 */
import type { Knex } from 'knex';
import { notifyAlways, type NotifySql } from './notify-sql.ts';

const LAYER_TABLES = ['towns', 'villages', 'risk_sites', 'shelters', 'depots', 'hazard_zones'];

export const CHANGE_CHANNEL = 'onemap_layer_changes';
/** Past this many changed rows a notice names no ids: listeners reload the whole layer. */
export const MAX_NOTIFIED_IDS = 200;
/** Changes kept per layer in `layer_changes`. */
const KEPT_CHANGES = 10_000;

/** The layer-version trigger function, announcing with `notify`. */
export const bumpLayerVersionFunction = (notify: NotifySql = notifyAlways): string => `
CREATE FUNCTION onemap_bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
  n integer := 0;
  ids integer[];
BEGIN
  IF TG_OP <> 'TRUNCATE' THEN
    SELECT count(*), (array_agg(id ORDER BY id))[1:${MAX_NOTIFIED_IDS}] INTO n, ids FROM changed_rows;
    IF n = 0 THEN RETURN NULL; END IF;
  END IF;
  UPDATE layer_versions SET version = version + 1, changed_at = now() WHERE layer = TG_ARGV[0] RETURNING version INTO v;
  INSERT INTO layer_changes (layer, version, ids) VALUES (TG_ARGV[0], v, CASE WHEN TG_OP <> 'TRUNCATE' AND n <= ${MAX_NOTIFIED_IDS} THEN ids END);
  -- Keep the last ${KEPT_CHANGES} changes of each layer: a cache further behind reads the whole layer.
  IF v % 100 = 0 THEN DELETE FROM layer_changes WHERE layer = TG_ARGV[0] AND version <= v - ${KEPT_CHANGES}; END IF;
  ${notify(
    CHANGE_CHANNEL,
    `json_build_object(
    'layer', TG_ARGV[0], 'version', v,
    'ids', CASE WHEN TG_OP <> 'TRUNCATE' AND n <= ${MAX_NOTIFIED_IDS} THEN to_json(ids) END)::text`,
  )}
  RETURN NULL;
END $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('layer_versions', (t) => {
    t.text('layer').primary();
    t.bigInteger('version').notNullable().defaultTo(0);
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('layer_versions').insert(LAYER_TABLES.map((layer) => ({ layer, version: 1 })));
  await knex.schema.createTable('layer_changes', (t) => {
    t.text('layer').notNullable();
    t.bigInteger('version').notNullable();
    // NULL: too many rows to list (read the whole layer).
    t.specificType('ids', 'integer[]');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['layer', 'version']);
  });
  await knex.raw(bumpLayerVersionFunction());
  for (const table of LAYER_TABLES) {
    // Transition tables allow one event per trigger: one trigger for each kind of statement.
    await knex.raw(`CREATE TRIGGER ${table}_version_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('${table}')`);
    await knex.raw(`CREATE TRIGGER ${table}_version_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('${table}')`);
    await knex.raw(`CREATE TRIGGER ${table}_version_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('${table}')`);
    await knex.raw(`CREATE TRIGGER ${table}_version_trunc AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('${table}')`);
  }

  await knex.schema.createTable('rate_limit_counts', (t) => {
    t.text('key').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.integer('count').notNullable().defaultTo(0);
    t.primary(['key', 'window_start']);
    t.index(['window_start']);
  });

  await knex.schema.alterTable('import_jobs', (t) => {
    t.jsonb('progress');
    t.timestamp('progress_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('import_jobs', (t) => {
    t.dropColumn('progress');
    t.dropColumn('progress_at');
  });
  await knex.schema.dropTableIfExists('rate_limit_counts');
  for (const table of LAYER_TABLES) {
    for (const kind of ['ins', 'upd', 'del', 'trunc']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_version_${kind} ON ${table}`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS onemap_bump_layer_version()');
  await knex.schema.dropTableIfExists('layer_changes');
  await knex.schema.dropTableIfExists('layer_versions');
}
