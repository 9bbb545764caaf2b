/**
 * LISTEN for a PostgreSQL notification channel. On PostGIS a dedicated connection (outside the
 * knex pool, which would hand it to queries) listens, and comes back by itself after the
 * database or the network drops it; `onReconnect` then tells the caller that notices may have
 * been missed. On PGlite the embedded database delivers notifications in process.
 */
import pg from 'pg';

export type Unlisten = () => Promise<void>;

export interface ListenHandlers {
  onMessage(payload: string): void;
  /** Called after a lost connection is back: whatever was announced meanwhile was missed. */
  onReconnect(): void;
  onError?(err: Error): void;
}

const RETRY_MS = [250, 500, 1000, 2000, 5000];

export function listenPostgres(url: string, channel: string, h: ListenHandlers): Promise<Unlisten> {
  let client: pg.Client | undefined;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client = c;
    c.on('notification', (m) => {
      if (m.channel === channel && m.payload) h.onMessage(m.payload);
    });
    c.on('error', (e) => {
      h.onError?.(e);
      scheduleReconnect(c);
    });
    c.on('end', () => scheduleReconnect(c));
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    attempt = 0;
    if (isReconnect) h.onReconnect();
  };

  const scheduleReconnect = (dead: pg.Client) => {
    if (closed || client !== dead || retry) return;
    client = undefined;
    dead.removeAllListeners('end');
    void dead.end().catch(() => {});
    const wait = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)];
    retry = setTimeout(() => {
      retry = undefined;
      connect(true).catch((e: unknown) => {
        h.onError?.(e instanceof Error ? e : new Error(String(e)));
        if (client) scheduleReconnect(client);
      });
    }, wait);
    retry.unref();
  };

  return connect(false).then(() => async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
    }
  });
}
