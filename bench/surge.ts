/**
 * `npm run bench:surge`: the hour a warning goes out. Two OneMap instances on one PostGIS
 * database with the province dataset; autocannon drives the public mix (tiles, items, nearest
 * shelter, health) for 60 s while small hostile requests run all the time: an export body with
 * 20,000 property names, three 4 MB evacuation areas at once, a flood of 40 failed logins, and a
 * province coverage every 2 s. Probes time /api/health and one tile on each instance every
 * 200 ms. Reports p50/p99 of the probes and the mix, shed 503s, other errors and memory.
 *
 *   npm run bench:surge
 *   npm run bench:surge -- --duration 30 --connections 50
 *   npm run bench:surge -- --server-dir ../other-checkout --label before --ready "tile indexes ready"
 *                                          (another build, same bench; --ready: the line it prints when warm)
 *   npm run bench:surge -- --nginx      (the instances behind nginx with a proxy cache: its hit rate)
 *   npm run bench:surge -- --trace probes.tsv   (every probe's time, to see when the slow ones happen)
 *
 * Targets on the 2-core development machine: health and tile p99 < 100 ms, no probe slower than
 * 250 ms, no error but the documented 503 shedding of heavy analysis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { repoRoot } from '../server/config.ts';
import { ensureProvinceDatabase, PROVINCE_DATABASE_URL } from './support/province-db.ts';
import { pathMaker, tileOf, tileUrlOn, type BBox, type Kind } from './support/public-mix.ts';
import type { ProbeOrders, ProbeResults } from './support/probes.ts';
import { freePort, startInstance, type Instance } from './support/server-instance.ts';
import { percentile as quantile, rssMb } from './support/stats.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '100' },
    instances: { type: 'string', default: '2' },
    // Run the servers of another checkout (e.g. the previous release) under the same bench.
    'server-dir': { type: 'string', default: repoRoot },
    label: { type: 'string', default: '' },
    // Leave out the hostile requests (to see the public mix alone).
    'no-hostile': { type: 'boolean', default: false },
    // Put nginx (round robin, proxy cache) in front of the instances and drive it instead.
    nginx: { type: 'boolean', default: false },
    // Write every probe (seconds from the start, kind, instance, ms, status) to this file, as TSV.
    trace: { type: 'string' },
    // The line a server prints when it is warm (a build without the analysis warm-up: "tile indexes ready").
    ready: { type: 'string', default: 'analysis layers read' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const INSTANCES = Number(args.instances);
const SERVER_DIR = path.resolve(args['server-dir']);
const databaseUrl = process.env.BENCH_SURGE_DATABASE_URL || PROVINCE_DATABASE_URL;

/** nginx in front of the instances: round robin, and a cache that keeps what the answers allow. */
async function startNginx(upstreams: string[]): Promise<{ base: string; child: ChildProcess; cacheStatuses(): Record<string, number> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-nginx-'));
  const port = await freePort();
  const conf = `
user root;
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; }
http {
  log_format cache '$upstream_cache_status';
  access_log ${dir}/access.log cache;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=onemap:64m max_size=2g inactive=60m use_temp_path=off;
  proxy_temp_path ${dir}/tmp;
  client_body_temp_path ${dir}/body;
  upstream onemap { ${upstreams.map((u) => `server ${u.replace('http://', '')};`).join(' ')} keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 6m;
    # Health is never cached: uncacheable answers of one key would queue behind the cache lock.
    location = /api/health {
      proxy_pass http://onemap;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
    location / {
      proxy_pass http://onemap;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_cache onemap;
      proxy_cache_use_stale updating error timeout;
      proxy_cache_background_update on;
      proxy_cache_lock on;
    }
  }
}`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn('/usr/sbin/nginx', ['-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const cacheStatuses = () => {
    const counts: Record<string, number> = {};
    for (const line of fs.readFileSync(path.join(dir, 'access.log'), 'utf8').split('\n')) {
      if (line) counts[line] = (counts[line] ?? 0) + 1;
    }
    return counts;
  };
  return { base: `http://127.0.0.1:${port}`, child, cacheStatuses };
}

/** Resident memory of a process and its worker threads (threads share the process's RSS). */
const sampleRss = (i: Instance) => {
  try {
    i.rss.push(rssMb(i.child.pid!));
  } catch {
    // the instance has exited
  }
};

/** Starts the probes in a child process; once it is ready, `go()` starts them and gives their tallies when they end. */
async function startProbes(orders: ProbeOrders): Promise<{ go(): Promise<ProbeResults> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/support/probes.ts'), JSON.stringify(orders)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const ended = new Promise<ProbeResults>((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice(out.indexOf('\n') + 1)) as ProbeResults) : reject(new Error(`the probes exited with ${code}`))));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n')) resolve();
    });
    ended.catch(reject);
  });
  return {
    go: () => {
      child.stdin!.end('go\n');
      return ended;
    },
  };
}

