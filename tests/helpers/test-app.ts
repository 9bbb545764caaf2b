/**
 * A OneMap app on a private copy of the sample database, for API tests. The backend is the
 * one the run is configured for: PostGIS when DATABASE_URL is set, else embedded PGlite.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { createToken } from '../../server/auth/tokens.ts';
import { createApp, type OneMapApp } from '../../server/app/app.ts';
import { ROLES, type Role } from '../../server/layers/types.ts';
import { adminQuery, withDatabase } from './template.ts';

export interface TestContext extends OneMapApp {
  db: Database;
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

export async function openTestDatabase(): Promise<Database> {
  const template = inject('dbTemplate');
  const url = process.env.DATABASE_URL || undefined;
  const name = `onemap_t_${crypto.randomBytes(4).toString('hex')}`;
  let cleanup: () => Promise<void>;
  let db: Database;
  if (url) {
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    db = await openDatabase({ DATABASE_URL: withDatabase(url, name), DATA_DIR: '', DB_POOL_MAX: 10, STATEMENT_TIMEOUT_MS: 30_000 });
    cleanup = () => adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dir = path.join(os.tmpdir(), name);
    fs.cpSync(template, dir, { recursive: true });
    db = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: dir, DB_POOL_MAX: 1, STATEMENT_TIMEOUT_MS: 30_000 });
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  return { ...db, close: async () => (await db.close(), await cleanup()) };
}

/** Opens a private database with the sample loaded, an app on it, and one token per role. */
export async function openTestApp(): Promise<TestContext> {
  const db = await openTestDatabase();
  const built = createApp({ db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb' }, log: () => {} });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) tokens[role] = (await createToken(db.knex, `test-${role}`, role)).token;
  return { ...built, db, tokens, close: async () => (await built.close(), await db.close()) };
}
