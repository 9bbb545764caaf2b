/**
 * GDAL's OGCAPI driver on the vector tiles of a collection (ogrinfo OGCAPI:… -oo API=TILES).
 *
 * GDAL 3.6 walks the documents as far as any client can: the collection's tilesets-vector link,
 * the tileset list, the tileset (its self link, tileMatrixSetLimits, its typed tiling-scheme link and
 * its MVT item template) and the tile matrix set, which it parses. Its driver then builds layers
 * only from PNG/JPEG tiles: 3.6's InitWithTilesAPI has no vector branch (its 3.6.1 notes: "tiles
 * not working properly due to churn in tilematrixset spec"), so it answers "Unable to open
 * datasource" whatever the service sends. Reading features is checked from GDAL 3.7 on.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.ts';

const run = promisify(execFile);
const probe = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' });
const hasOgr = probe.status === 0;
const [major, minor] = (/GDAL (\d+)\.(\d+)/.exec(probe.stdout ?? '') ?? []).slice(1).map(Number);
const readsVectorTiles = hasOgr && (major > 3 || (major === 3 && minor >= 7));

let ctx: TestContext;
let server: LoopbackServer | undefined;
let base: string;
/** What GDAL asked and what it was answered. */
const seen: Array<{ path: string; status: number }> = [];
beforeAll(async () => {
  if (!hasOgr) return;
  ctx = await openTestApp();
  // GDAL is a separate process: it needs the service on a real (loopback) port.
  server = await listenOnLoopback((req, res) => {
    // The URL as asked: express rewrites req.url inside its mounted routers.
    const asked = req.url ?? '';
    res.on('finish', () => seen.push({ path: asked, status: res.statusCode }));
    ctx.app(req, res);
  });
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

/** ogrinfo with GDAL's debug log; a failed open is an answer here, not an exception. */
async function ogrinfo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('ogrinfo', args, { env: { ...process.env, CPL_DEBUG: 'ON' }, timeout: 120_000, maxBuffer: 64 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe.skipIf(!hasOgr)('GDAL OGCAPI driver on the tiles of a collection', () => {
  it('follows the tileset links to the tile matrix set, which it parses without an error', async () => {
    seen.length = 0;
    const { stderr } = await ogrinfo(['-ro', '-so', `OGCAPI:${base}/ogc/collections/shelters`, '-oo', 'API=TILES']);
    const asked = seen.map((s) => s.path.split('?')[0]);
    expect(asked).toEqual(expect.arrayContaining([
      '/ogc/collections/shelters',
      '/ogc/collections/shelters/tiles',
      '/ogc/collections/shelters/tiles/WebMercatorQuad',
      '/ogc/tileMatrixSets/WebMercatorQuad',
    ]));
    expect(seen.filter((s) => s.status !== 200)).toEqual([]);
    // "Cannot find tilesets", "Cannot find …/tiling-scheme", "{tileRow} missing in tile URL", a TMS parse error…
    expect(stderr.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it.skipIf(!readsVectorTiles)('reads shelters from the vector tiles (GDAL 3.7 and later)', async () => {
    const listed = await ogrinfo(['-ro', '-so', `OGCAPI:${base}/ogc/collections/shelters`, '-oo', 'API=TILES']);
    expect(listed.code, listed.stderr).toBe(0);
    const read = await ogrinfo(['-ro', '-al', '-q', `OGCAPI:${base}/ogc/collections/shelters`, '-oo', 'API=TILES']);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/OGRFeature\(/);
    expect(seen.some((s) => /\/tiles\/WebMercatorQuad\/\d+\/\d+\/\d+/.test(s.path) && s.status === 200)).toBe(true);
  });
});