// --- the hostile requests ------------------------------------------------------------------------

/** One feature with 20,000 property names and 600 with none: 0.26 MB that once cost 12–25 s. */
function wideExportBody(): string {
  const wide: Record<string, number> = {};
  for (let i = 0; i < 20_000; i++) wide[`p${i}`] = i % 10;
  const features = [{ type: 'Feature', geometry: { type: 'Point', coordinates: [111, 22.5] }, properties: wide }];
  for (let i = 0; i < 600; i++) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [111 + i / 1000, 22.5] }, properties: {} });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** A 4 MB warning area: a MultiPolygon of 39,000 small squares across the province. */
function hugeEvacuationBody(extent: BBox): string {
  const [w, s, e, n] = extent;
  const cols = 260;
  const rows = 150;
  const dx = (e - w) / cols;
  const dy = (n - s) / rows;
  const r = (v: number) => Math.round(v * 1e5) / 1e5;
  const polygons: number[][][][] = [];
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      const x = w + i * dx;
      const y = s + j * dy;
      polygons.push([[[r(x), r(y)], [r(x + dx / 2), r(y)], [r(x + dx / 2), r(y + dy / 2)], [r(x), r(y + dy / 2)], [r(x), r(y)]]]);
    }
  }
  return JSON.stringify({ warning_area: { type: 'MultiPolygon', coordinates: polygons }, min_grade: 'high' });
}

interface Tally {
  sent: number;
  byStatus: Record<string, number>;
  ms: number[];
  /** The first failures (not answers), with when they came: what the report shows of them. */
  failures: string[];
}

const tally = (): Tally => ({ sent: 0, byStatus: {}, ms: [], failures: [] });
const benchStart = performance.now();

async function timed(t: Tally, url: string, init?: RequestInit): Promise<void> {
  const started = performance.now();
  t.sent++;
  let status: string;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
    const body = Buffer.from(await res.arrayBuffer());
    status = String(res.status);
    // Shedding says so: 503 busy or deadline_exceeded (other 503s are failures).
    if (res.status === 503) status += ` ${(JSON.parse(body.toString() || '{}') as { error?: { code?: string } }).error?.code ?? ''}`.trimEnd();
  } catch (e) {
    // A failure names its cause (e.g. socket UND_ERR_SOCKET): the report says what broke.
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    status = e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : `socket ${cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : '')}`.trimEnd();
    const at = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    if (t.failures.length < 5) t.failures.push(`${url.replace(/^http:\/\/[^/]+/, '')} sent at ${at(started - benchStart)}, failed after ${at(performance.now() - started)}: ${cause?.message ?? (e instanceof Error ? e.message : String(e))}`);
  }
  t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
  t.ms.push(performance.now() - started);
}

/** Runs `step` again and again until `until`, `parallel` at a time. */
async function loop(until: number, parallel: number, step: (k: number) => Promise<void>): Promise<void> {
  let k = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < until) await step(k++);
    }),
  );
}

