/**
 * `npm run bench:load`: the real server on the province dataset (PostGIS) under a busy evening:
 * autocannon on loopback with a public mix — vector tiles, items in a bbox, nearest shelter,
 * health — for 60 s at 100 connections, while a planner edits a shelter every second.
 * Prints throughput, latency p50/p99, errors (must be 0) and the server's memory from start to
 * end: its RSS sampled every 5 s (to show any growth trend) and its V8 heap after a full GC.
 *
 *   npm run bench:load
 *   npm run bench:load -- --duration 20 --connections 50
 *   BENCH_LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/onemap_bench_load npm run bench:load
 *
 * The database is created and the province set generated and loaded when missing (minutes, once).
 * All virtual users share one loopback address, so the server runs with the anonymous rate limit
 * off (READ_RATE_LIMIT_PER_MIN=0): a real evening's users come from many addresses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { repoRoot } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { createToken, revokeToken } from '../server/auth/tokens.ts';
import { ensureProvinceDatabase, PROVINCE_DATABASE_URL } from './support/province-db.ts';
import { MIX, pathMaker, tileOf, type BBox, type Kind } from './support/public-mix.ts';
import { percentile, rssMb } from './support/stats.ts';
import { freePort } from './support/server-instance.ts';


const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    // Some kinds only (e.g. --mix tile,items), to see which part of the mix costs what.
    mix: { type: 'string', default: 'tile,items,nearest,health' },
    // Seconds of the same mix before measuring, so that caches are warm when memory is first read.
    warmup: { type: 'string', default: '30' },
    // No planner (to tell the load's cost from the writes').
    'no-writes': { type: 'boolean', default: false },
    // Internal: run the server in this process, reporting its heap after a full GC on SIGUSR2.
    serve: { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const databaseUrl = process.env.BENCH_LOAD_DATABASE_URL || PROVINCE_DATABASE_URL;



// --- the server process ------------------------------------------------------------------------
interface ServerProcess {
  child: ChildProcess;
  /** V8 heap in use after a full garbage collection, in MB (what is really kept). */
  heapAfterGc(): Promise<number>;
}

/** The server in its own node process (this file with --serve), so that its memory is its own. */
async function startServer(port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/load.ts', '--serve'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOAD_SAMPLE: 'never', LOG_LEVEL: 'info', READ_RATE_LIMIT_PER_MIN: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), 120_000);
    child.stdout!.on('data', () => out.includes('OneMap is running at') && (clearTimeout(t), resolve()));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
  const heapAfterGc = () =>
    new Promise<number>((resolve) => {
      const seen = out.length;
      const poll = setInterval(() => {
        const m = /HEAP_AFTER_GC (\d+)/.exec(out.slice(seen));
        if (m) {
          clearInterval(poll);
          resolve(Number(m[1]) / 2 ** 20);
        }
      }, 50);
      child.kill('SIGUSR2');
    });
  return { child, heapAfterGc };
}

/** --serve: the OneMap server itself, plus a heap report on SIGUSR2 (for the bench only). */
async function serve(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('SIGUSR2', () => {
    gc?.();
    process.stdout.write(`HEAP_AFTER_GC ${process.memoryUsage().heapUsed}\n`);
  });
  await import('../server/main.ts');
}

// --- the planner ---------------------------------------------------------------------------------
interface WriteLog {
  ok: number;
  failed: Array<{ status: number; body: string }>;
  ms: number[];
}

/** Starts an edit of a shelter every second (read its ETag, PATCH with If-Match), as a planner at work. */
function plannerLoop(base: string, token: string, ids: number[], log: WriteLog): () => Promise<void> {
  let i = 0;
  const pending = new Set<Promise<void>>();
  const edit = async (id: number, step: number) => {
    const started = Date.now();
    try {
      const got = await fetch(`${base}/ogc/collections/shelters/items/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      const feature = (await got.json()) as { properties: { capacity: number } };
      const res = await fetch(`${base}/ogc/collections/shelters/items/${id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json', 'If-Match': got.headers.get('etag') ?? '' },
        body: JSON.stringify({ properties: { capacity: feature.properties.capacity + (step % 2 ? 1 : -1) } }),
      });
      const text = await res.text();
      if (res.status === 200) log.ok++;
      else log.failed.push({ status: res.status, body: text.slice(0, 200) });
    } catch (e) {
      log.failed.push({ status: 0, body: e instanceof Error ? e.message : String(e) });
    }
    log.ms.push(Date.now() - started);
  };
  // A fixed cadence: a slow save does not slow the planner's next one down.
  const timer = setInterval(() => {
    const step = i++;
    const p = edit(ids[step % ids.length], step);
    pending.add(p);
    void p.then(() => pending.delete(p));
  }, 1000);
  return async () => {
    clearInterval(timer);
    await Promise.all(pending);
  };
}

