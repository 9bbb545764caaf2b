import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { DIST_DIR, ensureWebBuild, isBuildCurrent } from '../../scripts/ensure-web-build.ts';

let ctx: TestContext;
let asset: string;
beforeAll(async () => {
  // Only the first test file to need the client builds it; the build is skipped when current.
  if (!isBuildCurrent()) await ensureWebBuild({ log: () => {} });
  ctx = await openTestApp();
  asset = fs.readdirSync(path.join(DIST_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
});
afterAll(async () => ctx?.close());

describe('the built web client', () => {
  it('is served at / and at each card’s address, always revalidated', async () => {
    for (const url of ['/', '/card/XP440983001-0001', '/planner', '/geohazard', '/operations', '/shelter', '/shelter/12', '/cadre']) {
      const res = await request(ctx.app).get(url).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="app"');
    }
  });

  it('serves hashed assets for a year, compressed for browsers that accept it', async () => {
    const br = await request(ctx.app).get(`/assets/${asset}`).set('Accept-Encoding', 'br, gzip').expect(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(br.headers['content-type']).toContain('javascript');
    const plain = await request(ctx.app).get(`/assets/${asset}`).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('serves the public map’s service worker from the root, always revalidated', async () => {
    const res = await request(ctx.app).get('/sw.js').expect(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['service-worker-allowed']).toBe('/');
    expect(res.text).toContain('addEventListener(\'fetch\'');
  });

  it('answers unknown paths and escapes with the JSON 404', async () => {
    for (const url of ['/assets/nope.js', '/card/a/b', '/assets/..%2f..%2fpackage.json', '/package.json']) {
      const res = await request(ctx.app).get(url).expect(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
