/**
 * Running an evacuation: warnings (a layer, like the others: history, versions, change feed),
 * the people with special needs in a household (private), operations frozen from a warning into
 * one task per household site with its status history, and the occupancy of shelters in use.
 * Task changes are announced on the `onemap_operation_changes` channel so that every instance's
 * live streams push them.
 */
import type { Knex } from 'knex';
import { notifyAlways, type NotifySql } from './notify-sql.ts';

export const OPERATION_CHANNEL = 'onemap_operation_changes';
/** Past this many changed tasks a notice lists none (listeners reload the operation's tasks): 80 of the longest fit in a notice's 8,000 bytes. */
export const MAX_NOTICE_TASKS = 80;

/** The task-change trigger function, announcing with `notify`, after `prelude` (e.g. a return when there is nothing to do). */
export const notifyTasksFunction = (notify: NotifySql = notifyAlways, prelude = ''): string => `
CREATE FUNCTION onemap_notify_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  op record;
BEGIN${prelude ? `\n  ${prelude}` : ''}
  -- One notice per operation and statement, listing up to ${MAX_NOTICE_TASKS} changed tasks (more: reload them).
  FOR op IN
    SELECT operation_id, count(*) AS n,
           (json_agg(json_build_object('id', id, 'status', status, 'shelter_id', shelter_id, 'version', version) ORDER BY id))::text AS tasks
      FROM changed_tasks GROUP BY operation_id
  LOOP
    ${notify(
      OPERATION_CHANNEL,
      `json_build_object(
      'operation_id', op.operation_id,
      'tasks', CASE WHEN op.n <= ${MAX_NOTICE_TASKS} THEN op.tasks::json END)::text`,
    )}
  END LOOP;
  RETURN NULL;
END $$`;

const OPERATION_NOTIFY = `
CREATE FUNCTION onemap_notify_operation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${OPERATION_CHANNEL}', json_build_object('operation_id', NEW.id, 'operation_status', NEW.status)::text);
  RETURN NULL;
END $$`;

