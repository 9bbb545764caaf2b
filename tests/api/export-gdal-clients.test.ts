import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

const run = promisify(execFile);

let ctx: TestContext;
let server: Server;
let base: string;
let dir: string;
beforeAll(async () => {
  ctx = await openTestApp();
  // GDAL is a separate process: it needs the service on a real (loopback) port.
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-gdal-test-'));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

describe('GDAL as a client', () => {
  it('ogrinfo OAPIF: lists the six collections of the OGC API', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-q', `OAPIF:${base}/ogc`]);
    for (const id of ['towns', 'hazard_zones', 'villages', 'risk_sites', 'shelters', 'depots']) expect(stdout).toContain(id);
  });

  it('ogr2ogr copies a collection from the OGC API into a GeoPackage, every feature', async () => {
    const out = path.join(dir, 'depots.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', out, `OAPIF:${base}/ogc`, 'depots']);
    const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', out]);
    const res = await fetch(`${base}/ogc/collections/depots/items?limit=1`);
    const { numberMatched } = (await res.json()) as { numberMatched: number };
    expect(stdout).toContain(`Feature Count: ${numberMatched}`);
    expect(stdout).toContain('Geometry: Point');
  });

  it('GDAL reads an export straight from its URL, as it streams (/vsicurl_streaming/)', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-so', '-al', `/vsicurl_streaming/${base}/ogc/collections/hazard_zones/items?f=fgb`]);
    expect(stdout).toMatch(/Geometry: Multi Polygon/);
  });
});
