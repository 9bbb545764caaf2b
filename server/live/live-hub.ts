/**
 * Live streams (Server-Sent Events) fed by the database's change notices, so every instance
 * pushes every change, whoever made it:
 * - an operation's stream (staff): each task that changes (status, shelter, version), and the
 *   operation's own status;
 * - the public stream: warnings that change (a new version of the layer: fetch them again) and
 *   the occupancy and places left of shelters in use — never anything personal.
 * Events of one stream are sent as they come; a comment every 15 s keeps proxies from closing
 * an idle stream.
 */
import type { Response } from 'express';
import type { Knex } from 'knex';
import type { Database } from '../db/connect.ts';
import type { Unlisten } from '../db/notifications.ts';
import type { LayerChanges } from '../layers/changes.ts';
import { OPERATION_CHANNEL } from '../../migrations/009_operations.ts';

interface Stream {
  res: Response;
  /** An operation id, or 'public'. */
  topic: number | 'public';
}

const HEARTBEAT_MS = 15_000;

export class LiveHub {
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: NodeJS.Timeout;
  private unlisten: Promise<Unlisten> | undefined;
  private readonly stopChanges: () => void;

  constructor(
    private readonly db: Database,
    changes: LayerChanges,
    private readonly log: (m: string) => void = () => {},
  ) {
    this.heartbeat = setInterval(() => {
      for (const s of this.streams) s.res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.stopChanges = changes.subscribe((c) => {
      if (!this.hasPublic()) return;
      if (c.layer === 'warnings') this.publish('public', 'warnings', { version: c.version ?? null, ids: c.ids });
      if (c.layer === 'shelters') void this.sendVacancies(c.ids).catch((e: unknown) => this.log(`live: ${e instanceof Error ? e.message : String(e)}`));
    });
  }

  /** Starts listening for operation notices (once; resolves when listening). */
  listen(): Promise<Unlisten> {
    this.unlisten ??= this.db.listen(OPERATION_CHANNEL, {
      onMessage: (payload) => {
        let n: { operation_id?: number; tasks?: unknown; operation_status?: string };
        try {
          n = JSON.parse(payload) as typeof n;
        } catch {
          return;
        }
        if (typeof n.operation_id !== 'number') return;
        if (n.operation_status) this.publish(n.operation_id, 'operation', { operation_id: n.operation_id, status: n.operation_status });
        else this.publish(n.operation_id, 'tasks', { operation_id: n.operation_id, tasks: n.tasks ?? null });
      },
      // Missed notices: tell the streams to reload what they show.
      onReconnect: () => {
        for (const s of this.streams) this.write(s, 'reload', {});
      },
      onError: (e) => this.log(`live: ${e.message}`),
    });
    return this.unlisten;
  }

  private hasPublic(): boolean {
    for (const s of this.streams) if (s.topic === 'public') return true;
    return false;
  }

  private async sendVacancies(ids: readonly number[] | 'all'): Promise<void> {
    const knex: Knex = this.db.knex;
    const q = knex('shelters').whereNull('deleted_at').whereNotNull('occupancy').select('id', 'occupancy', 'vacancies');
    if (ids !== 'all') q.whereIn('id', [...ids]);
    const rows = (await q) as Array<{ id: number; occupancy: number | null; vacancies: number | null }>;
    if (ids !== 'all') {
      // A shelter no longer in use is said so (its places are no longer counted).
      for (const id of ids) if (!rows.some((r) => r.id === id)) rows.push({ id, occupancy: null, vacancies: null });
    }
    if (rows.length) this.publish('public', 'vacancies', { shelters: rows.map((r) => ({ id: r.id, occupancy: r.occupancy, vacancies: r.vacancies })) });
  }

  /** Holds a response open as an event stream on a topic until the client goes. */
  open(res: Response, topic: number | 'public'): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx must pass events on as they come.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const stream: Stream = { res, topic };
    this.streams.add(stream);
    this.write(stream, 'hello', { topic });
    res.on('close', () => this.streams.delete(stream));
  }

  publish(topic: number | 'public', event: string, data: unknown): void {
    for (const s of this.streams) if (s.topic === topic) this.write(s, event, data);
  }

  private write(s: Stream, event: string, data: unknown): void {
    s.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  get size(): number {
    return this.streams.size;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stopChanges();
    for (const s of this.streams) s.res.end();
    this.streams.clear();
    if (this.unlisten) await (await this.unlisten.catch(() => async () => {}))();
  }
}
