/**
 * `npm run bench:tiles`: vector tiles on the province-scale dataset (100,000 risk sites, 20,000
 * villages, 5,000 shelters, 2,000 zones, 1,425 towns) in PostGIS.
 *
 * A server process (bench/tile-server.ts) builds every layer's index, timing each build
 * (median of 3) and its memory, then times a realistic mix of z8–z16 tiles in process (cold:
 * first cut; warm: cut tiles retained, encoded each time), sweeps z0–z10 for the largest tile,
 * and times "edit → next tile" (the incremental rebuild). This process then drives it over HTTP
 * on loopback: the mix once in order (cold), then autocannon with 50 connections, with the
 * encoded-tile cache on and off, and against bare express sending one fixed tile (the floor that
 * this machine sets for any Node HTTP server at that moment). Last, the same tiles straight from PostGIS with ST_AsMVT (no
 * HTTP), with our per-tile time as a ratio to it.
 *
 *   npm run bench:tiles
 *   npm run bench:tiles -- --connections 50 --duration 15 --tiles 1500
 *   BENCH_TILES_DATABASE_URL=postgres://postgres@127.0.0.1:5432/onemap_bench_tiles npm run bench:tiles
 *
 * The database is created and the province set generated and loaded when missing (minutes, once).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { Knex } from 'knex';
import pg from 'pg';
import { repoRoot } from '../server/config.ts';
import type { LayerDefinition } from '../server/layers/types.ts';
import { CLUSTER_MAX_ZOOM, CLUSTER_RADIUS } from '../server/tiles/point-clusters.ts';
import { tileAttributes } from '../server/tiles/tile-attributes.ts';
import { EXTENT, tileAt } from '../server/tiles/tile-grid.ts';
import { tileSource } from '../server/tiles/tile-sources.ts';
import { mulberry32 as prng } from '../server/analysis/seeded-random.ts';
import { stats, type Stats } from './support/stats.ts';
import { DEFAULT_URL, MAX_TILE_BYTES, openBenchDb, type MixTile, type ReadyMessage, type ServerReport } from './support/tile-bench.ts';

/** What the public map asks for: site and zone tiles, and the combined tile. */
const SOURCE_MIX: Array<[string, number]> = [['risk_sites', 0.4], ['hazard_zones', 0.3], ['onemap', 0.3]];

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : '–');

/* ---------------------------------------------------------------- the driving process */

async function ensureDataset(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await client.end();
  const db = await openBenchDb(url, 1);
  const loaded = await db.knex
    .raw<{ rows: Array<{ n: string }> }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'risk_sites'")
    .then(async (r) => Number(r.rows[0].n) > 0 && Number((await db.knex('risk_sites').count<Array<{ n: string }>>({ n: '*' }))[0].n) >= 100_000);
  await db.close();
  if (loaded) return;
  const dir = path.join(repoRoot, 'data/generated/province');
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    console.error('generating the province dataset (seed 1)…');
    execFileSync('npx', ['tsx', 'data/generate/cli.ts', '--scale', 'province', '--seed', '1', '--out', dir], { cwd: repoRoot, stdio: 'inherit' });
  }
  console.error(`loading ${dir} into ${name} (a few minutes, once)…`);
  execFileSync('npx', ['tsx', 'server/cli/onemap.ts', 'load', dir], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } });
}

/** z8–z16 evenly, each over a random risk site (where people look), sometimes one tile aside. */
async function tileMix(knex: Knex, count: number): Promise<MixTile[]> {
  const sites = (await knex('risk_sites').select(knex.raw('ST_X(geom) AS x, ST_Y(geom) AS y')).whereNull('deleted_at').orderBy('id')) as Array<{ x: number; y: number }>;
  const rand = prng(1);
  const out: MixTile[] = [];
  for (let i = 0; i < count; i++) {
    const z = 8 + Math.floor(rand() * 9);
    const site = sites[Math.floor(rand() * sites.length)];
    const t = tileAt(site.x, site.y, z);
    const r = rand();
    let acc = 0;
    const source = SOURCE_MIX.find(([, share]) => (acc += share) >= r)?.[0] ?? 'onemap';
    const aside = rand() < 0.3 ? Math.floor(rand() * 3) - 1 : 0;
    out.push({ source, z, x: Math.max(0, Math.min(2 ** z - 1, t.x + aside)), y: t.y });
  }
  return out;
}

const tilePath = (t: MixTile) => `/tiles/${t.source}/${t.z}/${t.x}/${t.y}.mvt`;

