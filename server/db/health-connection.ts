/**
 * The health check's own connection to PostgreSQL, outside the request pool: under a surge the
 * pool's queue can hold a request for seconds, and a load balancer that reads that as "down"
 * would take a healthy instance out just when it is needed. Concurrent checks share one query;
 * a failed connection is dropped and opened afresh by the next check. An answer of the last
 * second stands for the database (a load balancer probing many times a second must not queue
 * behind a busy database's scheduler); a broken connection withdraws it at once.
 */
import pg from 'pg';

export interface HealthConnection {
  /** The PostGIS library version, read through the health connection. */
  postgisVersion(): Promise<string>;
  close(): Promise<void>;
}

/** How long a successful check stands for the database. */
const FRESH_MS = 1000;

export function healthConnection(url: string, statementTimeoutMs: number): HealthConnection {
  let client: pg.Client | undefined;
  let inFlight: Promise<string> | undefined;
  let version: string | undefined;
  let okAt = -Infinity;

  const drop = () => {
    const c = client;
    client = undefined;
    okAt = -Infinity;
    c?.end().catch(() => {});
  };

  async function check(): Promise<string> {
    if (!client) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, statement_timeout: statementTimeoutMs });
      // A connection that breaks later is dropped; the next check reconnects.
      c.on('error', () => client === c && drop());
      client = c;
      try {
        await c.connect();
      } catch (e) {
        if (client === c) drop();
        throw e;
      }
    }
    const c = client;
    try {
      // The version never changes while the server runs: after the first answer a bare round trip is enough.
      if (version) {
        await c.query('SELECT 1');
      } else {
        const r = await c.query<{ v: string }>('SELECT postgis_lib_version() AS v');
        version = r.rows[0].v;
      }
      if (client === c) okAt = performance.now();
      return version;
    } catch (e) {
      if (client === c) drop();
      throw e;
    }
  }

  return {
    postgisVersion() {
      if (version && performance.now() - okAt < FRESH_MS) return Promise.resolve(version);
      inFlight ??= check().finally(() => (inFlight = undefined));
      return inFlight;
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}
