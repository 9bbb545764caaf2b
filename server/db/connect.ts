/**
 * Opens the one configured database: PostGIS through pg when DATABASE_URL is set,
 * otherwise embedded PGlite with the PostGIS extension under DATA_DIR.
 * Both are driven through the same knex API, so every query above this module is shared.
 */
import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../config.ts';
import { healthConnection } from './health-connection.ts';
import { listenPostgres, type ListenHandlers, type Unlisten } from './notifications.ts';
import { notifyConnection, NOTIFY_SQL, type Notice } from './notify-connection.ts';

export type DatabaseKind = 'postgis' | 'pglite';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Listens for NOTIFY on a channel (the change feed); resolves once listening. */
  listen(channel: string, handlers: ListenHandlers): Promise<Unlisten>;
  /** Sends notices (NOTIFY) at once, outside the request pool's queue. */
  notify(notices: readonly Notice[]): Promise<void>;
  /** The PostGIS version as the database reports it now, for the health check (never queued behind requests). */
  ping(): Promise<string>;
  close(): Promise<void>;
}

export type DatabaseSettings = Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_MAX' | 'STATEMENT_TIMEOUT_MS'> & {
  /** PGlite only: keep the database in memory (tests). */
  inMemory?: boolean;
};

/**
 * Values decoded once, the same on both drivers: JSON and JSONB as parsed values (both drivers do
 * it already), and int8 (counts, bigserial ids, layer versions) and numeric (sums, scores) as
 * numbers — pg answers both as text, PGlite numeric only. Our int8s count rows and changes, far
 * below 2^53, and our numerics are measures, so a double holds them.
 */
const INT8 = 20;
const NUMERIC = 1700;
const asNumber = (text: string): number => Number(text);

export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.DATABASE_URL ? openPostgis(settings.DATABASE_URL, settings) : openPglite(settings);
}

async function openPostgis(url: string, settings: DatabaseSettings): Promise<Database> {
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      // A bound on every statement, so a stuck query cannot hold a request forever.
      statement_timeout: settings.STATEMENT_TIMEOUT_MS,
      connectionTimeoutMillis: 5000,
      types: { getTypeParser: (oid: number, format?: string) => (oid === INT8 || oid === NUMERIC ? asNumber : pg.types.getTypeParser(oid, format as 'text')) },
    },
    pool: { min: 0, max: settings.DB_POOL_MAX, acquireTimeoutMillis: 10000 },
  });
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  const listening = new Set<Unlisten>();
  const health = healthConnection(url, settings.STATEMENT_TIMEOUT_MS);
  const notices = notifyConnection(url, settings.STATEMENT_TIMEOUT_MS);
  return {
    knex,
    kind: 'postgis',
    ping: () => health.postgisVersion(),
    listen: async (channel, handlers) => {
      const stop = await listenPostgres(url, channel, handlers);
      listening.add(stop);
      return async () => (listening.delete(stop), await stop());
    },
    notify: (n) => notices.send(n),
    close: async () => {
      await Promise.all([...listening].map((stop) => stop()));
      await health.close();
      await notices.close();
      await knex.destroy();
    },
  };
}

async function openPglite(settings: DatabaseSettings): Promise<Database> {
  // Loaded lazily: a PostGIS deployment never pays for the WebAssembly build.
  const [{ PGlite }, { postgis }, { default: ClientPgLite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
    import('knex-pglite'),
  ]);
  if (!settings.inMemory) fs.mkdirSync(settings.DATA_DIR, { recursive: true });
  const pglite = await PGlite.create({
    ...(settings.inMemory ? {} : { dataDir: settings.DATA_DIR }),
    extensions: { postgis },
    parsers: { [INT8]: asNumber, [NUMERIC]: asNumber },
  });
  const knex = knexFactory({
    client: ClientPgLite,
    dialect: 'postgres',
    // knex-pglite accepts a ready instance through a connection function (its types do not say so).
    connection: (() => ({ pglite })) as unknown as Knex.StaticConnectionConfig,
  });
  await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
  return {
    knex,
    kind: 'pglite',
    // One process, one database: notifications are delivered in process and never missed.
    listen: async (channel, handlers) => pglite.listen(channel, (payload) => handlers.onMessage(payload)),
    notify: async (n) => {
      await pglite.query(NOTIFY_SQL, [n.map((x) => x[0]), n.map((x) => x[1])]);
    },
    ping: () => postgisVersion(knex),
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** The PostGIS library version, for /api/health. */
export async function postgisVersion(knex: Knex): Promise<string> {
  const r = await knex.raw<{ rows: Array<{ v: string }> }>('SELECT postgis_lib_version() AS v');
  return r.rows[0].v;
}
