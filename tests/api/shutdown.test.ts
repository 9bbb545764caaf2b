/**
 * SIGTERM on the real server process: it stops accepting connections, finishes the requests in
 * flight, closes the database and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { createToken } from '../../server/auth/tokens.ts';
import { adminQuery, withDatabase } from '../helpers/template.ts';

const url = process.env.DATABASE_URL || undefined;
const name = `onemap_stop_${crypto.randomBytes(4).toString('hex')}`;
const dataDir = path.join(os.tmpdir(), name);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Its own copy of the sample database, and a planner token in it. */
async function prepare(): Promise<{ env: Record<string, string>; token: string }> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), LOAD_SAMPLE: 'never', LOG_LEVEL: 'info', HOST: '127.0.0.1' };
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
  const db = await openDatabase({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: dataDir, DB_POOL_MAX: 1, STATEMENT_TIMEOUT_MS: 10_000 });
  try {
    return { env, token: (await createToken(db.knex, 'shutdown-planner', 'planner')).token };
  } finally {
    await db.close();
  }
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  // Node itself with tsx's loader, as the README says to run it under a service manager: the signal
  // reaches the server process directly (npm's shell would not pass it on, and the tsx command
  // kills a child that does not acknowledge a relayed signal within 30 ms — a busy start may not).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  // A failed test must not leave a server behind.
  cleanups.push(async () => void (child.exitCode === null && child.kill('SIGINT')));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', () => {
      if (out.includes('OneMap is running at')) {
        clearTimeout(t);
        resolve({ child, output: () => out });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${out}`)));
  });
}

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('SIGTERM', () => {
  it('stops accepting, finishes the request in flight, closes the database, exits 0', async () => {
    const { env, token } = await prepare();
    const port = await freePort();
    const { child, output } = await startServer({ ...env, PORT: String(port) });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // A write whose body arrives slowly: in flight when the signal comes.
    const body = JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [110.93, 22.36] },
      properties: { code: 'SIGTERM-1', name: '停机测试', shelter_type: 'emergency', level: 'village', capacity: 50, status: 'open' },
    });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/ogc/collections/shelters/items', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}` } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 40));
      setTimeout(() => {
        child.kill('SIGTERM');
        // New connections are refused while the request is still in flight…
        setTimeout(async () => {
          try {
            expect(await connects(port)).toBe(false);
            expect(child.exitCode).toBeNull();
            req.end(body.slice(40));
          } catch (e) {
            reject(e as Error);
          }
        }, 1500);
      }, 500);
    });

    // …and the request is finished, not cut off.
    const res = await answer;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).properties.code).toBe('SIGTERM-1');
    expect(await exited).toBe(0);
    expect(output()).toContain('SIGTERM: finishing requests in flight');

    // The write was committed before the process closed its database.
    const db = await openDatabase({ DATABASE_URL: env.DATABASE_URL, DATA_DIR: dataDir, DB_POOL_MAX: 1, STATEMENT_TIMEOUT_MS: 10_000 });
    try {
      expect(await db.knex('shelters').where({ code: 'SIGTERM-1' }).first('id')).toBeDefined();
    } finally {
      await db.close();
    }
  });
});