function startServer(url: string, cacheMb: number, mixFile: string, measure: boolean): Promise<{ child: ChildProcess; port: number; floorPort: number; report: Partial<ServerReport> }> {
  const child = fork(fileURLToPath(new URL('./tile-server.ts', import.meta.url)), ['--cache-mb', String(cacheMb), '--mix', mixFile, ...(measure ? ['--measure'] : [])], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_TILES_DATABASE_URL: url },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the tile server stopped (exit ${code})`)));
    child.on('message', (m: ReadyMessage) => {
      if (m.type === 'ready') resolve({ child, port: m.port, floorPort: m.floorPort, report: m.report });
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

async function httpColdPass(port: number, mix: MixTile[]): Promise<{ stats: Stats; statuses: Record<number, number> }> {
  const times: number[] = [];
  const statuses: Record<number, number> = {};
  for (const t of mix) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}${tilePath(t)}`);
    await res.arrayBuffer();
    times.push(performance.now() - started);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  return { stats: stats(times), statuses };
}

async function load(port: number, pathOf: () => string, connections: number, duration: number) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration,
        requests: [{ method: 'GET', path: pathOf(), setupRequest: (req) => ({ ...req, path: pathOf() }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => void times.push(ms));
  });
  return { stats: stats(times), rps: result.requests.average, total: result.requests.total, errors: result.errors + result.non2xx };
}

/* ---------------------------------------------------------------- ST_AsMVT in SQL */

const q = (id: string) => `"${id.replace(/"/g, '')}"`;

/** One layer's MVT in SQL, shaped like ours: points clustered on a 40-px grid up to the cluster zoom. */
function layerSql(layer: LayerDefinition, z: number): string {
  const t = q(layer.table);
  const filter = `FROM ${t} f, b WHERE f.deleted_at IS NULL AND f.geom && b.env4326`;
  if (layer.geometryType === 'Point' && z <= CLUSTER_MAX_ZOOM) {
    const cell = `(40075016.6855785 / 2^${z}) * ${CLUSTER_RADIUS / EXTENT}`;
    const grades = layer.attributes.grade?.inTiles
      ? ", count(*) FILTER (WHERE grade = 'very_high') AS count_very_high, count(*) FILTER (WHERE grade = 'high') AS count_high, count(*) FILTER (WHERE grade = 'medium') AS count_medium, count(*) FILTER (WHERE grade = 'low') AS count_low"
      : '';
    return `(SELECT coalesce(ST_AsMVT(c, '${layer.id}', 4096, 'geom'), '') FROM (
      SELECT count(*) AS point_count${grades}, ST_AsMVTGeom(ST_Centroid(ST_Collect(g)), (SELECT env FROM b), 4096, 64, true) AS geom
      FROM (SELECT ST_Transform(f.geom, 3857) AS g${grades ? ', f.grade' : ''} ${filter}) s
      GROUP BY ST_SnapToGrid(g, ${cell})) c)`;
  }
  const cols = tileAttributes(layer).map((k) => `f.${q(k)}`).join(', ');
  return `(SELECT coalesce(ST_AsMVT(m, '${layer.id}', 4096, 'geom', 'id'), '') FROM (
    SELECT f.id, ${cols}, ST_AsMVTGeom(ST_Transform(f.geom, 3857), b.env, 4096, 64, true) AS geom ${filter}) m)`;
}

function tileSql(source: string, z: number): string {
  const parts = tileSource(source).layers.map((l) => layerSql(l, z));
  return `WITH b AS (SELECT ST_TileEnvelope(?, ?, ?) AS env, ST_Transform(ST_TileEnvelope(?, ?, ?, margin => ${64 / EXTENT}), 4326) AS env4326)
    SELECT ${parts.join(' || ')} AS mvt`;
}

async function stAsMvt(knex: Knex, mix: MixTile[]): Promise<{ stats: Stats; largest: number }> {
  let times: number[] = [];
  let largest = 0;
  // Two passes: the second, with the tables in PostgreSQL's cache, is the one reported.
  for (let pass = 0; pass < 2; pass++) {
    times = [];
    for (const t of mix) {
      const started = performance.now();
      const r = await knex.raw<{ rows: Array<{ mvt: Buffer }> }>(tileSql(t.source, t.z), [t.z, t.x, t.y, t.z, t.x, t.y]);
      times.push(performance.now() - started);
      largest = Math.max(largest, r.rows[0].mvt.length);
    }
  }
  return { stats: stats(times), largest };
}

/* ---------------------------------------------------------------- report */

