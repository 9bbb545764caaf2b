/**
 * Live streams (Server-Sent Events) fed by the database's change notices, so every instance
 * pushes every change, whoever made it:
 * - an operation's stream (staff): each task that changes (status, shelter, version), and the
 *   operation's own status;
 * - the public stream: warnings that change (a new version of the layer: fetch them again) and
 *   the occupancy and places left of shelters in use — never anything personal.
 * Events wait up to FLUSH_MS and go out together, one write per stream (hundreds of streams and
 * hundreds of changes a second would otherwise be a write per stream per change); a comment every
 * 15 s keeps proxies from closing an idle stream. A stream that falls far behind is closed: its
 * client reconnects and reloads, rather than the server holding its backlog.
 */
import type { Response } from 'express';
import type { Knex } from 'knex';
import type { Database } from '../db/connect.ts';
import type { Unlisten } from '../db/notifications.ts';
import type { LayerChanges } from '../layers/changes.ts';
import { OPERATION_CHANNEL } from '../../migrations/009_operations.ts';
import { EventBatch, frame, type TaskNotice, type Vacancy } from './event-batch.ts';

type Topic = number | 'public';

interface Stream {
  res: Response;
  topic: Topic;
}

const HEARTBEAT_MS = 15_000;
/** How long an event may wait for others to go out with it. */
const FLUSH_MS = 25;
/** Unsent bytes past which a stream is closed (a client that stopped reading). */
const MAX_BACKLOG_BYTES = 4 * 2 ** 20;

export class LiveHub {
  private readonly topics = new Map<Topic, Set<Stream>>();
  private readonly batches = new Map<Topic, EventBatch>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Shelters whose places changed since the last read of them ('all': any of them). */
  private vacancyIds: Set<number> | 'all' | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private unlisten: Promise<Unlisten> | undefined;
  private readonly stopChanges: () => void;

  constructor(
    private readonly db: Database,
    changes: LayerChanges,
    private readonly log: (m: string) => void = () => {},
  ) {
    this.heartbeat = setInterval(() => {
      for (const streams of this.topics.values()) for (const s of streams) this.send(s, ': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.stopChanges = changes.subscribe((c) => {
      if (!this.topics.has('public')) return;
      if (c.layer === 'warnings') this.batch('public').other('warnings', { version: c.version ?? null, ids: c.ids });
      // The database's notice alone (every instance hears it, after the commit): this instance's
      // own notice of the same write would read the same figures twice.
      if (c.layer === 'shelters' && c.origin === 'feed') {
        if (c.ids === 'all' || this.vacancyIds === 'all') this.vacancyIds = 'all';
        else {
          const ids = this.vacancyIds ?? new Set<number>();
          for (const id of c.ids) ids.add(id);
          this.vacancyIds = ids;
        }
        this.scheduleFlush();
      }
      if (c.layer === 'warnings') this.scheduleFlush();
    });
  }

  /** Starts listening for operation notices (once; resolves when listening). */
  listen(): Promise<Unlisten> {
    this.unlisten ??= this.db.listen(OPERATION_CHANNEL, {
      onMessage: (payload) => {
        let n: { operation_id?: number; tasks?: TaskNotice[] | null; operation_status?: string };
        try {
          n = JSON.parse(payload) as typeof n;
        } catch {
          return;
        }
        if (typeof n.operation_id !== 'number' || !this.topics.has(n.operation_id)) return;
        if (n.operation_status) this.batch(n.operation_id).other('operation', { operation_id: n.operation_id, status: n.operation_status });
        else this.batch(n.operation_id).tasks(n.operation_id, n.tasks ?? null);
        this.scheduleFlush();
      },
      // Missed notices: tell the streams to reload what they show.
      onReconnect: () => {
        for (const topic of this.topics.keys()) this.batch(topic).other('reload', {});
        this.scheduleFlush();
      },
      onError: (e) => this.log(`live: ${e.message}`),
    });
    return this.unlisten;
  }

  private batch(topic: Topic): EventBatch {
    let b = this.batches.get(topic);
    if (!b) this.batches.set(topic, (b = new EventBatch()));
    return b;
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush().catch((e: unknown) => this.log(`live: ${e instanceof Error ? e.message : String(e)}`));
    }, FLUSH_MS);
  }

  /** Reads the shelters whose places changed, then sends every topic's events, one write per stream. */
  private async flush(): Promise<void> {
    const ids = this.vacancyIds;
    this.vacancyIds = undefined;
    if (ids !== undefined && this.topics.has('public')) {
      const rows = await this.readVacancies(ids);
      if (rows.length) this.batch('public').vacancies(rows);
    }
    for (const [topic, batch] of this.batches) {
      this.batches.delete(topic);
      if (batch.empty) continue;
      const text = batch.text();
      for (const s of this.topics.get(topic) ?? []) this.send(s, text);
    }
  }

  private async readVacancies(ids: ReadonlySet<number> | 'all'): Promise<Vacancy[]> {
    const knex: Knex = this.db.knex;
    const q = knex('shelters').whereNull('deleted_at').whereNotNull('occupancy').select('id', 'occupancy', 'vacancies');
    if (ids !== 'all') q.whereIn('id', [...ids]);
    const rows = (await q) as Vacancy[];
    if (ids !== 'all') {
      // A shelter no longer in use is said so (its places are no longer counted).
      const found = new Set(rows.map((r) => r.id));
      for (const id of ids) if (!found.has(id)) rows.push({ id, occupancy: null, vacancies: null });
    }
    return rows.map((r) => ({ id: r.id, occupancy: r.occupancy, vacancies: r.vacancies }));
  }

  /** Holds a response open as an event stream on a topic until the client goes. */
  open(res: Response, topic: Topic): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx must pass events on as they come.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const stream: Stream = { res, topic };
    let streams = this.topics.get(topic);
    if (!streams) this.topics.set(topic, (streams = new Set()));
    streams.add(stream);
    this.send(stream, frame('hello', { topic }));
    res.on('close', () => {
      streams.delete(stream);
      if (streams.size === 0 && this.topics.get(topic) === streams) this.topics.delete(topic);
    });
  }

  private send(s: Stream, text: string): void {
    if (s.res.writableLength > MAX_BACKLOG_BYTES) {
      this.log(`live: a stream of ${s.topic} fell ${s.res.writableLength} bytes behind; closed (its client reconnects)`);
      s.res.destroy();
      return;
    }
    s.res.write(text);
  }

  get size(): number {
    let n = 0;
    for (const streams of this.topics.values()) n += streams.size;
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    this.stopChanges();
    for (const streams of this.topics.values()) for (const s of streams) s.res.end();
    this.topics.clear();
    if (this.unlisten) await (await this.unlisten.catch(() => async () => {}))();
  }
}
