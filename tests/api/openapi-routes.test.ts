import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { mountedRoutes } from '../helpers/mounted-routes.ts';

let ctx: TestContext;
let doc: { servers: Array<{ url: string }>; paths: Record<string, Record<string, unknown> & { servers?: Array<{ url: string }> }> };
beforeAll(async () => {
  ctx = await openTestApp();
  doc = JSON.parse((await request(ctx.app).get('/ogc/api').expect(200)).text);
});
afterAll(async () => ctx?.close());

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** "METHOD /full/path" of every documented operation: each path under its own server, else the document's. */
function documentedRoutes(): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const server = new URL((item.servers ?? doc.servers)[0].url).pathname.replace(/\/$/, '');
    const full = path === '/' && server ? server : server + path;
    for (const m of METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${full}`);
  }
  return out.sort();
}

/** Routes that are not part of the API, with the reason. */
const NOT_API: Record<string, string> = {
  'GET /^\\/$/': 'the web client\'s page (index.html)',
  'GET /^\\/card\\/[^/]{1,40}$/': 'the web client\'s card page (index.html)',
  'GET /^\\/(planner|geohazard|operations|cadre)\\/?$/': 'the web client\'s planner, geohazard and evacuation workspaces and the cadre\'s phone page (index.html)',
  'GET /sw.js': 'the public pages\' service worker (a static file)',
  'GET /^\\/shelter(\\/\\d{1,10})?\\/?$/': 'the web client\'s shelter check-in page (index.html)',
  'GET /^\\/(assets\\/[\\w.-]+|[\\w-]+\\.(svg|png|ico|webmanifest|txt))$/': 'the web client\'s static files',
};

/** "GET /a/{x}/b" → ["GET", "a", "{}", "b"]: parameter names do not matter, nor a trailing slash. */
const segments = (route: string): string[] => {
  const [method, path] = route.split(' ');
  return [method, ...path.split('/').filter(Boolean).map((s) => (/^\{\w+\}$/.test(s) ? '{}' : s))];
};

/** The documented route answers the mounted one: a mounted parameter may be documented once per value (a collection id). */
function covers(documented: string, mounted: string): boolean {
  const d = segments(documented);
  const m = segments(mounted);
  return d.length === m.length && d.every((s, i) => s === m[i] || m[i] === '{}');
}

describe('/ogc/api documents every route the app mounts', () => {
  it('walks the router: every mounted route is in the document', () => {
    const mounted = mountedRoutes(ctx.app);
    expect(mounted.length).toBeGreaterThan(50);
    const documented = documentedRoutes();
    expect(mounted.filter((r) => !(r in NOT_API) && !documented.some((d) => covers(d, r)))).toEqual([]);
  });

  it('lists no route the app does not mount, and every exclusion is still mounted', () => {
    const mounted = mountedRoutes(ctx.app);
    expect(documentedRoutes().filter((d) => !mounted.some((r) => covers(d, r)))).toEqual([]);
    expect(Object.keys(NOT_API).filter((r) => !mounted.includes(r))).toEqual([]);
  });

  it('gives every operation a success status with its media type, and a 4xx when it takes input', () => {
    const gaps: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        const op = item[m] as { responses: Record<string, { content?: object }>; parameters?: unknown[]; requestBody?: unknown } | undefined;
        if (!op) continue;
        const codes = Object.keys(op.responses);
        const ok = codes.filter((c) => /^2\d\d$/.test(c));
        if (ok.length === 0) gaps.push(`${m} ${path}: no 2xx`);
        for (const c of ok) if (c !== '204' && !op.responses[c].content) gaps.push(`${m} ${path}: ${c} without a media type`);
        const takesInput = Boolean(op.requestBody) || (op.parameters ?? []).length > 0;
        if (takesInput && !codes.some((c) => /^4\d\d$/.test(c))) gaps.push(`${m} ${path}: takes input but no 4xx`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it('still validates as OpenAPI 3.0', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });
});
