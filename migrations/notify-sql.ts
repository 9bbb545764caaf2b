/**
 * How a trigger function announces a change: the PL/pgSQL statement that sends a payload on a
 * channel. The change-feed and operations migrations build their trigger functions with it, so
 * that a later migration can rebuild the same functions with another way of announcing.
 */

/** A PL/pgSQL statement sending `payloadSql` (an expression of type text) on `channel`. */
export type NotifySql = (channel: string, payloadSql: string) => string;

/** Every committed change is announced by the database itself. */
export const notifyAlways: NotifySql = (channel, payloadSql) => `PERFORM pg_notify('${channel}', ${payloadSql});`;

/** The setting a statement sets (for its transaction) to announce its changes itself, after its commit. */
export const NOTICES_SETTING = 'onemap.notices';

/**
 * Announced by the database unless the writing statement said that its service announces the
 * change after the commit (see server/live/after-commit-notices.ts): a NOTIFY holds the
 * database-wide notify lock from before the commit until the commit is on disk, so busy writers
 * that each notify commit one at a time.
 */
export const notifyUnlessByApp: NotifySql = (channel, payloadSql) =>
  `IF coalesce(current_setting('${NOTICES_SETTING}', true), '') <> 'by_app' THEN ${notifyAlways(channel, payloadSql)} END IF;`;

/** Ends a trigger function whose only work is to announce, when the service announces instead. */
export const returnIfByApp = `IF current_setting('${NOTICES_SETTING}', true) = 'by_app' THEN RETURN NULL; END IF;`;
