import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { createApp } from '../../server/app/app.ts';
import { adminQuery, withDatabase } from '../helpers/template.ts';

const run = promisify(execFile);
const url = process.env.DATABASE_URL || undefined;
const name = `onemap_cli_${crypto.randomBytes(4).toString('hex')}`;
const dataDir = path.join(os.tmpdir(), name);
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function prepare(): Promise<Record<string, string>> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  if (url) {
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${inject('dbTemplate')}`);
    cleanups.push(() => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    env.DATABASE_URL = withDatabase(url, name);
  } else {
    fs.cpSync(inject('dbTemplate'), dataDir, { recursive: true });
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    env.DATA_DIR = dataDir;
  }
  return env;
}

// The command starts tsx and opens the database: seconds on a loaded machine.
describe('npm run --silent token -- create', { timeout: 300_000 }, () => {
  it('prints the new token alone on stdout, and the token can write', async () => {
    const env = await prepare();
    const { stdout } = await run('npm', ['run', '--silent', 'token', '--', 'create', '--role', 'planner', '--name', 'cli-test'], { env, timeout: 240_000 });
    expect(stdout).toMatch(/^om_[A-Za-z0-9_-]{43}\n$/);
    const db = await openDatabase({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: dataDir, DB_POOL_MAX: 2, STATEMENT_TIMEOUT_MS: 10_000 });
    try {
      const { app } = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb' }, log: () => {} });
      await request(app)
        .post('/ogc/collections/depots/items')
        .set('Authorization', `Bearer ${stdout.trim()}`)
        .send({ type: 'Feature', geometry: { type: 'Point', coordinates: [110.95, 22.36] }, properties: { code: 'CLI-1', name: '测试库', tier: 'village' } })
        .expect(201);
    } finally {
      await db.close();
    }
  });

  it.skipIf(url !== undefined)('refuses, with a clear message, while a server holds the embedded database', async () => {
    const env = await prepare();
    // This test process stands in for a running server holding the folder.
    fs.writeFileSync(path.join(dataDir, 'onemap.pid'), String(process.pid));
    const err = await run('npm', ['run', '--silent', 'token', '--', 'create', '--role', 'admin', '--name', 'x'], { env, timeout: 240_000 }).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toBe('');
    expect(err?.stderr).toMatch(/in use by process \d+/);
  });
});