async function main(): Promise<void> {
  await ensureProvinceDatabase(databaseUrl);
  const db = await openDatabase({ DATABASE_URL: databaseUrl, DATA_DIR: '', DB_POOL_MAX: 2, STATEMENT_TIMEOUT_MS: 30_000 });
  const planner = await createToken(db.knex, 'bench-load-planner', 'planner');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { child: server, heapAfterGc } = await startServer(port);
  try {
    // What is there: the tiles and nearest-shelter routes come from other capabilities.
    const probe = async (p: string) => (await fetch(base + p)).status;
    const wanted = new Set(args.mix.split(','));
    const present = new Set<Kind>((['items', 'health'] as Kind[]).filter((k) => wanted.has(k)));
    const towns = (await (await fetch(`${base}/ogc/collections/towns`)).json()) as { extent: { spatial: { bbox: BBox[] } } };
    const extent = towns.extent.spatial.bbox[0];
    const [cx, cy] = [(extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2];
    // The first tile and the first nearest-shelter build their indexes: do it before timing.
    const t0 = Date.now();
    const [tx, ty] = tileOf(cx, cy, 8);
    if (wanted.has('tile') && [200, 204].includes(await probe(`/tiles/onemap/8/${tx}/${ty}.mvt`))) present.add('tile');
    if (wanted.has('nearest') && (await probe(`/api/analysis/nearest-shelter?lon=${cx}&lat=${cy}`)) === 200) present.add('nearest');
    const warmUpS = (Date.now() - t0) / 1000;

    // A warm-up of the whole mix (another sequence of places), so that the memory baseline holds warm caches.
    const warm = pathMaker(extent, present, 7);
    await autocannon({ url: base, connections: CONNECTIONS, duration: Number(args.warmup), requests: [{ setupRequest: (req) => ({ ...req, path: warm().path }) }] });

    const shelterIds = ((await (await fetch(`${base}/ogc/collections/shelters/items?limit=60`)).json()) as { features: Array<{ id: number }> }).features.map((f) => f.id);
    const heapStart = await heapAfterGc();
    const start = Date.now();
    const memory: Array<[number, number]> = [[0, rssMb(server.pid!)]];
    const sampler = setInterval(() => memory.push([Math.round((Date.now() - start) / 1000), rssMb(server.pid!)]), 5000);
    const writes: WriteLog = { ok: 0, failed: [], ms: [] };
    const stopPlanner = args['no-writes'] ? async () => {} : plannerLoop(base, planner.token, shelterIds, writes);
    const counts: Record<Kind, number> = { tile: 0, items: 0, nearest: 0, health: 0 };
    const bad: Record<string, number> = {};
    const badSamples: string[] = [];
    const next = pathMaker(extent, present, 1);
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION,
      timeout: 10,
      requests: [
        {
          setupRequest: (req) => {
            const { kind, path: p } = next();
            counts[kind]++;
            return { ...req, path: p };
          },
          onResponse: (status, body) => {
            if (status < 300) return;
            bad[String(status)] = (bad[String(status)] ?? 0) + 1;
            if (badSamples.length < 5) badSamples.push(`${status} ${body.slice(0, 200)}`);
          },
        },
      ],
    });
    await stopPlanner();
    clearInterval(sampler);
    memory.push([Math.round((Date.now() - start) / 1000), rssMb(server.pid!)]);
    const heapEnd = await heapAfterGc();

    // --- the report ----------------------------------------------------------------------------
    const errors = result.errors + result.timeouts + result.non2xx + writes.failed.length;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const half = memory.filter(([t]) => t >= DURATION / 2);
    const slope = half.length > 1 ? ((half[half.length - 1][1] - half[0][1]) / Math.max(1, half[half.length - 1][0] - half[0][0])) * 60 : NaN;
    console.log(`\nOneMap load bench: province dataset in PostGIS, ${CONNECTIONS} connections, ${DURATION} s, loopback, ${new Date().toISOString()}`);
    console.log(`public mix (share of requests sent): ${(Object.entries(counts) as Array<[Kind, number]>).map(([k, n]) => `${k} ${((100 * n) / Math.max(1, total)).toFixed(0)}%`).join(', ')}`);
    console.log(`present in this build: ${[...present].join(', ')}; missing: ${MIX.map(([k]) => k).filter((k) => !present.has(k)).join(', ') || 'none'} (first tile and nearest-shelter: ${warmUpS.toFixed(1)} s; then ${args.warmup} s of the mix before measuring)`);
    console.log('');
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| requests (public mix) | ${result.requests.total} |`);
    console.log(`| throughput | ${result.requests.average.toFixed(0)} req/s (mean), ${result.requests.p50} req/s (median second) |`);
    console.log(`| latency p50 / p90 / p99 / max | ${result.latency.p50} / ${result.latency.p90} / ${result.latency.p99} / ${result.latency.max} ms |`);
    console.log(`| errors (socket + timeouts + non-2xx) | ${result.errors} + ${result.timeouts} + ${result.non2xx}${Object.keys(bad).length ? ` (${JSON.stringify(bad)})` : ''} |`);
    console.log(`| planner writes (one started each second) | ${writes.ok} ok, ${writes.failed.length} failed; p50 ${percentile(writes.ms, 0.5)} ms, p99 ${percentile(writes.ms, 0.99)} ms (GET + PATCH) |`);
    console.log(`| server RSS start → end | ${memory[0][1].toFixed(0)} MB → ${memory[memory.length - 1][1].toFixed(0)} MB (second half: ${slope >= 0 ? '+' : ''}${slope.toFixed(1)} MB/min) |`);
    console.log(`| server heap after full GC, start → end | ${heapStart.toFixed(0)} MB → ${heapEnd.toFixed(0)} MB |`);
    console.log(`| RSS samples (s: MB) | ${memory.map(([t, m]) => `${t}: ${m.toFixed(0)}`).join(', ')} |`);
    console.log(`| total errors | ${errors} |`);
    if (writes.failed.length) console.log('failed writes:', writes.failed.slice(0, 5));
    if (badSamples.length) console.log('non-2xx answers (first 5):', badSamples);
    process.exitCode = errors === 0 ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await revokeToken(db.knex, planner.id);
    await db.close();
  }
}

(args.serve ? serve() : main()).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
