/**
 * Busy writers announce their changes themselves, after their commit. A NOTIFY takes PostgreSQL's
 * database-wide notify lock before the commit and keeps it until the commit is on disk, so
 * transactions that notify commit one at a time, each waiting for the one before to reach the
 * disk: a few hundred task changes a second then queue for seconds. The layer-version and
 * task-change triggers still announce every change, unless the writing statement set
 * `onemap.notices` to `by_app` for its transaction: the service then sends the same notices,
 * several at once, right after the commit (server/live/after-commit-notices.ts).
 */
import type { Knex } from 'knex';
import { bumpLayerVersionFunction } from './006_change_feed.ts';
import { notifyTasksFunction } from './009_operations.ts';
import { notifyAlways, notifyUnlessByApp, returnIfByApp } from './notify-sql.ts';

const replace = (sql: string) => sql.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(replace(bumpLayerVersionFunction(notifyUnlessByApp)));
  await knex.raw(replace(notifyTasksFunction(notifyAlways, returnIfByApp)));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(replace(bumpLayerVersionFunction(notifyAlways)));
  await knex.raw(replace(notifyTasksFunction(notifyAlways)));
}
