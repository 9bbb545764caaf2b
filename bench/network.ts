/**
 * `npm run bench:network`: the travel-time engine at county and province scale — graph build,
 * the all-shelters search (walk and drive), every risk site's nearest shelter, the k nearest
 * within a time limit, one route and one isochrone — and the analyses that stand on it, by
 * walking time: catchments (nearest and under capacity) and coverage (median of several runs,
 * wall and CPU time, with memory); then what walking changes against the straight line (sites
 * and households sent to another shelter, sites the radii cover that the minutes do not), and
 * the same nearest-shelter answer from pgRouting on the same graph, as a ratio, with the
 * disagreements counted. Each scale runs in a process of its own so that its memory is its own.
 * Every timed step prints its target and whether the median met it.
 *
 *   npm run bench:network                       # both scales
 *   npm run bench:network -- --scale county     # one scale
 *   BENCH_DATABASE_URL=postgres://… npm run bench:network   # PostgreSQL server with pgRouting
 *
 * pgRouting answers with one pgr_dijkstraCost, one-to-many, from a virtual source joined to every
 * shelter node by a zero-cost edge: a multi-source search like ours, returning one row per site
 * node. The alternatives lose: many-to-many pgr_dijkstraCost returns shelters × sites pairs (450
 * million in the province), and pgr_drivingDistance with equicost from all shelter nodes was
 * inexact (2 of 2,000 county nodes went to a farther shelter, as pgr_dijkstraCost showed) and ran
 * out of memory on the province (20 GB for 4,500 starts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Position } from 'geojson';
import pg from 'pg';
import { catchments, type CatchmentResult } from '../server/analysis/catchments.ts';
import { coverage } from '../server/analysis/coverage.ts';
import { DEFAULT_STANDARDS, serviceMinutes, serviceRadii } from '../server/analysis/standards.ts';
import type { ShelterCollection } from '../server/analysis/types.ts';
import { cityOutline } from '../server/analysis-api/analysis-inputs.ts';
import { buildRoadGraph } from '../server/routing/build-graph.ts';
import { isochrones } from '../server/routing/isochrones.ts';
import { kNearestShelters } from '../server/routing/k-nearest.ts';
import { nearestShelters } from '../server/routing/nearest-shelters.ts';
import type { RoadGraph } from '../server/routing/road-graph.ts';
import { routeToShelter } from '../server/routing/route.ts';
import { searchFromNodes } from '../server/routing/search.ts';
import { shelterField } from '../server/routing/shelter-field.ts';
import { snapPoint } from '../server/routing/snap.ts';
import type { RoadFeature } from '../server/routing/types.ts';
import { datasetDir, readLayers, type Scale } from './analysis-data.ts';
import { median } from './support/stats.ts';

/** The roads of a dataset (the province set is generated with them on first use). */
function readRoads(scale: Scale): RoadFeature[] {
  return (JSON.parse(fs.readFileSync(path.join(datasetDir(scale), 'roads.geojson'), 'utf8')) as { features: RoadFeature[] }).features;
}

const standards = DEFAULT_STANDARDS;
const now = () => Number(process.hrtime.bigint()) / 1e6;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

interface Row {
  step: string;
  median: number;
  cpu: number;
  min: number;
  max: number;
  target: number | null;
  note: string;
}

/** Cpu milliseconds (user + system) of this process so far. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * `runs` timed calls after one untimed warm-up (so the JIT has compiled the code): wall time and
 * CPU time of each. On a shared machine the wall time includes waiting for a core; CPU time does not.
 */
function measure<T>(runs: number, fn: () => T): { times: number[]; cpu: number[]; value: T } {
  const last: { value?: T } = { value: fn() };
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    // The last answer is dropped first, as a worker drops its answer once it is sent.
    delete last.value;
    const t = now();
    const c = cpuNow();
    last.value = fn();
    times.push(now() - t);
    cpu.push(cpuNow() - c);
  }
  return { times, cpu, value: last.value as T };
}

/**
 * The same, keeping only what `keep` takes from the answer: an analysis's answer (a province's is
 * hundreds of thousands of objects) must not stay alive while the next one is timed, which the
 * service never does.
 */
function measureKeeping<T, K>(runs: number, fn: () => T, keep: (value: T) => K): { times: number[]; cpu: number[]; value: K } {
  const m = measure(runs, fn);
  return { times: m.times, cpu: m.cpu, value: keep(m.value) };
}

