import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticRoutes } from '../../server/static/routes.ts';
import { errorMiddleware, notFound } from '../../server/http/errors.ts';

// A checkout under a folder whose name starts with a dot (~/.local/share/onemap/…).
let top: string;
let app: express.Express;
beforeAll(() => {
  top = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-static-'));
  const dist = path.join(top, '.local', 'onemap', 'web', 'dist');
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'main-abc123.js'), 'console.log(1);');
  fs.writeFileSync(path.join(dist, 'assets', '.secret.js'), 'hidden');
  app = express();
  app.use(staticRoutes({ distDir: dist }));
  app.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(() => {}));
});
afterAll(() => fs.rmSync(top, { recursive: true, force: true }));

describe('the web client in a checkout under a dot-folder', () => {
  it('serves the pages and the assets', async () => {
    expect((await request(app).get('/').expect(200)).text).toContain('<div id="app"');
    expect((await request(app).get('/assets/main-abc123.js').set('Accept-Encoding', 'identity').expect(200)).text).toBe('console.log(1);');
  });

  it('still refuses dotfiles inside the build, with the JSON not_found error (never cached)', async () => {
    const res = await request(app).get('/assets/.secret.js').expect(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['cache-control']).toBeUndefined();
    expect(res.body.error.code).toBe('not_found');
  });
});
