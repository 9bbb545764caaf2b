/**
 * The cadre's changes waiting for a signal. Each change gets its idempotency key when it is made
 * and is written to localStorage with it before it is sent, so that a change survives a dropped
 * connection, a closed page or a flat battery. The queue is sent in order — when the browser says
 * it is back online, when the page opens, and every little while as long as anything waits — and
 * a change leaves it only once the server has answered: accepted (2xx, a repeat of a key the
 * server has seen counts once), or refused for good (a 4xx that sending again cannot change).
 * A network failure, a 5xx, a rate limit or an expired sign-in keep it, and stop the round so
 * that later changes of the same household never overtake earlier ones.
 */
import { ApiError } from '../api.ts';
import { changeTask, newIdempotencyKey, type Task, type TaskChange } from '../operations/operation-api.ts';

export interface QueuedChange {
  key: string;
  operationId: number;
  taskId: number;
  change: TaskChange;
  /** When the cadre made it (ISO). */
  at: string;
}

export type Outcome =
  | { kind: 'sent'; item: QueuedChange; task: Task; replayed: boolean }
  | { kind: 'refused'; item: QueuedChange; status: number; message: string }
  /** Kept: `why` is the network, the server's trouble, or a sign-in to renew. */
  | { kind: 'kept'; item: QueuedChange; why: 'network' | 'server' | 'sign_in' };

const STORE = 'onemap.cadre.queue';
/** Answers that may succeed later: sign-in to renew, time-out, too early, too many. */
const RETRYABLE_4XX = new Set([401, 403, 408, 425, 429]);

/** A key for one change: a UUID where the browser offers one (secure pages), random bytes otherwise. */
function changeKey(): string {
  return window.isSecureContext && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : newIdempotencyKey();
}

function read(): QueuedChange[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as QueuedChange[]) : [];
  } catch {
    return [];
  }
}

function write(items: QueuedChange[]): void {
  localStorage.setItem(STORE, JSON.stringify(items));
}

export interface ChangeQueue {
  /** Stores a change with a new key and sends the queue. */
  add(operationId: number, taskId: number, change: TaskChange): Promise<QueuedChange>;
  /** Sends what waits, in order, until done or something must wait again. */
  flush(): Promise<void>;
  items(): QueuedChange[];
}

/**
 * @param onOutcome told of each change sent, refused or kept
 * @param onCount told how many changes wait, after every change to the queue
 */
export function createChangeQueue(onOutcome: (o: Outcome) => void, onCount: (n: number) => void, retryMs = 15_000): ChangeQueue {
  let running: Promise<void> | null = null;
  let again = false;

  const drop = (key: string) => {
    write(read().filter((x) => x.key !== key));
    onCount(read().length);
  };

  async function round(): Promise<void> {
    for (;;) {
      const [item] = read();
      if (!item) return;
      try {
        const done = await changeTask(item.operationId, item.taskId, item.change, item.key);
        drop(item.key);
        onOutcome({ kind: 'sent', item, task: done.task, replayed: done.replayed });
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && !RETRYABLE_4XX.has(e.status)) {
          drop(item.key);
          onOutcome({ kind: 'refused', item, status: e.status, message: e.message });
          continue;
        }
        const why = !(e instanceof ApiError) ? 'network' : e.status === 401 || e.status === 403 ? 'sign_in' : 'server';
        onOutcome({ kind: 'kept', item, why });
        return;
      }
    }
  }

  function flush(): Promise<void> {
    if (running) {
      again = true; // a change added while a round runs is sent by the next one
      return running;
    }
    running = round().finally(() => {
      running = null;
      if (again) {
        again = false;
        void flush();
      }
    });
    return running;
  }

  window.addEventListener('online', () => void flush());
  setInterval(() => {
    if (read().length && navigator.onLine) void flush();
  }, retryMs);
  onCount(read().length);

  return {
    async add(operationId, taskId, change) {
      const item: QueuedChange = { key: changeKey(), operationId, taskId, change, at: new Date().toISOString() };
      write([...read(), item]);
      onCount(read().length);
      void flush();
      return item;
    },
    flush,
    items: read,
  };
}