function graphBytes(g: RoadGraph): number {
  let n = 0;
  for (const v of Object.values(g)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
}

/** The node at the nearer end of a point's snapped edge (what both engines answer for). */
function siteNodes(graph: RoadGraph, points: readonly Position[]): Int32Array {
  return Int32Array.from(points, (p) => {
    const s = snapPoint(graph, p[0], p[1], 'walk')!;
    return s.alongM <= graph.edgeLength[s.edge] / 2 ? graph.edgeFrom[s.edge] : graph.edgeTo[s.edge];
  });
}

async function pgRouting(scale: Scale, graph: RoadGraph, sources: Int32Array, targets: Int32Array, runs: number, adminUrl: string): Promise<{ times: number[]; byNode: Map<number, number> }> {
  const name = `onemap_bench_network_${scale}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rows.length === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE');
    // Our graph's own edges: travel towards the shelters means searching from them against the
    // direction of travel, so cost (source → target) is the walk target → source; −1 = closed.
    const cost = (x: number) => (x < Infinity ? x : -1);
    // The stamp covers the node numbers too: the same roads numbered another way are another table.
    let sum = 0;
    let ends = 0;
    for (let e = 0; e < graph.edgeCount; e++) {
      sum += cost(graph.walkBackward[e]) + 2 * cost(graph.walkForward[e]);
      ends = (Math.imul(ends, 31) + graph.edgeFrom[e] * 3 + graph.edgeTo[e]) | 0;
    }
    const stamp = `${graph.edgeCount}:${sum.toFixed(3)}:${ends}`;
    await client.query('CREATE TABLE IF NOT EXISTS meta (stamp text)');
    const known = await client.query<{ stamp: string }>('SELECT stamp FROM meta');
    if (known.rows[0]?.stamp !== stamp) {
      console.error(`loading ${graph.edgeCount} edges into ${name}…`);
      await client.query('DROP TABLE IF EXISTS edges; CREATE TABLE edges (id integer PRIMARY KEY, source integer, target integer, cost float8, reverse_cost float8)');
      for (let i = 0; i < graph.edgeCount; i += 100_000) {
        const ids = Array.from({ length: Math.min(100_000, graph.edgeCount - i) }, (_, k) => i + k);
        await client.query('INSERT INTO edges SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::float8[], $5::float8[])', [
          ids, ids.map((e) => graph.edgeFrom[e]), ids.map((e) => graph.edgeTo[e]), ids.map((e) => cost(graph.walkBackward[e])), ids.map((e) => cost(graph.walkForward[e])),
        ]);
      }
      await client.query('ANALYZE edges; TRUNCATE meta');
      await client.query('INSERT INTO meta VALUES ($1)', [stamp]);
    }
    await client.query('DROP TABLE IF EXISTS starts; CREATE TABLE starts (node integer)');
    await client.query('INSERT INTO starts SELECT DISTINCT unnest($1::int[])', [[...sources]]);
    // A virtual source one past the last node, with a zero-cost edge to each shelter node.
    const virtual = graph.nodeCount;
    const edgesSql = `SELECT id, source, target, cost, reverse_cost FROM edges UNION ALL SELECT ${graph.edgeCount} + node, ${virtual}, node, 0, -1 FROM starts`;
    const wanted = [...new Set(targets)];
    const times: number[] = [];
    let rows: { end_vid: string; agg_cost: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const t = now();
      rows = (await client.query<{ end_vid: string; agg_cost: number }>('SELECT end_vid, agg_cost FROM pgr_dijkstraCost($1, $2::bigint, $3::bigint[], directed => true)', [edgesSql, virtual, wanted])).rows;
      times.push(now() - t);
    }
    const byNode = new Map(rows.map((r) => [Number(r.end_vid), r.agg_cost]));
    return { times, byNode };
  } finally {
    await client.end();
  }
}

/** What the comparison reads of a catchments answer's assignments. */
interface Placements {
  demand: number[];
  shelter: number[];
  households: number[];
}

function placements(r: CatchmentResult): Placements {
  return { demand: r.assignments.map((a) => a.demand_id), shelter: r.assignments.map((a) => a.shelter_id), households: r.assignments.map((a) => a.households) };
}

/** Sites both answers place and send to different shelters, and those only one of them places. */
function shelterChanges(byLine: Placements, byTime: Placements) {
  const lineShelter = new Map(byLine.demand.map((id, i) => [id, byLine.shelter[i]]));
  let sites = 0;
  let households = 0;
  let onlyByTime = 0;
  byTime.demand.forEach((id, i) => {
    const other = lineShelter.get(id);
    if (other === undefined) onlyByTime++;
    else if (other !== byTime.shelter[i]) {
      sites++;
      households += byTime.households[i];
    }
  });
  const timeIds = new Set(byTime.demand);
  const onlyByLine = byLine.demand.filter((id) => !timeIds.has(id)).length;
  return { demand_points_changing_shelter: sites, households_changing_shelter: households, placed_only_by_line: onlyByLine, placed_only_by_time: onlyByTime };
}

/**
 * The graph build, timed. The roads are read here and not kept, as the service's workers keep only
 * the graph: the analyses below then run with the heap they have in the service.
 */
function timedBuild(scale: Scale, runs: number): ReturnType<typeof measure<RoadGraph>> {
  const roads = readRoads(scale);
  return measure(runs, () => buildRoadGraph(roads));
}

async function worker(scale: Scale, runs: number, adminUrl: string | null): Promise<void> {
  const layers = readLayers(scale);
  const usable = new Set<string>(standards.usable_statuses);
  const usableShelters: ShelterCollection = { type: 'FeatureCollection', features: layers.shelters.features.filter((f) => usable.has(f.properties.status)) };
  const sites = layers.sites.features.map((f) => f.geometry.coordinates);
  const shelters = usableShelters.features.map((f) => f.geometry.coordinates);
  const rows: Row[] = [];
  const big = scale === 'province';
  const target = big ? 2000 : 100;
  const add = (step: string, m: { times: number[]; cpu: number[] }, t: number | null, note = '') =>
    rows.push({ step, median: median(m.times), cpu: median(m.cpu), min: Math.min(...m.times), max: Math.max(...m.times), target: t, note });

  const heapBefore = process.memoryUsage();
  const build = timedBuild(scale, big ? 3 : runs);
  const graph = build.value;
  add('graph build', build, big ? 10_000 : null, `${graph.nodeCount} nodes, ${graph.edgeCount} edges, ${graph.vertexLon.length} vertices; ${mb(graphBytes(graph))} of typed arrays`);

  const walk = measure(runs, () => shelterField(graph, shelters, { mode: 'walk' }));
  add('all-shelters search, walk', walk, target, `${shelters.length} open/standby shelters`);
  const drive = measure(runs, () => shelterField(graph, shelters, { mode: 'drive' }));
  add('all-shelters search, drive', drive, target);
  const nearest = measure(runs, () => nearestShelters(graph, walk.value, sites));
  const minutes = [...nearest.value.minutes].filter(Number.isFinite).sort((a, b) => a - b);
  add('nearest shelter of every risk site (snap + answer)', nearest, target, `${sites.length} sites; walking minutes p50 ${minutes[minutes.length >> 1].toFixed(1)}, p90 ${minutes[Math.floor(minutes.length * 0.9)].toFixed(1)}`);
  const kNear = measure(runs, () => kNearestShelters(graph, shelters, sites, { mode: 'walk', k: 3, maxMinutes: 60 }));
  const withAll = kNear.value.count.filter((c) => c === 3).length;
  add('3 nearest within 60 min walk, every site', kNear, target, `${withAll} sites have 3`);
  // A long way: the site at the 90th percentile of walking time, to its nearest shelter.
  const order = [...nearest.value.minutes.keys()].filter((i) => Number.isFinite(nearest.value.minutes[i])).sort((a, b) => nearest.value.minutes[a] - nearest.value.minutes[b]);
  const far = order[Math.floor(order.length * 0.9)];
  const shelterAt = shelters[nearest.value.shelter[far]];
  const route = measure(runs, () => routeToShelter(graph, sites[far], shelterAt, { mode: 'walk' }));
  add('one route (walk, a p90 site)', route, target, `${route.value!.properties.length_m.toFixed(0)} m, ${route.value!.properties.minutes!.toFixed(1)} min, ${route.value!.properties.roads.length} roads`);
  const middle = order[order.length >> 1];
  const iso = measure(runs, () => isochrones(graph, shelters[nearest.value.shelter[middle]], [15, 30, 60], { mode: 'walk' }));
  add('one isochrone (walk 15/30/60 min)', iso, target, `${iso.value.features.map((f) => f.geometry.coordinates.length).join('/')} polygons`);

  // The analyses as the API runs them, by walking time (the default mode), on the graph built above.
  const travel = { graph, mode: 'walk' as const };
  const boundary = cityOutline(layers.towns);
  const radii = serviceRadii(standards);
  const minutesByType = serviceMinutes(standards, 'walk');
  const analysisRuns = big ? 3 : runs;
  const nearestCatch = measureKeeping(
    analysisRuns,
    () => catchments(layers.sites, usableShelters, { method: 'nearest', boundary, serviceRadiusM: radii, travel, serviceMinutes: minutesByType }),
    (r) => ({ placed: r.assignments.length, unplaced: r.unassigned.length, straightLine: r.summary.straight_line }),
  );
  add('catchments, method nearest (analysis, walk)', nearestCatch, target, `${nearestCatch.value.placed} sites placed, ${nearestCatch.value.unplaced} with no way`);
  const capacityCatch = measureKeeping(
    analysisRuns,
    () => catchments(layers.sites, usableShelters, { method: 'capacity', boundary, serviceRadiusM: radii, travel, serviceMinutes: minutesByType }),
    (r) => ({ placedResidents: r.summary.placed_residents, unplaced: r.unassigned.length, placements: placements(r) }),
  );
  add('catchments, method capacity (analysis, walk)', capacityCatch, target, `${capacityCatch.value.placedResidents} residents placed, ${capacityCatch.value.unplaced} sites not`);
  const cover = measureKeeping(
    analysisRuns,
    () => coverage({ ...layers, standards, options: { travel } }),
    (r) => ({ uncoveredSites: r.summary.city.uncovered_sites, straightLine: r.summary.straight_line }),
  );
  add('coverage (analysis, walk)', cover, target, `${cover.value.uncoveredSites} sites uncovered`);

  const memory = { peak: process.resourceUsage().maxRSS * 1024, heapGrowth: process.memoryUsage().heapUsed - heapBefore.heapUsed };

  // What walking changes against the straight line, from the same answers (the straight ones once, untimed).
  const straightCapacity = catchments(layers.sites, usableShelters, { method: 'capacity', boundary, serviceRadiusM: radii });
  const straightCover = coverage({ ...layers, standards });
  const straight = {
    sites: layers.sites.features.length,
    households: layers.sites.features.reduce((n, f) => n + (f.properties.households ?? 0), 0),
    nearest: nearestCatch.value.straightLine,
    capacity: shelterChanges(placements(straightCapacity), capacityCatch.value.placements),
    coverage: { ...cover.value.straightLine, uncoveredByRadius: straightCover.summary.city.uncovered_sites, uncoveredByTime: cover.value.uncoveredSites },
  };

  // The same nearest-shelter answer, node to node, from ours and from pgRouting.
  let comparison: Record<string, unknown> | null = null;
  if (adminUrl) {
    const targets = siteNodes(graph, sites);
    const sources = siteNodes(graph, shelters);
    const ours = measure(big ? 3 : 5, () => {
      const found = searchFromNodes(graph, sources, { mode: 'walk', direction: 'to' });
      return { label: found.label, cost: found.cost };
    });
    try {
      const pgr = await pgRouting(scale, graph, sources, targets, big ? 3 : 5, adminUrl);
      let disagree = 0;
      let unreached = 0;
      for (const node of new Set(targets)) {
        const theirs = pgr.byNode.get(node) ?? Infinity;
        const mine = ours.value.cost[node];
        if (theirs === Infinity && mine === Infinity) unreached++;
        // Same graph, same float costs: only the order of additions may differ.
        else if (!(Math.abs(mine - theirs) <= 1e-6 * Math.max(1, theirs))) disagree++;
      }
      const verdict = median(ours.times) < median(pgr.times) ? 'Faster than pgRouting: met.' : 'Faster than pgRouting: MISSED.';
      comparison = { ours: median(ours.times), oursCpu: median(ours.cpu), pgr: median(pgr.times), pgrTimes: pgr.times, disagree, unreached, checked: new Set(targets).size, verdict };
    } catch (e) {
      comparison = { error: (e as Error).message };
    }
  }
  process.stdout.write(JSON.stringify({ rows, memory, comparison, straight }));
}

type StraightLine = {
  sites: number;
  households: number;
  nearest?: { demand_points_changing_shelter: number; households_changing_shelter: number };
  capacity: ReturnType<typeof shelterChanges>;
  coverage: { newly_uncovered_sites?: number; newly_uncovered_residents?: number; newly_uncovered_villages?: number; uncoveredByRadius: number; uncoveredByTime: number };
};

function printStraightLine(s: StraightLine): void {
  const n = (x: number | undefined) => (x ?? 0).toLocaleString('en');
  console.log(`\nWalking along the roads against the straight line (${n(s.sites)} risk sites, ${n(s.households)} households):\n`);
  console.log('| answer | sites | households or residents |');
  console.log('|---|---:|---:|');
  console.log(`| catchments nearest: sent to another shelter | ${n(s.nearest?.demand_points_changing_shelter)} | ${n(s.nearest?.households_changing_shelter)} households |`);
  console.log(`| catchments capacity: placed by both, at another shelter | ${n(s.capacity.demand_points_changing_shelter)} | ${n(s.capacity.households_changing_shelter)} households |`);
  console.log(`| catchments capacity: placed by the radius only / by the minutes only | ${n(s.capacity.placed_only_by_line)} / ${n(s.capacity.placed_only_by_time)} | |`);
  console.log(`| coverage: covered by a radius, not within the walking minutes | ${n(s.coverage.newly_uncovered_sites)} | ${n(s.coverage.newly_uncovered_residents)} residents |`);
  console.log(`| coverage: uncovered by radius / by walking time | ${n(s.coverage.uncoveredByRadius)} / ${n(s.coverage.uncoveredByTime)} | |`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'both' }, runs: { type: 'string' }, worker: { type: 'string' }, db: { type: 'string' } } });
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (values.worker) return worker(values.worker as Scale, Number(values.runs), values.db === 'none' ? null : adminUrl);
  const scales: Scale[] = values.scale === 'both' ? ['county', 'province'] : [values.scale as Scale];
  for (const scale of scales) {
    datasetDir(scale);
    const runs = Number(values.runs ?? (scale === 'county' ? 9 : 5));
    const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', process.argv[1], '--worker', scale, '--runs', String(runs)], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const r = JSON.parse(out) as { rows: Row[]; memory: { peak: number; heapGrowth: number }; comparison: Record<string, number | number[] | string> | null; straight: StraightLine };
    console.log(`\n## ${scale} scale (median of ${runs} runs; graph build ${scale === 'province' ? 3 : runs}; peak RSS of the process ${mb(r.memory.peak)}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)\n`);
    // On a shared machine the wall time waits for a core; the CPU time says what the step costs.
    console.log('| step | median wall | median CPU | runs (min–max wall) | target | met (wall / CPU) | notes |');
    console.log('|---|---:|---:|---:|---|---|---|');
    for (const row of r.rows) {
      const met = (ms: number) => (row.target === null ? '—' : ms < row.target ? 'met' : 'MISSED');
      const t = row.target === null ? '—' : `< ${fmt(row.target)}`;
      console.log(`| ${row.step} | ${fmt(row.median)} | ${fmt(row.cpu)} | ${fmt(row.min)}–${fmt(row.max)} | ${t} | ${met(row.median)} / ${met(row.cpu)} | ${row.note} |`);
    }
    printStraightLine(r.straight);
    const c = r.comparison;
    if (!c) continue;
    if ('error' in c) {
      console.log(`\npgRouting comparison skipped: ${c.error}`);
      continue;
    }
    const ours = c.ours as number;
    const pgr = c.pgr as number;
    console.log('\nWalking time from every risk site’s node to its nearest shelter node, all shelters at once, on the same graph:\n');
    console.log('| engine | median | ratio (OneMap ÷ pgRouting) | disagreements |');
    console.log('|---|---:|---:|---|');
    console.log(
      `| OneMap searchFromNodes | ${fmt(ours)} (CPU ${fmt(c.oursCpu as number)}) | ${(ours / pgr).toFixed(3)} | ${c.disagree} of ${c.checked} site nodes (${c.unreached} reached by neither) |`,
    );
    console.log(`| pgRouting pgr_dijkstraCost, one-to-many from a virtual source | ${fmt(pgr)} | 1 | |`);
    console.log(`\npgRouting: the query's wall time as the client sees it (runs ${(c.pgrTimes as number[]).map(fmt).join(', ')}); ${(pgr / ours).toFixed(1)}× our wall time. ${c.verdict}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
