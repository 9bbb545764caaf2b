/**
 * `npm run bench:import`: how long importing 100,000 points takes, and the memory it needs.
 *
 * Writes a 100,000-row sheet of slope-cut housing risk sites (CSV, lon/lat columns) and
 * the same rows as GeoJSON, then commits each into an empty database — embedded PGlite and,
 * when PostgreSQL is reachable, PostGIS — through the same code path as the HTTP import and
 * the CLI. Each run is a fresh child process, so its peak resident memory (maxRSS) is that
 * import's own; the JavaScript heap is sampled too, to show the file is never held whole.
 * Prints the median of the runs per case.
 *
 *   npm run bench:import
 *   npm run bench:import -- --rows 100000 --runs 3 --formats csv,geojson
 *   BENCH_IMPORT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../server/db/connect.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { FeatureRepository } from '../server/layers/repository.ts';
import { importFile } from '../server/import/import-file.ts';
import { LayerChanges } from '../server/layers/changes.ts';
import { riskSites } from '../server/layers/risk-sites.ts';
import { heapUsedMb, median, peakRssMb } from './support/stats.ts';

const here = fileURLToPath(import.meta.url);
const ADMIN_URL = process.env.BENCH_IMPORT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface RunResult {
  seconds: number;
  rows: number;
  maxRssMb: number;
  heapPeakMb: number;
}

/** The bench files: the same rows as a CSV sheet (Chinese labels, as town offices write them) and as GeoJSON. */
function writeFiles(dir: string, rows: number): Record<string, string> {
  const csv = path.join(dir, 'sites.csv');
  const geojson = path.join(dir, 'sites.geojson');
  const status = ['未整治', '整治中', '已整治'];
  const c = fs.openSync(csv, 'w');
  const g = fs.openSync(geojson, 'w');
  fs.writeSync(c, 'code,town_code,village,households,residents,slope_height_m,slope_angle_deg,rectification_status,lon,lat\n');
  fs.writeSync(g, '{"type":"FeatureCollection","features":[\n');
  let seed = 1;
  const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const lines: string[] = [];
  const feats: string[] = [];
  for (let i = 0; i < rows; i++) {
    const lon = +(110.68 + rand() * 1.0).toFixed(6);
    const lat = +(22.19 + rand() * 0.52).toFixed(6);
    const p = { code: `XP-BENCH-${String(i).padStart(6, '0')}`, town_code: `4409831${String(1 + (i % 20)).padStart(2, '0')}`, village: `村${i % 400}`, households: 1 + (i % 5), residents: 2 + (i % 9), slope_height_m: +(2 + rand() * 10).toFixed(1), slope_angle_deg: 40 + (i % 45), rectification_status: status[i % 3] };
    lines.push(`${Object.values(p).join(',')},${lon},${lat}`);
    feats.push(`${i ? ',' : ''}{"type":"Feature","geometry":{"type":"Point","coordinates":[${lon},${lat}]},"properties":${JSON.stringify(p)}}\n`);
    if (lines.length === 5000 || i === rows - 1) {
      fs.writeSync(c, new TextEncoder().encode(`${lines.join('\n')}\n`));
      fs.writeSync(g, feats.join(''));
      lines.length = 0;
      feats.length = 0;
    }
  }
  fs.writeSync(g, ']}\n');
  fs.closeSync(c);
  fs.closeSync(g);
  return { csv, geojson };
}

async function child(file: string, url: string | undefined): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-bench-import-'));
  const db = await openDatabase({ DATABASE_URL: url, DATA_DIR: dataDir, DB_POOL_MAX: 2, STATEMENT_TIMEOUT_MS: 600_000 });
  let heapPeak = 0;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heapUsedMb())), 50);
  try {
    await migrateLatest(db.knex);
    const deps = { knex: db.knex, repo: new FeatureRepository(db.knex), changes: new LayerChanges() };
    const limits = { maxUploadBytes: 1e10, maxDecompressedBytes: 1e10, maxColumns: 500, maxRows: 10_000_000, maxOsmNodes: 1e6 };
    const started = process.hrtime.bigint();
    const report = await importFile(deps, file, { columns: {} }, { layer: riskSites, mode: 'commit', onDuplicate: 'reject', repair: false, fileName: path.basename(file), by: 'bench', limits });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.outcome !== 'committed') throw new Error(`import ${report.outcome}: ${JSON.stringify(report.rows.find((r) => r.action === 'reject'))}`);
    const result: RunResult = { seconds, rows: report.counts.inserted, maxRssMb: peakRssMb(), heapPeakMb: heapPeak };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    clearInterval(sampler);
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgisReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, formats: { type: 'string', default: 'csv,geojson' }, child: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' } } });
  if (values.child) return child(values.file!, values.url);
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-bench-files-'));
  const files = writeFiles(dir, rows);
  const backends: Array<[string, boolean]> = [['pglite', true], ['postgis', await postgisReachable()]];
  const table: string[][] = [];
  try {
    for (const format of values.formats.split(',')) {
      const file = files[format];
      if (!file) throw new Error(`unknown format ${format}`);
      const mb = fs.statSync(file).size / 1024 / 1024;
      for (const [backend, available] of backends) {
        if (!available) {
          table.push([format, backend, 'skipped (PostgreSQL not reachable)', '', '', '', '']);
          continue;
        }
        const results: RunResult[] = [];
        for (let i = 0; i < runs; i++) {
          let url: string | undefined;
          const name = `onemap_bench_import_${crypto.randomBytes(3).toString('hex')}`;
          if (backend === 'postgis') {
            await admin(`CREATE DATABASE ${name}`);
            const u = new URL(ADMIN_URL);
            u.pathname = `/${name}`;
            url = u.toString();
          }
          try {
            const out = execFileSync(process.execPath, ['--import', 'tsx', here, '--child', backend, '--file', file, ...(url ? ['--url', url] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
            const r = JSON.parse(out.trim().split('\n').pop()!) as RunResult;
            results.push(r);
            console.error(`${format} ${backend} run ${i + 1}: ${r.rows} rows in ${r.seconds.toFixed(1)} s, maxRSS ${r.maxRssMb.toFixed(0)} MB, heap peak ${r.heapPeakMb.toFixed(0)} MB`);
          } finally {
            if (url) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          }
        }
        const s = median(results.map((r) => r.seconds));
        table.push([format, backend, `${mb.toFixed(1)} MB`, String(results[0].rows), s.toFixed(1), String(Math.round(results[0].rows / s)), `${median(results.map((r) => r.maxRssMb)).toFixed(0)} MB / ${median(results.map((r) => r.heapPeakMb)).toFixed(0)} MB`]);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const head = ['format', 'backend', 'file', 'rows', `seconds (median of ${runs})`, 'rows/s', 'peak RSS / JS heap'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of table) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