async function every(until: number, ms: number, step: () => Promise<void>): Promise<void> {
  const pending: Array<Promise<void>> = [];
  while (Date.now() < until) {
    pending.push(step());
    await new Promise((r) => setTimeout(r, ms));
  }
  await Promise.all(pending);
}

const randomAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

// --- the run ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  await ensureProvinceDatabase(databaseUrl);
  console.error(`starting ${INSTANCES} instances from ${SERVER_DIR}…`);
  const instances: Instance[] = [];
  for (let i = 0; i < INSTANCES; i++) instances.push(await startInstance({ serverDir: SERVER_DIR, databaseUrl, ready: args.ready }));
  const nginx = args.nginx ? await startNginx(instances.map((i) => i.base)) : undefined;
  // Where requests go: each instance, or nginx in front of them all.
  const targets = nginx ? [nginx.base] : instances.map((i) => i.base);
  try {
    const towns = (await (await fetch(`${targets[0]}/ogc/collections/towns`)).json()) as { extent: { spatial: { bbox: BBox[] } } };
    const extent = towns.extent.spatial.bbox[0];
    const [cx, cy] = [(extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2];
    // Versioned tile URLs when the build names them in its TileJSON, else the plain ones.
    const tileJson = (await (await fetch(`${targets[0]}/tiles/onemap.json`)).json()) as { tiles: string[] };
    const template = /[?&]v=/.test(tileJson.tiles[0]) ? tileJson.tiles[0] : undefined;
    // The first tile and nearest-shelter build each instance's indexes: before the clock starts.
    const [tx, ty] = tileOf(cx, cy, 8);
    for (const inst of instances) {
      await fetch(`${inst.base}/tiles/onemap/8/${tx}/${ty}.mvt`).then((r) => r.arrayBuffer());
      await fetch(`${inst.base}/api/analysis/nearest-shelter?lon=${cx}&lat=${cy}`).then((r) => r.arrayBuffer());
    }
    const present = new Set<Kind>(['tile', 'items', 'nearest', 'health']);
    const warm = pathMaker(extent, present, 7, template);
    await Promise.all(targets.map((base) => autocannon({ url: base, connections: Math.ceil(CONNECTIONS / targets.length), duration: 10, requests: [{ setupRequest: (req) => ({ ...req, path: warm().path }) }] })));
    // The probes' tiles are cut once before the clock starts, as the warm-up cut the mix's: the
    // probe times a tile from cache ("tiles from cache keep answering"); cold tiles of the mix
    // show in the mix's own latency.
    const probeTiles = Array.from({ length: 40 }, (_, k) => {
      const z = 9 + (k % 6);
      const [x, y] = tileOf(extent[0] + ((k * 7919) % 100) / 100 * (extent[2] - extent[0]), extent[1] + ((k * 104729) % 100) / 100 * (extent[3] - extent[1]), z);
      return template ? template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)) : `/tiles/onemap/${z}/${x}/${y}.mvt`;
    });
    for (const base of targets) await Promise.all(probeTiles.map((t) => fetch(tileUrlOn(base, t)).then((r) => r.arrayBuffer())));
    const cacheBefore = nginx?.cacheStatuses() ?? {};
    // The hostile bodies are made once, ahead: the load generator stays free to send.
    const exportBody = wideExportBody();
    const evacuationBody = hugeEvacuationBody(extent);

    // Probes: health and one of those tiles on each instance, every 200 ms, from a process of
    // their own (as a load balancer's checks come from elsewhere).
    const prober = await startProbes({ targets, tiles: probeTiles, durationMs: DURATION * 1000, everyMs: 200 });
    const until = Date.now() + DURATION * 1000;
    const probes = prober.go();
    const sampler = setInterval(() => instances.forEach(sampleRss), 2000);
    instances.forEach(sampleRss);


    // The hostile requests, spread over the instances.
    const exportT = tally();
    const evacuationT = tally();
    const loginT = tally();
    const coverageT = tally();
    const pick = (k: number) => targets[k % targets.length];
    const hostile = args['no-hostile']
      ? []
      : [
          loop(until, 1, (k) => timed(exportT, `${pick(k)}/api/export?f=fgb`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: exportBody })),
          loop(until, 3, (k) => timed(evacuationT, `${pick(k)}/api/analysis/evacuation`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: evacuationBody })),
          loop(until, 40, (k) =>
            timed(loginT, `${pick(k)}/api/auth/login`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': randomAddress() },
              body: JSON.stringify({ username: `stranger${k % 500}`, password: `wrong-password-${k}` }),
            }),
          ),
          every(until, 2000, () => timed(coverageT, `${pick(Math.floor(Date.now() / 2000))}/api/analysis/coverage`)),
        ];

    // The public mix: autocannon against every instance, the connections shared out.
    const bad: Record<string, number> = {};
    const mixes = targets.map((base, i) => {
      const next = pathMaker(extent, present, 1 + i, template);
      return autocannon({
        url: base,
        connections: Math.ceil(CONNECTIONS / targets.length),
        duration: DURATION,
        timeout: 10,
        requests: [
          {
            setupRequest: (req) => ({ ...req, path: next().path }),
            onResponse: (status) => {
              if (status >= 300) bad[String(status)] = (bad[String(status)] ?? 0) + 1;
            },
          },
        ],
      });
    });
    const results = await Promise.all(mixes);
    const [{ health, tile, trace }] = await Promise.all([probes, ...hostile]);
    if (args.trace) fs.writeFileSync(args.trace, trace.map((row) => row.join('\t')).join('\n') + '\n');
    clearInterval(sampler);

    // --- the report --------------------------------------------------------------------------
    const p = (t: Pick<Tally, 'ms'>, q: number) => quantile(t.ms, q).toFixed(0);
    const statuses = (t: Pick<Tally, 'byStatus'>) => Object.entries(t.byStatus).map(([s, n]) => `${s}×${n}`).join(' ');
    const requests = results.reduce((a, r) => a + r.requests.total, 0);
    const errors = results.reduce((a, r) => a + r.errors + r.timeouts, 0);
    const non2xx = results.reduce((a, r) => a + r.non2xx, 0);
    const p99 = Math.max(...results.map((r) => r.latency.p99));
    const p50 = Math.max(...results.map((r) => r.latency.p50));
    const slowProbes = [...health.ms, ...tile.ms].filter((ms) => ms > 250).length;
    const isShed = (s: string) => s === '503 busy' || s === '503 deadline_exceeded';
    const otherErrors = [exportT, evacuationT, loginT, coverageT].reduce(
      (a, t) => a + Object.entries(t.byStatus).filter(([s]) => !isShed(s) && !/^[234]\d\d/.test(s)).reduce((b, [, n]) => b + n, 0),
      0,
    );
    const shed = [exportT, evacuationT, loginT, coverageT].reduce((a, t) => a + Object.entries(t.byStatus).filter(([s]) => isShed(s)).reduce((b, [, n]) => b + n, 0), 0);
    console.log(`\nOneMap surge bench${args.label ? ` (${args.label})` : ''}: ${INSTANCES} instances on the province set in PostGIS, ${CONNECTIONS} connections, ${DURATION} s, ${new Date().toISOString()}`);
    console.log(`servers from ${SERVER_DIR}; tile URLs ${template ? 'versioned (from the TileJSON)' : 'unversioned'}; hostile requests ${args['no-hostile'] ? 'off' : 'on'}${nginx ? '; through nginx with a proxy cache' : ''}`);
    console.log('');
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| health probe p50 / p99 / max | ${p(health, 0.5)} / ${p(health, 0.99)} / ${p(health, 1)} ms (${health.sent} probes; ${statuses(health)}) |`);
    console.log(`| tile probe p50 / p99 / max | ${p(tile, 0.5)} / ${p(tile, 0.99)} / ${p(tile, 1)} ms (${tile.sent} probes; ${statuses(tile)}) |`);
    console.log(`| probes slower than 250 ms | ${slowProbes} of ${health.sent + tile.sent} |`);
    console.log(`| public mix: requests, throughput | ${requests}, ${(requests / DURATION).toFixed(0)} req/s |`);
    console.log(`| public mix latency p50 / p99 (worst instance) | ${p50} / ${p99} ms |`);
    console.log(`| public mix errors (socket + timeouts) / non-2xx | ${errors} / ${non2xx}${Object.keys(bad).length ? ` ${JSON.stringify(bad)}` : ''} |`);
    console.log(`| hostile export (20,000 names) | ${statuses(exportT)}; p50 ${p(exportT, 0.5)} ms |`);
    console.log(`| hostile evacuation (4 MB, 3 at once) | ${statuses(evacuationT)}; p50 ${p(evacuationT, 0.5)} ms |`);
    console.log(`| login flood (40 at once) | ${statuses(loginT)}; p50 ${p(loginT, 0.5)} ms |`);
    console.log(`| province coverage every 2 s | ${statuses(coverageT)}; p50 ${p(coverageT, 0.5)} ms |`);
    console.log(`| shed (503 busy / deadline_exceeded, with Retry-After) | ${shed} |`);
    console.log(`| other errors (5xx but 503, sockets, timeouts) | ${otherErrors} |`);
    for (const f of [exportT, evacuationT, loginT, coverageT].flatMap((t) => t.failures)) console.log(`| failure | ${f} |`);
    console.log(`| RSS per instance, max (MB) | ${instances.map((i) => Math.max(...i.rss.filter(Number.isFinite)).toFixed(0)).join(' / ')} |`);
    if (nginx) {
      const after = nginx.cacheStatuses();
      const run: Record<string, number> = {};
      for (const [k, n] of Object.entries(after)) run[k] = n - (cacheBefore[k] ?? 0);
      const hits = (run.HIT ?? 0) + (run.STALE ?? 0) + (run.UPDATING ?? 0) + (run.REVALIDATED ?? 0);
      const total = Object.values(run).reduce((a, b) => a + b, 0);
      console.log(`| nginx cache: hit rate (HIT+STALE+UPDATING+REVALIDATED of all requests) | ${((100 * hits) / Math.max(1, total)).toFixed(1)} % (${Object.entries(run).map(([k, n]) => `${k} ${n}`).join(', ')}) |`);
    }
    const ok = quantile(health.ms, 0.99) < 100 && quantile(tile.ms, 0.99) < 100 && slowProbes === 0 && errors === 0 && non2xx === 0 && otherErrors === 0;
    console.log(`\ntargets (health and tile p99 < 100 ms, no probe > 250 ms, no error but shedding): ${ok ? 'met' : 'NOT met'}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    // Each server's log, for a look at what it said during the run.
    instances.forEach((inst, i) => fs.writeFileSync(path.join(os.tmpdir(), `onemap-surge-instance-${i + 1}.log`), inst.log()));
    nginx?.child.kill('SIGTERM');
    for (const inst of instances) {
      if (inst.child.exitCode !== null || inst.child.signalCode !== null) {
        console.log(`\nthe instance at ${inst.base} ended during the run (${inst.child.exitCode ?? inst.child.signalCode}); its last words:\n${inst.log().split('\n').slice(-30).join('\n')}`);
        process.exitCode = 1;
      }
      inst.child.kill('SIGTERM');
    }
    await Promise.all(instances.map((inst) => new Promise((r) => (inst.child.exitCode !== null ? r(null) : inst.child.once('exit', r)))));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
