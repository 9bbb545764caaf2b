/**
 * A database template migrated and loaded with the county sample, made once per test run:
 * each test file then starts from its own copy (a PGlite folder copy, or a PostgreSQL
 * CREATE DATABASE … TEMPLATE), so tests never see each other's writes.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../data/sample/county');

export function templateLocation(databaseUrl: string | undefined): string {
  if (databaseUrl) return `onemap_tpl_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  return path.join(os.tmpdir(), `onemap-tpl-${process.pid}-${crypto.randomBytes(3).toString('hex')}`);
}

/** URL of another database on the same server as `url`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
