import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { createApp } from '../../server/app/app.ts';
import { adminQuery, withDatabase } from '../helpers/template.ts';

const url = process.env.DATABASE_URL || undefined;
const name = `onemap_ucli_${crypto.randomBytes(4).toString('hex')}`;
const dataDir = path.join(os.tmpdir(), name);
const env: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;

beforeAll(async () => {
  if (url) {
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${inject('dbTemplate')}`);
    env.DATABASE_URL = withDatabase(url, name);
  } else {
    fs.cpSync(inject('dbTemplate'), dataDir, { recursive: true });
    env.DATA_DIR = dataDir;
  }
});
afterAll(async () => {
  if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `npm run --silent user -- ARGS` with `input` piped to stdin. */
function user(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'user', '--', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function canLogin(username: string, password: string): Promise<{ status: number; role?: string }> {
  const db = await openDatabase({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: dataDir, DB_POOL_MAX: 2, STATEMENT_TIMEOUT_MS: 10_000 });
  try {
    const { app } = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb' }, log: () => {} });
    const res = await request(app).post('/api/auth/login').send({ username, password });
    return { status: res.status, role: res.body.role as string | undefined };
  } finally {
    await db.close();
  }
}

// Each command starts tsx and opens the database: several seconds each on a loaded machine.
describe('npm run --silent user -- …', { timeout: 300_000 }, () => {
  it('create takes the password from stdin; the user can sign in with that role', async () => {
    const r = await user(['create', '--role', 'admin', '--name', 'chen.admin'], 'a long pass phrase\n');
    expect(r.stderr).toContain('created user chen.admin (admin)');
    expect(r.code).toBe(0);
    expect(await canLogin('chen.admin', 'a long pass phrase')).toEqual({ status: 200, role: 'admin' });
  });

  it('create takes --password too', async () => {
    const r = await user(['create', '--role', 'geohazard', '--name', 'wang.geo', '--password', 'another long phrase']);
    expect(r.code).toBe(0);
    expect(await canLogin('wang.geo', 'another long phrase')).toEqual({ status: 200, role: 'geohazard' });
  });

  it('refuses a weak password, an unknown role and a taken name, with a clear message and a failing exit code', async () => {
    const weak = await user(['create', '--role', 'planner', '--name', 'li.p'], 'short\n');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('password must be at least 10 characters');
    const role = await user(['create', '--role', 'root', '--name', 'li.p'], 'a long pass phrase\n');
    expect(role.code).not.toBe(0);
    expect(role.stderr).toContain('--role must be one of admin, planner, geohazard');
    const taken = await user(['create', '--role', 'planner', '--name', 'CHEN.ADMIN'], 'a long pass phrase\n');
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('a user named CHEN.ADMIN exists');
  });

  it('list, password and disable', async () => {
    const list = await user(['list']);
    expect(list.stdout).toMatch(/^\d+\tchen\.admin\tadmin\tenabled$/m);
    expect((await user(['password', '--name', 'wang.geo'], 'a changed long phrase\n')).code).toBe(0);
    expect((await canLogin('wang.geo', 'a changed long phrase')).status).toBe(200);
    expect((await user(['disable', '--name', 'wang.geo'])).code).toBe(0);
    expect((await canLogin('wang.geo', 'a changed long phrase')).status).toBe(401);
    expect((await user(['list'])).stdout).toMatch(/\twang\.geo\tgeohazard\tdisabled$/m);
  });
});