function table(title: string, head: string[], rows: Array<Array<string | number>>): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  console.log(`\n${title}`);
  cells.forEach((r, i) => {
    console.log(`| ${r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w, j) => (j === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '15' },
      tiles: { type: 'string', default: '1500' },
    },
  });
  const url = process.env.BENCH_TILES_DATABASE_URL || DEFAULT_URL;

  const connections = Number(values.connections);
  const duration = Number(values.duration);
  console.log(`bench:tiles — ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
  await ensureDataset(url);
  const db = await openBenchDb(url, 2);
  const mix = await tileMix(db.knex, Number(values.tiles));
  const mixFile = path.join(os.tmpdir(), `onemap-tile-mix-${process.pid}.json`);
  fs.writeFileSync(mixFile, JSON.stringify(mix));
  console.log(`tile mix: ${mix.length} tiles, z8–z16 evenly over random risk sites; ${SOURCE_MIX.map(([s, p]) => `${Math.round(p * 100)} % ${s}`).join(', ')}`);

  const a = await startServer(url, 16, mixFile, true);
  const cold = await httpColdPass(a.port, mix);
  let next = 0;
  const mixPath = () => tilePath(mix[next++ % mix.length]);
  const cached = await load(a.port, mixPath, connections, duration);
  const floor = await load(a.floorPort, () => '/floor', connections, duration);
  await stopServer(a.child);
  const b = await startServer(url, 0, mixFile, false);
  await httpColdPass(b.port, mix); // cut every tile once, as a server in service would have
  const uncached = await load(b.port, mixPath, connections, duration);
  await stopServer(b.child);
  const sql = await stAsMvt(db.knex, mix);
  await db.close();
  fs.rmSync(mixFile, { force: true });

  const r = a.report as ServerReport;
  table('Index builds at start (median of 3; memory = growth of the resident memory of the process, tile worker thread included)', ['layer', 'features', 'read rows ms', 'build index ms', 'total ms', 'memory MB'],
    r.builds.map((x) => [x.layer, x.features, f1(x.loadMs), f1(x.buildMs), f1(x.loadMs + x.buildMs), f1(x.heapMb)]));
  console.log(`warm-up of every layer in the server: ${f1(r.warmUpMs)} ms; RSS of a server after warm-up: ${f1(b.report.rssMb ?? NaN)} MB`);

  const row = (name: string, s: Stats, rps?: number): Array<string | number> => [name, s.n, f1(s.p50), f1(s.p95), f1(s.p99), f1(s.mean), rps === undefined ? '–' : Math.round(rps)];
  table(`Tiles (ms per tile; ${connections} connections for ${duration} s where autocannon)`, ['run', 'tiles', 'p50', 'p95', 'p99', 'mean', 'tiles/s'], [
    row('in process, cold (first cut + encode)', r.inProcessCold),
    row('in process, warm (encode every time)', r.inProcessWarm),
    row(`HTTP one by one, cold (${Object.entries(cold.statuses).map(([k, v]) => `${v}×${k}`).join(' ')})`, cold.stats),
    row(`HTTP autocannon, tile cache on (${cached.errors} errors)`, cached.stats, cached.rps),
    row(`HTTP autocannon, tile cache off (${uncached.errors} errors)`, uncached.stats, uncached.rps),
    row('HTTP autocannon, floor: bare express, one fixed tile', floor.stats, floor.rps),
    row('PostGIS ST_AsMVT in SQL, no HTTP (warm 2nd pass)', sql.stats),
  ]);
  const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
  table('Our time per tile as a ratio to ST_AsMVT (below 1 = faster)', ['ours', 'p50', 'p95', 'mean'], [
    ['in process, cold', ratio(r.inProcessCold.p50, sql.stats.p50), ratio(r.inProcessCold.p95, sql.stats.p95), ratio(r.inProcessCold.mean, sql.stats.mean)],
    ['in process, warm', ratio(r.inProcessWarm.p50, sql.stats.p50), ratio(r.inProcessWarm.p95, sql.stats.p95), ratio(r.inProcessWarm.mean, sql.stats.mean)],
    ['HTTP one by one, cold', ratio(cold.stats.p50, sql.stats.p50), ratio(cold.stats.p95, sql.stats.p95), ratio(cold.stats.mean, sql.stats.mean)],
  ]);
  table('Largest tile (every tile over the data at z0–z10, and the mix)', ['source', 'tiles', 'largest KB', 'at z/x/y', `over ${MAX_TILE_BYTES / 1024} KB`],
    Object.entries(r.largest).map(([s, l]) => [s, l.tiles, f1(l.bytes / 1024), l.tile, l.over]));
  console.log(`largest ST_AsMVT tile of the mix: ${f1(sql.largest / 1024)} KB`);
  table('Edit → next tile (one changed row: read it, rebuild the index, cut the tile; median of 5)', ['layer', 'ms'], Object.entries(r.editToTile).map(([k, v]) => [k, f1(v)]));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
