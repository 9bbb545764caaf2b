/**
 * What the two processes of the tile benchmark share (bench/tiles.ts drives, bench/tile-server.ts
 * serves): the database they read, the tiles asked for, and what the server reports.
 */
import type { BuildReport } from '../../server/tiles/layer-indexes.ts';
import type { TileCoord } from '../../server/tiles/tile-grid.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import type { Stats } from './stats.ts';

export const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/onemap_bench_tiles';
/** The size budget of one tile: the report counts the tiles above it. */
export const MAX_TILE_BYTES = 500 * 1024;

/** One tile of the mix: which source, where. */
export interface MixTile extends TileCoord {
  source: string;
}

/** What the server measures in process (with --measure), sent to the driver when it is ready. */
export interface ServerReport {
  builds: Array<Pick<BuildReport, 'layer' | 'features' | 'loadMs' | 'buildMs'> & { loadRuns: number[]; buildRuns: number[]; heapMb: number }>;
  warmUpMs: number;
  rssMb: number;
  inProcessCold: Stats;
  inProcessWarm: Stats;
  largest: Record<string, { bytes: number; tile: string; over: number; tiles: number }>;
  editToTile: Record<string, number>;
}

/** The message the server sends its parent once it listens. */
export interface ReadyMessage {
  type: 'ready';
  port: number;
  floorPort: number;
  report: Partial<ServerReport>;
}

export async function openBenchDb(url: string, poolMax = 10): Promise<Database> {
  return openDatabase({ DATABASE_URL: url, DATA_DIR: '', DB_POOL_MAX: poolMax, STATEMENT_TIMEOUT_MS: 120_000 });
}
