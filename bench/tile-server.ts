/**
 * `npm run bench:tile-server -- --mix mix.json [--measure] [--cache-mb 16]`: the server side of
 * the tile benchmark (bench/tiles.ts starts it as a child process). It builds every layer's
 * index, and with --measure times each build (median of 3) and its memory, a realistic mix of
 * z8–z16 tiles in process (cold: first cut; warm: cut tiles retained, encoded each time), the
 * largest tile of z0–z10, and "edit → next tile" (the incremental rebuild). Then it serves the
 * tiles over HTTP, beside a bare express server sending one fixed tile (the floor), and tells
 * its parent the ports and the report (or prints them when run on its own).
 *
 * The database is BENCH_TILES_DATABASE_URL (see bench/tiles.ts, which creates and loads it).
 */
import fs from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import express from 'express';
import { createApp } from '../server/app/app.ts';
import { LayerChanges } from '../server/layers/changes.ts';
import { LAYERS, findLayer } from '../server/layers/registry.ts';
import { LayerIndexes } from '../server/tiles/layer-indexes.ts';
import { tileAt, type TileCoord } from '../server/tiles/tile-grid.ts';
import { TileService } from '../server/tiles/tile-service.ts';
import { MemoryTileSource, tileBackend } from '../server/tiles/memory-source.ts';
import { WorkerPool } from '../server/workers/worker-pool.ts';
import { tileSource } from '../server/tiles/tile-sources.ts';
import { MVT_TYPE } from '../server/tiles/send-tile.ts';
import { median, rssMb, stats } from './support/stats.ts';
import { DEFAULT_URL, MAX_TILE_BYTES, openBenchDb, type MixTile, type ReadyMessage, type ServerReport } from './support/tile-bench.ts';