export async function up(knex: Knex): Promise<void> {
  // Warnings: a layer like the others.
  await knex.schema.createTable('warnings', (t) => {
    t.increments('id').primary();
    t.specificType('geom', 'geometry(MultiPolygon, 4326)').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('updated_by');
    t.timestamp('deleted_at', { useTz: true });
    t.text('code').notNullable();
    t.text('hazard').notNullable();
    t.text('level').notNullable();
    t.text('headline').notNullable();
    t.text('description');
    t.timestamp('onset', { useTz: true });
    t.timestamp('expires', { useTz: true }).index();
    t.text('source');
    t.text('severity');
    t.text('urgency');
  });
  await knex.raw('CREATE INDEX warnings_geom_gist ON warnings USING GIST (geom)');
  await knex.raw('CREATE UNIQUE INDEX warnings_code_live ON warnings (code) WHERE deleted_at IS NULL');
  await knex.raw("CREATE TRIGGER warnings_history AFTER INSERT OR UPDATE OR DELETE ON warnings FOR EACH ROW EXECUTE FUNCTION onemap_record_history('warnings')");
  await knex.raw("CREATE TRIGGER warnings_history_archive AFTER TRUNCATE ON warnings FOR EACH STATEMENT EXECUTE FUNCTION onemap_archive_history('warnings')");
  await knex('layer_versions').insert({ layer: 'warnings', version: 1 });
  await knex.raw("CREATE TRIGGER warnings_version_ins AFTER INSERT ON warnings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('warnings')");
  await knex.raw("CREATE TRIGGER warnings_version_upd AFTER UPDATE ON warnings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('warnings')");
  await knex.raw("CREATE TRIGGER warnings_version_del AFTER DELETE ON warnings REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('warnings')");
  await knex.raw("CREATE TRIGGER warnings_version_trunc AFTER TRUNCATE ON warnings FOR EACH STATEMENT EXECUTE FUNCTION onemap_bump_layer_version('warnings')");

  // Shelters in use: people there now, and places left (set by check-ins during an operation).
  await knex.schema.alterTable('shelters', (t) => {
    t.integer('occupancy');
    t.integer('vacancies');
  });

  // People who cannot move alone, per household site: staff-only everywhere.
  await knex.schema.createTable('special_needs', (t) => {
    t.increments('id').primary();
    t.integer('site_id').notNullable().references('id').inTable('risk_sites').onDelete('CASCADE').index();
    t.text('kind').notNullable();
    t.integer('persons').notNullable().defaultTo(1);
    t.text('helper_name');
    t.text('helper_phone');
    t.text('note');
    t.integer('version').notNullable().defaultTo(1);
    t.text('updated_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('operations', (t) => {
    t.increments('id').primary();
    t.text('name').notNullable();
    t.integer('warning_id');
    t.text('hazard').notNullable();
    t.text('level').notNullable();
    t.specificType('area', 'geometry(MultiPolygon, 4326)').notNullable();
    t.text('status').notNullable().defaultTo('active');
    t.text('mode').notNullable();
    t.text('rules_version').notNullable();
    t.jsonb('selection').notNullable();
    t.jsonb('plan_summary');
    t.integer('version').notNullable().defaultTo(1);
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('closed_by');
    t.timestamp('closed_at', { useTz: true });
  });

  await knex.schema.createTable('operation_tasks', (t) => {
    t.increments('id').primary();
    t.integer('operation_id').notNullable().references('id').inTable('operations').onDelete('CASCADE');
    t.integer('site_id').notNullable();
    t.text('site_code').notNullable();
    t.text('town_code').notNullable();
    t.text('village');
    t.integer('households').notNullable();
    t.integer('residents').notNullable();
    t.specificType('location', 'geometry(Point, 4326)').notNullable();
    // Where the plan sends the household; where it arrived; the shelter after a reassignment.
    t.integer('designated_shelter_id');
    t.integer('shelter_id');
    t.double('minutes');
    t.text('status').notNullable().defaultTo('to_notify');
    t.integer('version').notNullable().defaultTo(1);
    t.text('monitor_name');
    t.text('monitor_phone');
    t.jsonb('special_needs').notNullable().defaultTo('[]');
    t.text('note');
    t.text('updated_by');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['operation_id', 'site_id']);
    t.index(['operation_id', 'status']);
    t.index(['operation_id', 'shelter_id']);
  });

  await knex.schema.createTable('operation_task_events', (t) => {
    t.bigIncrements('id').primary();
    t.integer('task_id').notNullable().references('id').inTable('operation_tasks').onDelete('CASCADE').index();
    t.integer('operation_id').notNullable().index();
    t.text('status').notNullable();
    t.integer('shelter_id');
    t.integer('version').notNullable();
    t.text('by').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('note');
    // A retried request (a phone on a weak signal) with the same key changes nothing twice.
    t.text('idempotency_key');
    t.unique(['task_id', 'idempotency_key']);
  });

  await knex.schema.createTable('operation_reassignments', (t) => {
    t.bigIncrements('id').primary();
    t.integer('operation_id').notNullable().index();
    t.integer('task_id').notNullable();
    t.integer('from_shelter_id');
    t.integer('to_shelter_id');
    t.text('reason').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('shelter_occupancy_events', (t) => {
    t.bigIncrements('id').primary();
    t.integer('shelter_id').notNullable().index();
    t.integer('operation_id');
    t.integer('delta');
    t.integer('count');
    t.integer('occupancy').notNullable();
    t.text('by').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('idempotency_key');
    t.unique(['shelter_id', 'idempotency_key']);
  });

  await knex.raw(notifyTasksFunction());
  await knex.raw(OPERATION_NOTIFY);
  await knex.raw('CREATE TRIGGER operation_tasks_ins AFTER INSERT ON operation_tasks REFERENCING NEW TABLE AS changed_tasks FOR EACH STATEMENT EXECUTE FUNCTION onemap_notify_tasks()');
  await knex.raw('CREATE TRIGGER operation_tasks_upd AFTER UPDATE ON operation_tasks REFERENCING NEW TABLE AS changed_tasks FOR EACH STATEMENT EXECUTE FUNCTION onemap_notify_tasks()');
  await knex.raw('CREATE TRIGGER operations_notify AFTER INSERT OR UPDATE ON operations FOR EACH ROW EXECUTE FUNCTION onemap_notify_operation()');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['shelter_occupancy_events', 'operation_reassignments', 'operation_task_events', 'operation_tasks', 'operations', 'special_needs']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP FUNCTION IF EXISTS onemap_notify_tasks()');
  await knex.raw('DROP FUNCTION IF EXISTS onemap_notify_operation()');
  await knex.schema.alterTable('shelters', (t) => {
    t.dropColumn('occupancy');
    t.dropColumn('vacancies');
  });
  await knex('layer_versions').where({ layer: 'warnings' }).delete();
  await knex.raw('DROP TABLE IF EXISTS warnings');
}
