/**
 * The province dataset in a PostGIS database for the benches that need one (load, surge):
 * the database is created, and the province set generated and loaded, when missing (minutes, once).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from '../../server/config.ts';

export const PROVINCE_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/onemap_bench_load';
export const PROVINCE_DIR = path.join(repoRoot, 'data/generated/province');

export async function ensureProvinceDatabase(databaseUrl: string): Promise<void> {
  const u = new URL(databaseUrl);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const loaded = exists && (await db.query("SELECT to_regclass('risk_sites') AS t")).rows[0].t !== null && Number((await db.query('SELECT count(*) AS n FROM risk_sites')).rows[0].n) >= 100_000;
  // Planner statistics as autovacuum would leave them some minutes after a bulk load: without
  // them PostgreSQL may pick poor plans for the bbox queries of a freshly loaded database.
  if (loaded) await db.query('ANALYZE');
  await db.end();
  if (loaded) return;
  if (!fs.existsSync(path.join(PROVINCE_DIR, 'risk_sites.geojson'))) {
    console.error('generating the province dataset…');
    execFileSync('npx', ['tsx', 'data/generate/cli.ts', '--scale', 'province', '--seed', '1', '--out', PROVINCE_DIR], { cwd: repoRoot, stdio: 'inherit' });
  }
  console.error(`loading the province dataset into ${name}…`);
  execFileSync('npx', ['tsx', 'server/cli/onemap.ts', 'load', PROVINCE_DIR], { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrl } });
  await ensureProvinceDatabase(databaseUrl);
}
