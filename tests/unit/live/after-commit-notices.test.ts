/**
 * The notices an instance sends after its commits: the triggers' payloads, each under NOTIFY's
 * 8,000 bytes, gathered while a send is under way, in the order of the commits, and sent again
 * once when the connection fails.
 */
import { describe, expect, it } from 'vitest';
import { CHANGE_CHANNEL } from '../../../migrations/006_change_feed.ts';
import { OPERATION_CHANNEL } from '../../../migrations/009_operations.ts';
import type { Notice } from '../../../server/db/notify-connection.ts';
import { AfterCommitNotices } from '../../../server/live/after-commit-notices.ts';

/** A database whose sends are recorded and answered when the test says. */
function fakeDb(failures = 0) {
  const sent: Notice[][] = [];
  const pending: Array<() => void> = [];
  let failing = failures;
  return {
    sent,
    /** Answers the sends waiting. */
    release: () => pending.splice(0).forEach((r) => r()),
    notify(notices: readonly Notice[]): Promise<void> {
      if (failing > 0) {
        failing -= 1;
        return Promise.reject(new Error('connection lost'));
      }
      sent.push([...notices]);
      return new Promise<void>((r) => pending.push(r));
    },
  };
}

const task = (id: number, version = 2) => ({ id, status: 'arrived', shelter_id: 7, version });
const payloads = (notices: Notice[]) => notices.map(([channel, payload]) => ({ channel, ...(JSON.parse(payload) as Record<string, unknown>) }));

describe('notices sent after the commit', () => {
  it('sends the triggers\' payloads: tasks per operation, and a layer\'s changed ids', async () => {
    const db = fakeDb();
    const n = new AfterCommitNotices(db);
    n.task(3, task(11));
    n.task(3, task(12, 5));
    n.task(4, task(40));
    n.layer('shelters', [7, 8]);
    n.layer('shelters', [8]);
    const done = n.flush();
    db.release();
    await done;
    expect(db.sent).toHaveLength(1);
    expect(payloads(db.sent[0])).toEqual([
      { channel: OPERATION_CHANNEL, operation_id: 3, tasks: [task(11), task(12, 5)] },
      { channel: OPERATION_CHANNEL, operation_id: 4, tasks: [task(40)] },
      { channel: CHANGE_CHANNEL, layer: 'shelters', version: null, ids: [7, 8] },
    ]);
  });

  it('splits many tasks into notices under 8,000 bytes, and names no ids past 200 changed features', async () => {
    const db = fakeDb();
    const n = new AfterCommitNotices(db);
    for (let i = 0; i < 200; i++) n.task(1, { id: 2_000_000_000 + i, status: 'unreachable', shelter_id: 2_000_000_000, version: 2_000_000_000 });
    n.layer('shelters', Array.from({ length: 201 }, (_, i) => i + 1));
    const done = n.flush();
    db.release();
    await done;
    const notices = db.sent[0];
    expect(notices.every(([, p]) => Buffer.byteLength(p) < 8000)).toBe(true);
    const tasks = payloads(notices).filter((p) => p.channel === OPERATION_CHANNEL) as unknown as Array<{ tasks: Array<{ id: number }> }>;
    expect(tasks.length).toBeGreaterThan(1);
    expect(tasks.flatMap((t) => t.tasks.map((x) => x.id))).toEqual(Array.from({ length: 200 }, (_, i) => 2_000_000_000 + i));
    expect(payloads(notices).find((p) => p.channel === CHANGE_CHANNEL)).toMatchObject({ layer: 'shelters', ids: null });
  });

  it('gathers what comes while a send is under way into the next one, in order', async () => {
    const db = fakeDb();
    const n = new AfterCommitNotices(db);
    n.task(1, task(1));
    await new Promise((r) => setTimeout(r, 30));
    expect(db.sent).toHaveLength(1);
    n.task(1, task(2));
    n.task(1, task(3));
    await new Promise((r) => setTimeout(r, 30));
    // Nothing more goes out before the first send is answered.
    expect(db.sent).toHaveLength(1);
    db.release();
    await new Promise((r) => setTimeout(r, 30));
    expect(db.sent).toHaveLength(2);
    expect(payloads(db.sent[1])).toEqual([{ channel: OPERATION_CHANNEL, operation_id: 1, tasks: [task(2), task(3)] }]);
    db.release();
    await n.flush();
  });

  it('sends again once when the connection fails, then gives up with a word in the log', async () => {
    const once = fakeDb(1);
    const n = new AfterCommitNotices(once);
    n.task(1, task(1));
    const done = n.flush();
    await new Promise((r) => setTimeout(r, 0));
    once.release();
    await done;
    expect(once.sent).toHaveLength(1);

    const never = fakeDb(2);
    const log: string[] = [];
    const m = new AfterCommitNotices(never, (line) => log.push(line));
    m.task(1, task(1));
    await m.flush();
    expect(never.sent).toHaveLength(0);
    expect(log).toEqual([expect.stringContaining('1 change notices not sent: connection lost')]);
  });
});
