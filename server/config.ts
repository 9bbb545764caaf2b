/**
 * The one place that reads process.env. Every setting is declared once with its
 * default and documentation; a bad value stops the server at start with a clear message.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('127.0.0.1').describe('interface to listen on'),
  DATABASE_URL: z.string().url().optional().describe('PostgreSQL/PostGIS connection string; unset = embedded PGlite'),
  DATA_DIR: z.string().default(path.join(repoRoot, '.data')).describe('embedded database folder (PGlite)'),
  PUBLIC_URL: z.string().url().optional().describe('external base URL used in links (behind a proxy)'),
  LOAD_SAMPLE: z.enum(['auto', 'never']).default('auto').describe('load the county sample into an empty database on start'),
  BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i).default('5mb').describe('largest accepted request body'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10).describe('pg pool size'),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30000).describe('bound on every SQL statement (PostGIS)'),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info').describe('silent, error or info'),
  GRADING_RULES_FILE: z.string().default(path.join(repoRoot, 'data/grading-rules.json')).describe('risk-site grading rule set (JSON; see data/grading-rules.md)'),
  SHELTER_STANDARDS_FILE: z.string().default(path.join(repoRoot, 'data/shelter-standards.json')).describe('shelter standards: service radius and area per person per shelter type (GB 51143-2015 by default)'),
});

export type Config = z.infer<typeof schema>;

/** Parses an environment (process.env by default); throws with every bad setting named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Variable name → description, for the README and `--help`. */
export function describeConfig(): Array<{ name: string; description: string }> {
  return Object.entries(schema.shape).map(([name, s]) => ({ name, description: s.description ?? '' }));
}
