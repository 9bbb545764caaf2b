/**
 * The real OneMap server for browser tests: the built web client (built first when missing or
 * stale, one test file at a time) served by createApp on a private copy of the sample
 * database, listening on a free loopback port.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp, type OneMapApp } from '../../../server/app/app.ts';
import type { Database } from '../../../server/db/connect.ts';
import type { Config } from '../../../server/config.ts';
import { createUser } from '../../../server/auth/users.ts';
import type { Role } from '../../../server/layers/types.ts';
import { ensureWebBuild } from '../../../scripts/ensure-web-build.ts';
import { openTestDatabase } from '../../helpers/test-app.ts';

export interface WebServer extends OneMapApp {
  url: string;
  db: Database;
  /** Creates a sign-in account; returns its password. */
  addUser(username: string, role: Role): Promise<string>;
  /** Stops answering (connections refused, as when the signal is gone), keeping the database and sessions. */
  stop(): Promise<void>;
  /** Answers again at the same address. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

const LOCK = path.join(os.tmpdir(), 'onemap-web-build.lock');

/** Builds the client under a lock so that test files running side by side build it once. */
async function buildOnce(): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed run is older than any real build.
      if (i > 600 || Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000) fs.rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await ensureWebBuild({ log: () => {} });
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

export async function startWebServer(config: Partial<Config> = {}): Promise<WebServer> {
  await buildOnce();
  const db = await openTestDatabase();
  const built = createApp({ db, config: { PUBLIC_URL: undefined, LOG_LEVEL: 'silent', READ_RATE_LIMIT_PER_MIN: 0, ...config }, log: () => {} });
  const listen = (port: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const s = built.app.listen(port, '127.0.0.1', () => resolve(s)).once('error', reject);
    });
  let server: Server | null = await listen(0);
  const { port } = server.address() as AddressInfo;
  const stopListening = async () => {
    const s = server;
    server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    ...built,
    db,
    url: `http://127.0.0.1:${port}`,
    async addUser(username, role) {
      const password = `pw-${role}-Xinyi-2026!`;
      await createUser(db.knex, username, role, password);
      return password;
    },
    stop: stopListening,
    async resume() {
      server ??= await listen(port);
    },
    async close() {
      await stopListening();
      await db.close();
    },
  };
}
