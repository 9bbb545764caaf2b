/**
 * The one place that reads process.env. Every setting is declared once with its
 * default and documentation; a bad value stops the server at start with a clear message.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { validationSummary } from './http/validation-errors.ts';

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
  BASEMAP_URL: z.string().regex(/^https?:\/\/\S+\{z\}\S*$/, 'an http(s) tile URL template with {z}, {x} and {y}').optional().describe('web map basemap: an XYZ or WMTS (KVP) tile URL template with {z}/{x}/{y} in Web Mercator, e.g. Tianditu vec_w with the deployment\'s tk key; unset = OneMap\'s own layers only'),
  BASEMAP_LABELS_URL: z.string().regex(/^https?:\/\/\S+\{z\}\S*$/, 'an http(s) tile URL template with {z}, {x} and {y}').optional().describe('optional label overlay drawn above the basemap (e.g. Tianditu cva_w)'),
  BASEMAP_ATTRIBUTION: z.string().max(300).default('').describe('attribution shown on the web map for the basemap (e.g. "© 天地图")'),
  TRIGGER_RULES_FILE: z.string().default(path.join(repoRoot, 'data/trigger-rules.json')).describe('which grades of risk site are evacuated at which warning hazard and level (see data/trigger-rules.md)'),
  WARNING_SIGNALS_FILE: z.string().default(path.join(repoRoot, 'data/warning-signals.json')).describe('warning signals and what households do, printed on the evacuation card (Guangdong\'s by default)'),
  TRUST_PROXY: z.string().default('loopback').describe('which proxies may set X-Forwarded-For/-Proto: "loopback", a hop count, a comma list of addresses/CIDRs, or "false"'),
  CORS_ORIGINS: z.string().default('').describe('comma list of other web origins allowed to call the API from a browser (e.g. https://map.example.gov.cn); empty = same origin only'),
  SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(12).describe('how long a web login lasts before the user must sign in again'),
  READ_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).default(3000).describe('anonymous requests per minute per client address (0 = no limit)'),
  LOGIN_LIMIT_ACCOUNT: z.coerce.number().int().min(1).default(5).describe('failed logins per account from one client address in 15 minutes before that address may not try the account for the rest of the window'),
  LOGIN_LIMIT_ACCOUNT_TOTAL: z.coerce.number().int().min(1).default(20).describe('failed logins per account from all addresses together in 15 minutes before only addresses it signed in from before may try it'),
  LOGIN_LIMIT_ADDRESS: z.coerce.number().int().min(1).default(20).describe('failed logins per client address in 15 minutes before that address is refused'),
  IMPORT_MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(256 * 1024 * 1024).describe('largest file accepted by an import (bytes, as uploaded)'),
  IMPORT_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024 * 1024).describe('most bytes a zipped import may unpack to, counted as they are inflated (guards against zip bombs)'),
  IMPORT_MAX_COLUMNS: z.coerce.number().int().min(1).default(500).describe('most fields (columns) an imported file may have'),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(1_000_000).describe('most rows (features) one import may hold'),
  IMPORT_MAX_OSM_NODES: z.coerce.number().int().min(1).default(10_000_000).describe('most nodes an OpenStreetMap extract may hold (kept in memory, 16 bytes each, to draw its ways)'),
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(65_000).describe('how long an idle kept-alive connection stays open, in ms (longer than a load balancer\'s usual 60 s idle timeout)'),
  TILE_CACHE_MB: z.coerce.number().min(0).max(4096).default(16).describe('encoded vector tiles kept in memory per layer, in MB (0 = encode every request)'),
  CLUSTER_INSTANCES: z.coerce.number().int().min(1).max(64).default(Math.max(2, os.availableParallelism())).describe('instances started by npm run start:cluster (PostgreSQL only)'),
  WORKER_THREADS: z.coerce.number().int().min(1).max(64).default(Math.max(1, os.availableParallelism())).describe('worker threads for analyses, exports, imports and large writes (default: one per core)'),
  WORKER_QUEUE: z.coerce.number().int().min(0).max(10_000).default(16).describe('heavy tasks that may wait for a worker thread; one more is answered 503 with Retry-After'),
  WORKER_DEADLINE_MS: z.coerce.number().int().min(100).default(60_000).describe('longest a heavy task may run before it is stopped (503)'),
  ANALYSIS_CACHE_MB: z.coerce.number().min(0).max(65_536).default(256).describe('analysis answers kept in memory, in MB, for the same question on the same data (and for paging)'),
  CAP_DEPTH: z.coerce.number().int().min(8).max(1000).default(32).describe('deepest nesting of arrays and objects in a JSON body'),
  CAP_FEATURES: z.coerce.number().int().min(1).default(50_000).describe('most features in a posted FeatureCollection (export, siting candidates)'),
  CAP_POSITIONS_PER_GEOMETRY: z.coerce.number().int().min(5).default(200_000).describe('most positions in one posted geometry'),
  CAP_POSITIONS: z.coerce.number().int().min(5).default(500_000).describe('most positions in one posted body'),
  CAP_PARTS: z.coerce.number().int().min(1).default(10_000).describe('most parts (lines, polygons, rings) in one posted geometry'),
  CAP_PROPERTY_NAMES: z.coerce.number().int().min(1).default(500).describe('most distinct property names across the features of a posted body'),
});

export type Config = z.infer<typeof schema>;

/** Parses an environment (process.env by default); throws with every bad setting named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n  ${validationSummary(parsed.error, '\n  ')}`);
  }
  return parsed.data;
}

/** The caps of JSON bodies as the routes check them (server/http/json-caps.ts). */
export function capsOf(c: Config) {
  return {
    maxDepth: c.CAP_DEPTH,
    maxFeatures: c.CAP_FEATURES,
    maxPositionsPerGeometry: c.CAP_POSITIONS_PER_GEOMETRY,
    maxPositions: c.CAP_POSITIONS,
    maxParts: c.CAP_PARTS,
    maxPropertyNames: c.CAP_PROPERTY_NAMES,
  };
}

/** Variable name → description, for the README and `--help`. */
export function describeConfig(): Array<{ name: string; description: string }> {
  return Object.entries(schema.shape).map(([name, s]) => ({ name, description: s.description ?? '' }));
}
