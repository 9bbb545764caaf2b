/**
 * Datasets for the benchmarks: the committed county sample and the generated province set,
 * read into memory with the ids a database load gives them (1…n in file order), and, for the
 * comparison with PostGIS, loaded once into a database of their own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { repoRoot } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { loadDataset } from '../server/layers/load-dataset.ts';
import type { AnalysisLayers } from '../server/analysis-api/analysis-inputs.ts';
import { readCityLayers } from '../tests/fixtures/tiny-city.ts';

export type Scale = 'county' | 'province';

export function datasetDir(scale: Scale): string {
  if (scale === 'county') return path.join(repoRoot, 'data/sample/county');
  const dir = path.join(repoRoot, 'data/generated/province');
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    console.error('generating the province dataset (seed 1)…');
    execFileSync('npx', ['tsx', 'data/generate/cli.ts', '--scale', 'province', '--seed', '1', '--out', dir], { cwd: repoRoot, stdio: 'inherit' });
  }
  return dir;
}

/** Every layer with ids 1…n, as a fresh database load numbers them. */
export function readLayers(scale: Scale): Omit<AnalysisLayers, 'roads'> {
  return readCityLayers(datasetDir(scale), { numberIds: true });
}

/**
 * A PostGIS database holding the dataset (created and loaded on first use, reused after).
 * `adminUrl` reaches any database of the server, e.g. postgres://postgres@127.0.0.1:5432/postgres.
 */
export async function postgisWith(scale: Scale, adminUrl: string): Promise<Knex> {
  const name = `onemap_bench_${scale}`;
  const admin = await openDatabase({ DATABASE_URL: adminUrl, DATA_DIR: '', DB_POOL_MAX: 1, STATEMENT_TIMEOUT_MS: 600_000 });
  const exists = await admin.knex.raw<{ rows: unknown[] }>('SELECT 1 FROM pg_database WHERE datname = ?', [name]);
  if (exists.rows.length === 0) await admin.knex.raw(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ DATABASE_URL: url.toString(), DATA_DIR: '', DB_POOL_MAX: 2, STATEMENT_TIMEOUT_MS: 600_000 });
  await migrateLatest(db.knex);
  const manifest = JSON.parse(fs.readFileSync(path.join(datasetDir(scale), 'manifest.json'), 'utf8')) as { counts: Record<string, number> };
  const [{ n }] = await db.knex('risk_sites').count<Array<{ n: string }>>({ n: '*' });
  if (Number(n) !== manifest.counts.risk_sites) {
    console.error(`loading the ${scale} dataset into ${name}…`);
    await loadDataset(db.knex, datasetDir(scale), 'bench');
    await db.knex.raw('ANALYZE');
  }
  return db.knex;
}
