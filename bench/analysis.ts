/**
 * `npm run bench`: the analyses at county and province scale (median of several runs and the
 * peak memory of each, measured in a process of its own), then the same catchment and coverage
 * answers computed naively with Turf over all pairs and in PostGIS with KNN SQL, side by side
 * in this run, with our time as a ratio to each and a check that the answers agree.
 *
 *   npm run bench                       # both scales
 *   npm run bench -- --scale county     # one scale
 *   BENCH_DATABASE_URL=postgres://… npm run bench   # PostGIS server for the SQL comparison
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { distance, point } from '@turf/turf';
import type { Knex } from 'knex';
import { catchments } from '../server/analysis/catchments.ts';
import { coverage } from '../server/analysis/coverage.ts';
import { evacuationPlan } from '../server/analysis/evacuation-plan.ts';
import { siting } from '../server/analysis/siting.ts';
import { DEFAULT_STANDARDS, serviceRadii } from '../server/analysis/standards.ts';
import type { ShelterCollection, ShelterFeature } from '../server/analysis/types.ts';
import { cityOutline, type AnalysisLayers } from '../server/analysis-api/analysis-inputs.ts';
import { postgisWith, readLayers, type Scale } from './analysis-data.ts';
import { median, peakRssMb, rssMb } from './support/stats.ts';

/** The layers the straight-line analyses read. */
type CityData = Omit<AnalysisLayers, 'roads'>;

const standards = DEFAULT_STANDARDS;
const radii = serviceRadii(standards);
const ANALYSES = ['catchments nearest', 'catchments capacity', 'coverage', 'siting 20 new', 'evacuation plan'] as const;
type Analysis = (typeof ANALYSES)[number];

function usable(shelters: ShelterCollection): ShelterCollection {
  const ok = new Set<string>(standards.usable_statuses);
  return { type: 'FeatureCollection', features: shelters.features.filter((s) => ok.has(s.properties.status)) };
}

/** A 0.2° × 0.2° warning area (about 20 × 22 km) around the median risk site. */
function warningArea(layers: CityData) {
  const xs = layers.sites.features.map((f) => f.geometry.coordinates[0]).sort((a, b) => a - b);
  const ys = layers.sites.features.map((f) => f.geometry.coordinates[1]).sort((a, b) => a - b);
  const [x, y] = [xs[xs.length >> 1], ys[ys.length >> 1]];
  return { type: 'Polygon' as const, coordinates: [[[x - 0.1, y - 0.1], [x + 0.1, y - 0.1], [x + 0.1, y + 0.1], [x - 0.1, y + 0.1], [x - 0.1, y - 0.1]]] };
}

