/**
 * The notices a busy writer sends itself, right after its commit, instead of its statement's
 * triggers (see migrations/010_after_commit_notices.ts): task changes on the operations channel
 * and layer changes on the change feed's, in the triggers' own payloads. Notices wait a few
 * milliseconds for others and go out together, in one statement whose commit does not wait for
 * the disk (a notice is not data: it is delivered or lost with the connections, never replayed).
 * Every instance, this one too, hears them through LISTEN as if the triggers had sent them.
 *
 * What this gives up: a notice of a write committed in the last milliseconds before the process
 * ends is never sent, so another instance's stream misses it until its client reloads.
 */
import { CHANGE_CHANNEL, MAX_NOTIFIED_IDS } from '../../migrations/006_change_feed.ts';
import { MAX_NOTICE_TASKS, OPERATION_CHANNEL } from '../../migrations/009_operations.ts';
import type { Database } from '../db/connect.ts';
import type { Notice } from '../db/notify-connection.ts';
import type { TaskNotice } from './event-batch.ts';

/** How long a notice waits for others to go out with it (the streams batch for 25 ms anyway). */
const GATHER_MS = 10;

export class AfterCommitNotices {
  private tasks = new Map<number, TaskNotice[]>();
  private layers = new Map<string, Set<number>>();
  private timer: NodeJS.Timeout | undefined;
  /** The send under way: one at a time, so notices keep the order of their commits, and what
   * comes meanwhile goes out together with the next. */
  private sending: Promise<void> | undefined;

  constructor(
    private readonly db: Pick<Database, 'notify'>,
    private readonly log: (m: string) => void = () => {},
  ) {}

  /** A committed change of an operation's task. */
  task(operationId: number, t: TaskNotice): void {
    let list = this.tasks.get(operationId);
    if (!list) this.tasks.set(operationId, (list = []));
    list.push({ id: t.id, status: t.status, shelter_id: t.shelter_id, version: t.version });
    this.schedule();
  }

  /** A committed change of a layer's features. */
  layer(layer: string, ids: readonly number[]): void {
    let set = this.layers.get(layer);
    if (!set) this.layers.set(layer, (set = new Set()));
    for (const id of ids) set.add(id);
    this.schedule();
  }

  private get waiting(): boolean {
    return this.tasks.size > 0 || this.layers.size > 0;
  }

  private schedule(): void {
    if (this.sending || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, GATHER_MS);
  }

  /** The payloads waiting, as notices (each under NOTIFY's 8,000 bytes). */
  private take(): Notice[] {
    const out: Notice[] = [];
    for (const [operationId, list] of this.tasks) {
      for (let i = 0; i < list.length; i += MAX_NOTICE_TASKS) {
        out.push([OPERATION_CHANNEL, JSON.stringify({ operation_id: operationId, tasks: list.slice(i, i + MAX_NOTICE_TASKS) })]);
      }
    }
    for (const [layer, set] of this.layers) {
      // No version: the triggers have bumped it; listeners treat the notice as "changed since".
      out.push([CHANGE_CHANNEL, JSON.stringify({ layer, version: null, ids: set.size <= MAX_NOTIFIED_IDS ? [...set] : null })]);
    }
    this.tasks = new Map();
    this.layers = new Map();
    return out;
  }

  private send(): Promise<void> {
    const notices = this.take();
    this.sending = this.db
      .notify(notices)
      // Once more on a fresh connection (a broken one is dropped), then given up with a word in the log.
      .catch(() => this.db.notify(notices))
      .catch((e: unknown) => this.log(`live: ${notices.length} change notices not sent: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.sending = undefined;
        if (this.waiting) this.schedule();
      });
    return this.sending;
  }

  /** Sends every notice waiting now (after the send under way), e.g. before the service stops. */
  async flush(): Promise<void> {
    if (this.sending) await this.sending;
    // The send's end (or an earlier notice) may have set a timer: this send takes its notices.
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting) await this.send();
  }
}
