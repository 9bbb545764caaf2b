/**
 * The surge bench's probes, in a process of their own: what a load balancer's health check and a
 * phone's next tile see. Apart from the process that drives the load, so that a probe's time is
 * the service's answer and not the load generator's own event-loop delay.
 *
 * Reads its orders as JSON from the first argument ({ targets, tiles, durationMs, everyMs }); warms
 * its own connections, says "ready" on stdout and waits for a line on stdin; then every `everyMs`
 * it asks each target for /api/health and one of the tiles (at random), and at the end prints the
 * two tallies as one line of JSON on stdout.
 */
import { tileUrlOn } from './public-mix.ts';

export interface ProbeOrders {
  /** Base URLs, one per instance (or nginx). */
  targets: string[];
  /** Tile paths (or absolute URLs, whose origin is replaced by the target's). */
  tiles: string[];
  /** How long to probe, from the moment the parent says "go" (a line on stdin). */
  durationMs: number;
  everyMs: number;
}

export interface ProbeTally {
  sent: number;
  byStatus: Record<string, number>;
  ms: number[];
}

export interface ProbeResults {
  health: ProbeTally;
  tile: ProbeTally;
  /** Every probe: seconds since the start, what, which target, ms taken, status. */
  trace: Array<[number, 'health' | 'tile', number, number, string]>;
}

const tally = (): ProbeTally => ({ sent: 0, byStatus: {}, ms: [] });

let t0 = performance.now();
const trace: ProbeResults['trace'] = [];

async function timed(t: ProbeTally, url: string, kind: 'health' | 'tile', target: number): Promise<void> {
  const started = performance.now();
  t.sent++;
  let status: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    status = String(res.status);
  } catch (e) {
    status = e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'socket';
  }
  t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
  t.ms.push(performance.now() - started);
  trace.push([Math.round(started - t0) / 1000, kind, target, Math.round(performance.now() - started), status]);
}

async function main(): Promise<void> {
  const orders = JSON.parse(process.argv[2]) as ProbeOrders;
  const results: ProbeResults = { health: tally(), tile: tally(), trace };
  // This process's first requests (module loading, new connections) are not the service's time.
  for (let i = 0; i < 5; i++) await Promise.all(orders.targets.map((base) => fetch(`${base}/api/health`).then((r) => r.arrayBuffer())));
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  t0 = performance.now();
  const until = Date.now() + orders.durationMs;
  const pending: Array<Promise<void>> = [];
  while (Date.now() < until) {
    for (const [i, base] of orders.targets.entries()) {
      const t = orders.tiles[Math.floor(Math.random() * orders.tiles.length)];
      const tileUrl = tileUrlOn(base, t);
      pending.push(timed(results.health, `${base}/api/health`, 'health', i), timed(results.tile, tileUrl, 'tile', i));
    }
    await new Promise((r) => setTimeout(r, orders.everyMs));
  }
  await Promise.all(pending);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