function runner(layers: CityData, analysis: Analysis): () => unknown {
  const shelters = usable(layers.shelters);
  const boundary = cityOutline(layers.towns); // cached per towns snapshot by the service too
  switch (analysis) {
    case 'catchments nearest':
      return () => catchments(layers.sites, shelters, { method: 'nearest', boundary, serviceRadiusM: radii });
    case 'catchments capacity':
      return () => catchments(layers.sites, shelters, { method: 'capacity', boundary, serviceRadiusM: radii });
    case 'coverage':
      return () => coverage({ ...layers, standards });
    case 'siting 20 new':
      return () => siting({ ...layers, count: 20, shelterType: 'short_term', standards });
    case 'evacuation plan': {
      const area = warningArea(layers);
      return () => evacuationPlan({ ...layers, warningArea: area, serviceRadiusM: radii });
    }
  }
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

/** Worker: one analysis at one scale, in a fresh process so that its peak memory is its own. */
function worker(scale: Scale, analysis: Analysis, runs: number): void {
  const layers = readLayers(scale);
  const run = runner(layers, analysis);
  const baseRss = rssMb();
  // Two untimed runs first, so that the median measures compiled code, not the JIT warming up.
  run();
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(time(run).ms);
  const peak = peakRssMb();
  process.stdout.write(JSON.stringify({ median_ms: median(times), times, peak_mb: peak, over_data_mb: Math.max(0, peak - baseRss) }));
}

// ── the same answers computed two other ways ──────────────────────────────────────────────

/** Nearest usable shelter of each site by Turf over all pairs. */
function naiveNearest(sites: AnalysisLayers['sites']['features'], shelters: ShelterFeature[]): Map<number, { id: number; d: number }> {
  const out = new Map<number, { id: number; d: number }>();
  const sp = shelters.map((s) => point(s.geometry.coordinates));
  for (const site of sites) {
    const p = point(site.geometry.coordinates);
    let best = { id: -1, d: Infinity };
    for (let j = 0; j < shelters.length; j++) {
      const d = distance(p, sp[j], { units: 'meters' });
      if (d < best.d) best = { id: shelters[j].id, d };
    }
    out.set(site.id, best);
  }
  return out;
}

/** Sites beyond the service radius of every usable shelter, by Turf over all pairs. */
function naiveUncovered(sites: AnalysisLayers['sites']['features'], shelters: ShelterFeature[]): Set<number> {
  const sp = shelters.map((s) => ({ p: point(s.geometry.coordinates), r: radii[s.properties.shelter_type] }));
  const out = new Set<number>();
  for (const site of sites) {
    const p = point(site.geometry.coordinates);
    if (!sp.some((s) => distance(p, s.p, { units: 'meters' }) <= s.r)) out.add(site.id);
  }
  return out;
}

const USABLE_SQL = `status IN ('open', 'standby')`;

async function sqlNearest(knex: Knex): Promise<Map<number, { id: number; d: number }>> {
  // KNN on the GiST index for candidates, then the great-circle (sphere) distance decides.
  const r = await knex.raw<{ rows: Array<{ site: number; shelter: number; d: number }> }>(`
    SELECT s.id AS site, n.id AS shelter, n.d
      FROM risk_sites s
     CROSS JOIN LATERAL (
       SELECT c.id, ST_Distance(c.geom::geography, s.geom::geography, false) AS d
         FROM (SELECT id, geom FROM shelters WHERE ${USABLE_SQL} ORDER BY geom <-> s.geom LIMIT 8) c
        ORDER BY d LIMIT 1) n`);
  return new Map(r.rows.map((row) => [row.site, { id: row.shelter, d: row.d }]));
}

async function sqlUncovered(knex: Knex): Promise<Set<number>> {
  const radius = `CASE sh.shelter_type ${Object.entries(radii).map(([t, m]) => `WHEN '${t}' THEN ${m}`).join(' ')} END`;
  const r = await knex.raw<{ rows: Array<{ id: number }> }>(`
    SELECT s.id FROM risk_sites s
     WHERE NOT EXISTS (
       SELECT 1 FROM shelters sh
        WHERE sh.${USABLE_SQL}
          AND sh.geom && ST_Expand(s.geom, 0.03)   -- 0.03° > 2.5 km at these latitudes: lets the index work
          AND ST_DWithin(sh.geom::geography, s.geom::geography, ${radius}, false))`);
  return new Set(r.rows.map((row) => row.id));
}

function agreeNearest(a: Map<number, { id: number; d: number }>, b: Map<number, { id: number; d: number }>, ids: number[]): number {
  // A tie (two shelters equally near) may be broken either way: compare distances.
  return ids.filter((id) => Math.abs((a.get(id)?.d ?? NaN) - (b.get(id)?.d ?? NaN)) > 0.5).length;
}

function agreeSets(a: Set<number>, b: Set<number>, ids: number[]): number {
  return ids.filter((id) => a.has(id) !== b.has(id)).length;
}

async function compare(scale: Scale, runs: number, adminUrl: string) {
  const layers = readLayers(scale);
  const shelters = usable(layers.shelters);
  const boundary = cityOutline(layers.towns);
  const sites = layers.sites.features;
  // Turf over all pairs at province scale would take minutes: time it on a slice and scale up.
  const slice = scale === 'province' ? sites.slice(0, 2000) : sites;
  const factor = sites.length / slice.length;
  const ids = slice.map((s) => s.id);

  catchments(layers.sites, shelters, { method: 'nearest', boundary, serviceRadiusM: radii }); // warm-up
  coverage({ ...layers, standards });
  const ours = { nearest: [] as number[], coverage: [] as number[] };
  let ourNearest = new Map<number, { id: number; d: number }>();
  let ourUncovered = new Set<number>();
  for (let i = 0; i < runs; i++) {
    const c = time(() => catchments(layers.sites, shelters, { method: 'nearest', boundary, serviceRadiusM: radii }));
    ours.nearest.push(c.ms);
    ourNearest = new Map(c.value.assignments.map((a) => [a.demand_id, { id: a.shelter_id, d: a.distance_m }]));
    const v = time(() => coverage({ ...layers, standards }));
    ours.coverage.push(v.ms);
    ourUncovered = new Set(v.value.uncovered.features.filter((f) => f.properties.demand_type === 'risk_site').map((f) => f.properties.source_id));
  }

  const naive = { nearest: [] as number[], coverage: [] as number[] };
  let naiveN = new Map<number, { id: number; d: number }>();
  let naiveU = new Set<number>();
  const naiveRuns = scale === 'province' ? 1 : runs;
  for (let i = 0; i < naiveRuns; i++) {
    const n = time(() => naiveNearest(slice, shelters.features));
    naive.nearest.push(n.ms * factor);
    naiveN = n.value;
    const u = time(() => naiveUncovered(slice, shelters.features));
    naive.coverage.push(u.ms * factor);
    naiveU = u.value;
  }

  const knex = await postgisWith(scale, adminUrl);
  const sql = { nearest: [] as number[], coverage: [] as number[] };
  let sqlN = new Map<number, { id: number; d: number }>();
  let sqlU = new Set<number>();
  try {
    for (let i = 0; i < runs; i++) {
      let t = process.hrtime.bigint();
      sqlN = await sqlNearest(knex);
      sql.nearest.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      sqlU = await sqlUncovered(knex);
      sql.coverage.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  } finally {
    await knex.destroy();
  }
  const allIds = sites.map((s) => s.id);
  return {
    nearest: {
      ours: median(ours.nearest), naive: median(naive.nearest), sql: median(sql.nearest),
      disagree_naive: agreeNearest(ourNearest, naiveN, ids), disagree_sql: agreeNearest(ourNearest, sqlN, allIds), checked_naive: ids.length, checked_sql: allIds.length,
    },
    coverage: {
      ours: median(ours.coverage), naive: median(naive.coverage), sql: median(sql.coverage),
      disagree_naive: agreeSets(ourUncovered, naiveU, ids), disagree_sql: agreeSets(ourUncovered, sqlU, allIds), checked_naive: ids.length, checked_sql: allIds.length,
      uncovered: ourUncovered.size,
    },
    naive_extrapolated: factor > 1 ? `×${factor} from ${slice.length} sites` : 'all sites',
  };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: 'both' }, runs: { type: 'string' }, worker: { type: 'string' }, analysis: { type: 'string' } },
  });
  if (values.worker) return worker(values.worker as Scale, values.analysis as Analysis, Number(values.runs));
  const scales: Scale[] = values.scale === 'both' ? ['county', 'province'] : [values.scale as Scale];
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const targets: Record<Scale, number> = { county: 100, province: 2000 };

  for (const scale of scales) {
    const runs = Number(values.runs ?? (scale === 'county' ? 9 : 5));
    const layers = readLayers(scale);
    console.log(
      `\n## ${scale} scale: ${layers.sites.features.length} risk sites, ${layers.shelters.features.length} shelters, ` +
        `${layers.zones.features.length} hazard zones, ${layers.villages.features.length} villages, ${layers.towns.features.length} towns (median of ${runs} runs)\n`,
    );
    console.log('| analysis | median | runs (min–max) | peak RSS | over data | target |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const analysis of ANALYSES) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', process.argv[1], '--worker', scale, '--analysis', analysis, '--runs', String(runs)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out) as { median_ms: number; times: number[]; peak_mb: number; over_data_mb: number };
      const ok = r.median_ms < targets[scale] ? 'met' : 'MISSED';
      console.log(`| ${analysis} | ${fmt(r.median_ms)} | ${fmt(Math.min(...r.times))}–${fmt(Math.max(...r.times))} | ${r.peak_mb.toFixed(0)} MB | ${r.over_data_mb.toFixed(0)} MB | < ${fmt(targets[scale])}: ${ok} |`);
    }
    const c = await compare(scale, scale === 'county' ? 5 : 3, adminUrl);
    console.log(`\nSame answers three ways (naive Turf: ${c.naive_extrapolated}; PostGIS: KNN SQL, no HTTP):\n`);
    console.log('| answer | OneMap | naive Turf all pairs | ratio | PostGIS KNN SQL | ratio | disagreements (naive / SQL) |');
    console.log('|---|---:|---:|---:|---:|---:|---|');
    for (const [name, row] of [['nearest shelter of every site (catchments nearest)', c.nearest], ['sites beyond every radius (coverage)', c.coverage]] as const) {
      console.log(
        `| ${name} | ${fmt(row.ours)} | ${fmt(row.naive)} | ${(row.ours / row.naive).toFixed(3)} | ${fmt(row.sql)} | ${(row.ours / row.sql).toFixed(3)} | ` +
          `${row.disagree_naive} of ${row.checked_naive} / ${row.disagree_sql} of ${row.checked_sql} |`,
      );
    }
    console.log(`\n(ratio = OneMap time ÷ other time; OneMap's time is the whole analysis call, which computes more than the compared answer. Uncovered sites: ${c.coverage.uncovered}.)`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
