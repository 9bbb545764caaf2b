/**
 * A request counter for express-rate-limit that every instance on one PostgreSQL database
 * shares, without a database round trip per request: each instance counts locally and, about
 * once a second, adds its counts to the window's row in `rate_limit_counts` and reads back the
 * totals of every instance; a client's first request to an instance in a window reads what the
 * others counted so far. A client spread over N instances is thus limited as one, to within a
 * second's worth of requests.
 */
import type { Knex } from 'knex';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

interface Count {
  window: number;
  /** Counted here since the last sync. */
  local: number;
  /** The total of every instance at the last sync (ours included). */
  shared: number;
}

export class SharedRateStore implements Store {
  private windowMs = 60_000;
  private readonly counts = new Map<string, Count>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private lastPrune = 0;
  readonly localKeys = false;

  constructor(
    private readonly knex: Knex,
    private readonly syncEveryMs = 1000,
    private readonly log: (m: string) => void = () => {},
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
    this.timer = setInterval(() => void this.sync(), this.syncEveryMs);
    this.timer.unref();
  }

  private windowOf(now = Date.now()): number {
    return Math.floor(now / this.windowMs) * this.windowMs;
  }

  /** The key's count in this window; a key new here starts from what the other instances counted. */
  private async entry(key: string): Promise<Count> {
    const window = this.windowOf();
    const held = this.counts.get(key);
    if (held && held.window === window) return held;
    const c: Count = { window, local: 0, shared: 0 };
    this.counts.set(key, c);
    try {
      const row = (await this.knex('rate_limit_counts').where({ key }).where('window_start', this.knex.raw('to_timestamp(?::double precision / 1000)', [window])).first('count')) as { count: number } | undefined;
      c.shared = Math.max(c.shared, Number(row?.count ?? 0));
    } catch {
      // Without the database the count is this instance's alone until the next sync.
    }
    return c;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const c = await this.entry(key);
    c.local++;
    return { totalHits: c.shared + c.local, resetTime: new Date(c.window + this.windowMs) };
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const c = this.counts.get(key);
    if (!c || c.window !== this.windowOf()) return undefined;
    return { totalHits: c.shared + c.local, resetTime: new Date(c.window + this.windowMs) };
  }

  decrement(key: string): void {
    const c = this.counts.get(key);
    if (c) c.local--;
  }

  resetKey(key: string): void {
    this.counts.delete(key);
  }

  /** Adds this instance's counts to the shared rows and reads back every instance's totals. */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    this.syncing = this.flush().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async flush(): Promise<void> {
    const window = this.windowOf();
    for (const [k, c] of this.counts) if (c.window !== window) this.counts.delete(k);
    const pending = [...this.counts].filter(([, c]) => c.local !== 0);
    if (pending.length === 0) return;
    const sent = pending.map(([, c]) => c.local);
    try {
      const r = await this.knex.raw<{ rows: Array<{ key: string; count: number }> }>(
        `INSERT INTO rate_limit_counts (key, window_start, count)
           SELECT k, to_timestamp(?::double precision / 1000), n FROM unnest(?::text[], ?::int[]) AS t(k, n)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counts.count + EXCLUDED.count
         RETURNING key, count`,
        [window, pending.map(([k]) => k), sent],
      );
      const totals = new Map(r.rows.map((x) => [x.key, Number(x.count)]));
      pending.forEach(([k, c], i) => {
        // What was counted while the statement ran stays local for the next sync.
        c.local -= sent[i];
        c.shared = totals.get(k) ?? c.shared + sent[i];
      });
      if (Date.now() - this.lastPrune > this.windowMs) {
        this.lastPrune = Date.now();
        await this.knex('rate_limit_counts').where('window_start', '<', this.knex.raw('now() - interval \'10 minutes\'')).delete();
      }
    } catch (e) {
      // Counting goes on locally; the next sync adds it all.
      this.log(`rate limit sync failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  shutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
