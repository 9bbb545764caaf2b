/**
 * A connection of its own for sending notices (NOTIFY), outside the request pool: under load the
 * pool's queue holds a statement for as long as the busiest requests, and notices that wait there
 * reach the live streams seconds late. One send at a time, each a single statement whose commit
 * does not wait for the disk (notices are not data). A broken connection is dropped and opened
 * afresh by the next send.
 */
import pg from 'pg';

export type Notice = readonly [channel: string, payload: string];

export const NOTIFY_SQL = "SELECT set_config('synchronous_commit', 'off', true), pg_notify(n.channel, n.payload) FROM unnest($1::text[], $2::text[]) AS n(channel, payload)";

export interface NotifyConnection {
  send(notices: readonly Notice[]): Promise<void>;
  close(): Promise<void>;
}

export function notifyConnection(url: string, statementTimeoutMs: number): NotifyConnection {
  let client: Promise<pg.Client> | undefined;

  const drop = (c: Promise<pg.Client>) => {
    if (client !== c) return;
    client = undefined;
    void c.then((x) => x.end()).catch(() => {});
  };

  const connect = (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, statement_timeout: statementTimeoutMs });
    const p = c.connect().then(() => c);
    c.on('error', () => drop(p));
    p.catch(() => drop(p));
    return p;
  };

  return {
    async send(notices) {
      const p = (client ??= connect());
      try {
        await (await p).query(NOTIFY_SQL, [notices.map((n) => n[0]), notices.map((n) => n[1])]);
      } catch (e) {
        drop(p);
        throw e;
      }
    },
    async close() {
      const p = client;
      client = undefined;
      if (p) await p.then((c) => c.end()).catch(() => {});
    },
  };
}