async function serve(url: string, cacheMb: number, mixFile: string, measure: boolean): Promise<void> {
  const db = await openBenchDb(url);
  const mix = JSON.parse(fs.readFileSync(mixFile, 'utf8')) as MixTile[];
  const report: Partial<ServerReport> = {};

  if (measure) {
    // The indexes live in a tile worker thread, as in the server; memory is the process's (threads included).
    const worker = new WorkerPool({ name: 'tiles', threads: 1, maxQueue: 1000, deadlineMs: 600_000, keepAlive: true });
    const builds: ServerReport['builds'] = [];
    for (const layer of LAYERS) {
      const loadRuns: number[] = [];
      const buildRuns: number[] = [];
      let heapMb = 0;
      for (let run = 0; run < 3; run++) {
        const before = rssMb();
        const [r] = await new LayerIndexes(tileBackend(db.knex, worker), new LayerChanges()).warmUp([layer]);
        heapMb = rssMb() - before;
        loadRuns.push(r.loadMs);
        buildRuns.push(r.buildMs);
      }
      builds.push({ layer: layer.id, features: 0, loadMs: median(loadRuns), buildMs: median(buildRuns), loadRuns, buildRuns, heapMb });
    }
    report.builds = builds;

    // A service of its own (no encoded cache), so the HTTP server below starts cold.
    const changes = new LayerChanges();
    const tiles = new TileService(new MemoryTileSource(new LayerIndexes(tileBackend(db.knex, worker), changes), worker), 0);
    for (const r of await tiles.warmUp()) {
      const b = builds.find((x) => x.layer === r.layer);
      if (b) b.features = r.features;
    }
    const timeMix = async () => {
      const times: number[] = [];
      for (const t of mix) {
        const started = performance.now();
        await tiles.tile(tileSource(t.source).layers, t);
        times.push(performance.now() - started);
      }
      return times;
    };
    report.inProcessCold = stats(await timeMix());
    report.inProcessWarm = stats(await timeMix());

    // Largest tile of each source: every tile over the data at z0–z10, and the mix above.
    const largest: ServerReport['largest'] = {};
    const bounds = (await tiles.layersOf(LAYERS)).map((i) => i.bounds!).filter(Boolean);
    const [w, s, e, n] = [Math.min(...bounds.map((b) => b[0])), Math.min(...bounds.map((b) => b[1])), Math.max(...bounds.map((b) => b[2])), Math.max(...bounds.map((b) => b[3]))];
    const note = async (source: string, c: TileCoord) => {
      const bytes = (await tiles.tile(tileSource(source).layers, c)).body.length;
      const l = (largest[source] ??= { bytes: 0, tile: '', over: 0, tiles: 0 });
      l.tiles++;
      if (bytes > MAX_TILE_BYTES) l.over++;
      if (bytes > l.bytes) Object.assign(l, { bytes, tile: `${c.z}/${c.x}/${c.y}` });
    };
    for (const source of ['onemap', ...LAYERS.map((l) => l.id)]) {
      for (let z = 0; z <= 10; z++) {
        const nw = tileAt(w, n, z);
        const se = tileAt(e, s, z);
        for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) await note(source, { z, x, y });
      }
    }
    for (const t of mix) await note(t.source, t);
    report.largest = largest;

    // Edit → next tile: a change to one feature, then the tile over it (patch one row, rebuild).
    const editToTile: Record<string, number> = {};
    for (const layerId of ['risk_sites', 'shelters', 'hazard_zones']) {
      const layer = findLayer(layerId)!;
      const [row] = (await db.knex(layer.table).select('id', db.knex.raw('ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y')).orderBy('id').limit(1)) as Array<{ id: number; x: number; y: number }>;
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        // A real write (a new version with one changed row), then its notice, as a write route does.
        await db.knex(layer.table).where({ id: row.id }).update({ updated_at: db.knex.fn.now() });
        changes.notify({ layer: layerId, id: row.id, op: 'update' });
        const started = performance.now();
        await tiles.tile([layer], tileAt(row.x, row.y, 14));
        runs.push(performance.now() - started);
      }
      editToTile[layerId] = median(runs);
    }
    report.editToTile = editToTile;
    await worker.destroy();
  }

  const { app, tiles } = createApp({ db, config: { READ_RATE_LIMIT_PER_MIN: 0, TILE_CACHE_MB: cacheMb, LOG_LEVEL: 'silent' }, log: () => {} });
  const started = performance.now();
  await tiles.warmUp();
  report.warmUpMs = performance.now() - started;
  report.rssMb = rssMb();
  // The floor of this machine, now: bare express sending one fixed tile, no middleware.
  const fixed = (await tiles.tile(tileSource(mix[0].source).layers, mix[0])).body;
  const floor = express().get('/floor', (_req, res) => void res.type(MVT_TYPE).send(fixed));
  const [server, floorServer] = [app.listen(0, '127.0.0.1'), floor.listen(0, '127.0.0.1')];
  await Promise.all([once(server, 'listening'), once(floorServer, 'listening')]);
  const portOf = (s: typeof server) => (s.address() as AddressInfo).port;
  const ready: ReadyMessage = { type: 'ready', port: portOf(server), floorPort: portOf(floorServer), report };
  if (process.send) process.send(ready);
  else console.log(`tile server on http://127.0.0.1:${ready.port} (floor: bare express on :${ready.floorPort})${measure ? `\n${JSON.stringify(report)}` : ''}`);
  process.on('SIGTERM', () => {
    floorServer.close();
    server.close(() => void db.close().then(() => process.exit(0)));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { measure: { type: 'boolean', default: false }, 'cache-mb': { type: 'string', default: '16' }, mix: { type: 'string', default: '' } } });
  if (!values.mix) {
    console.error('usage: npm run bench:tile-server -- --mix <tile mix JSON, as bench/tiles.ts writes it> [--measure] [--cache-mb 16]');
    process.exit(2);
  }
  await serve(process.env.BENCH_TILES_DATABASE_URL || DEFAULT_URL, Number(values['cache-mb']), values.mix, values.measure);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
