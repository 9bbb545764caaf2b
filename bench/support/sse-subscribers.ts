/**
 * The operation bench's live-stream subscribers, in a process of their own (as phones and duty
 * screens are elsewhere): the load generator's event loop must not delay what they receive.
 *
 * Reads its orders as JSON from the first argument; opens every stream (staff streams of the
 * operation with a bearer token each, public /api/live streams), says "ready" on stdout once each
 * has its hello, and keeps reading until a line comes on stdin; then prints one line of JSON:
 * per stream the task changes (staff) or shelter vacancies (public) it received, and for a sample
 * of streams when each arrived, so that the parent can time delivery against its updates.
 */
import http from 'node:http';

export interface SubscriberOrders {
  base: string;
  operationId: number;
  /** One bearer token per staff stream. */
  staffTokens: string[];
  publicStreams: number;
  /** Every how many streams of a kind one records what arrived when. */
  sampleEvery: number;
}

export interface StreamTally {
  kind: 'staff' | 'public';
  /** Task changes (staff) or shelter entries of vacancy events (public) received. */
  entries: number;
  events: number;
  reloads: number;
  /** The stream ended or failed before the end. */
  broken: string | null;
  /** Sampled streams: [task id, version, ms since the epoch] (staff) or [shelter id, 0, ms] (public). */
  arrivals?: Array<[number, number, number]>;
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const wallMs = (): number => performance.timeOrigin + performance.now();

function open(url: string, headers: Record<string, string>, tally: StreamTally, onHello: () => void): http.ClientRequest {
  let buffer = '';
  const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
    if (res.statusCode !== 200) {
      tally.broken = `status ${res.statusCode}`;
      onHello();
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = wallMs();
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith(':')) continue;
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        if (event === 'hello') {
          onHello();
          continue;
        }
        tally.events++;
        if (event === 'reload') tally.reloads++;
        if (event === 'tasks') {
          const d = JSON.parse(data) as { tasks: Array<{ id: number; version: number }> | null };
          for (const t of d.tasks ?? []) {
            tally.entries++;
            tally.arrivals?.push([t.id, t.version, at]);
          }
        } else if (event === 'vacancies') {
          const d = JSON.parse(data) as { shelters: Array<{ id: number }> };
          for (const s of d.shelters) {
            tally.entries++;
            tally.arrivals?.push([s.id, 0, at]);
          }
        }
      }
    });
    res.on('end', () => (tally.broken ??= 'ended'));
  });
  req.on('error', (e) => {
    tally.broken ??= e.message;
    onHello();
  });
  return req;
}

async function main(): Promise<void> {
  const orders = JSON.parse(process.argv[2]) as SubscriberOrders;
  const tallies: StreamTally[] = [];
  const requests: http.ClientRequest[] = [];
  let waiting = orders.staffTokens.length + orders.publicStreams;
  const allHello = new Promise<void>((resolve) => {
    const hello = () => --waiting === 0 && resolve();
    orders.staffTokens.forEach((token, i) => {
      const t: StreamTally = { kind: 'staff', entries: 0, events: 0, reloads: 0, broken: null, ...(i % orders.sampleEvery === 0 ? { arrivals: [] } : {}) };
      tallies.push(t);
      let said = false;
      requests.push(open(`${orders.base}/api/operations/${orders.operationId}/events`, { Authorization: `Bearer ${token}` }, t, () => !said && ((said = true), hello())));
    });
    for (let i = 0; i < orders.publicStreams; i++) {
      const t: StreamTally = { kind: 'public', entries: 0, events: 0, reloads: 0, broken: null, ...(i % orders.sampleEvery === 0 ? { arrivals: [] } : {}) };
      tallies.push(t);
      let said = false;
      requests.push(open(`${orders.base}/api/live`, {}, t, () => !said && ((said = true), hello())));
    }
  });
  await allHello;
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (const r of requests) r.destroy();
  // Exit once the tallies are written: a pipe takes a large line in several writes.
  process.stdout.write(`${JSON.stringify(tallies)}\n`, () => process.exit(0));
}

if (process.argv[1]?.endsWith('sse-subscribers.ts')) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
