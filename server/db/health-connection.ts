/**
 * The health check's own connection to PostgreSQL, outside the request pool: under a surge the
 * pool's queue can hold a request for seconds, and a load balancer that reads that as "down"
 * would take a healthy instance out just when it is needed. Concurrent checks share one query;
 * a failed connection is dropped and opened afresh by the next check.
 */
import pg from 'pg';

export interface HealthConnection {
  /** The PostGIS library version, read through the health connection. */
  postgisVersion(): Promise<string>;
  close(): Promise<void>;
}

export function healthConnection(url: string, statementTimeoutMs: number): HealthConnection {
  let client: pg.Client | undefined;
  let inFlight: Promise<string> | undefined;
  let version: string | undefined;

  const drop = () => {
    const c = client;
    client = undefined;
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
        return version;
      }
      const r = await c.query<{ v: string }>('SELECT postgis_lib_version() AS v');
      version = r.rows[0].v;
      return version;
    } catch (e) {
      if (client === c) drop();
      throw e;
    }
  }

  return {
    postgisVersion() {
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
