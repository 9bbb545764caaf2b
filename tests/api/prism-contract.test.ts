/**
 * /ogc/api against live answers: Prism, in proxy mode with --errors, sits between a client and the
 * running service and checks every request and every answer against the document. A route whose
 * answer (status, media type, headers or body) strays from what /ogc/api says shows up as a violation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app.ts';
import { createUser } from '../../server/auth/users.ts';
import { findLayer, LAYERS } from '../../server/layers/registry.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.ts';

const PRISM = path.join(import.meta.dirname, '../../node_modules/.bin/prism');
const PASSWORD = 'correct horse battery';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Documented operations this test does not send through Prism, with the reason. */
const NOT_CHECKED: Record<string, string> = {
  // Server-sent events stay open until the client leaves: Prism waits for the whole answer before checking it.
  'GET /api/live': 'an endless event stream',
  'GET /api/operations/{id}/events': 'an endless event stream',
};

interface Doc { paths: Record<string, Record<string, unknown> & { servers?: Array<{ url: string }> }> }
interface Answer { status: number; headers: Headers; text: string; json: () => any } // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are read field by field in the test

let ctx: TestContext;
let server: LoopbackServer;
let prism: ChildProcess;
let prismBase = '';
let doc: Doc;
let dir: string;
const violations: string[] = [];
/** How long each request took, to name the slowest when the run is long. */
const slow: Array<[number, string]> = [];
/** "METHOD /template" → the statuses Prism let through for it. */
const seen = new Map<string, Set<number>>();
let templates: Array<{ key: string; method: string; re: RegExp }> = [];

/** "GET /api/x/{id}" → a regular expression over the path. */
function compileTemplates(): void {
  templates = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    const re = new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const m of METHODS) if (item[m]) templates.push({ key: `${m.toUpperCase()} ${p}`, method: m.toUpperCase(), re });
  }
  // A literal path wins over a template that also matches it (/ogc/collections/shelters/items before /ogc/collections/{collectionId}/…).
  templates.sort((a, b) => (a.key.match(/\{/g)?.length ?? 0) - (b.key.match(/\{/g)?.length ?? 0));
}

/**
 * The document with each path written in full from the service's root and no servers: Prism routes a
 * proxied request by its path alone, and the OGC paths are otherwise relative to /ogc.
 */
function flatten(d: Doc): Doc {
  const paths: Doc['paths'] = {};
  for (const [p, { servers, ...item }] of Object.entries(d.paths)) paths[servers ? p : p === '/' ? '/ogc' : `/ogc${p}`] = item;
  return { ...d, servers: [{ url: '/' }], paths } as Doc;
}

/** Prism in proxy mode; with `refuse`, it answers an invalid request itself instead of forwarding it. */
async function startPrism(file: string, upstream: string, refuse = true): Promise<{ base: string; child: ChildProcess }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const prism = spawn(PRISM, ['proxy', file, upstream, ...(refuse ? ['--errors'] : []), '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      if (!/Prism is listening/.test(log)) return;
      clearTimeout(timer);
      resolve();
    };
    prism.stdout!.on('data', read);
    prism.stderr!.on('data', read);
    prism.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited ${code}:\n${log}`));
    });
  });
  prism.stdout!.resume();
  prism.stderr!.resume();
  return { base: `http://127.0.0.1:${port}`, child: prism };
}

beforeAll(async () => {
  ctx = await openTestApp();
  await createUser(ctx.db.knex, 'li.planner', 'planner', PASSWORD);
  server = await listenOnLoopback((req, res) => ctx.app(req, res));
  doc = flatten(JSON.parse(await (await fetch(`${server.base}/ogc/api`)).text()) as Doc);
  compileTemplates();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-prism-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  ({ base: prismBase, child: prism } = await startPrism(file, server.base));
}, 120_000);

afterAll(async () => {
  console.log(slow.sort((a, b) => b[0] - a[0]).slice(0, 8).map(([ms, l]) => `${Math.round(ms)} ms ${l}`).join('\n'));
  prism?.kill();
  await server?.close();
  await ctx?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** `as: 'nobody'` sends a bearer token the service does not know (the document asks for one; the service answers 401). */
interface Send { headers?: Record<string, string>; body?: unknown; raw?: string | Uint8Array; type?: string; as?: keyof TestContext['tokens'] | 'nobody' }

/** Sends one request through Prism and records any violation it reports. */
async function send(method: string, url: string, expected: number | number[], opts: Send = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) headers.Authorization = `Bearer ${opts.as === 'nobody' ? 'om_not_a_token' : ctx.tokens[opts.as]}`;
  let body: string | Uint8Array | undefined = opts.raw;
  if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['Content-Type'] ??= opts.type ?? 'application/json';
  const started = performance.now();
  const want = Array.isArray(expected) ? expected : [expected];
  const go = () => fetch(prismBase + url, { method, headers, body: body as BodyInit | undefined, redirect: 'manual' });
  // A refusal sent before the body was read (a 401 to a large POST) may close the connection while the
  // proxy still writes; a request that is meant to be refused changes nothing, so it is sent again.
  const res = await go().catch((e: unknown) => (want.every((s) => s >= 400) ? go() : Promise.reject(e)));
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  const label = `${method} ${url} → ${res.status}`;
  slow.push([performance.now() - started, label]);
  const header = res.headers.get('sl-violations');
  if (header) violations.push(`${label}: ${header}`);
  if ((res.headers.get('content-type') ?? '').includes('problem+json') && text.includes('stoplight.io/prism')) violations.push(`${label}: ${text}`);
  if (!want.includes(res.status)) violations.push(`${label}: expected ${want.join('|')}: ${text.slice(0, 300)}`);
  const pathname = new URL(prismBase + url).pathname;
  const t = templates.find((x) => x.method === method && x.re.test(pathname));
  if (t) {
    if (!seen.has(t.key)) seen.set(t.key, new Set());
    seen.get(t.key)!.add(res.status);
  } else violations.push(`${label}: not a documented route`);
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

const CAP_ALERT = (id: string, area: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>${id}</identifier><sender>gdmb@gd.gov.cn</sender>
<sent>2026-06-01T08:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
<info><language>zh-CN</language><category>Geo</category><event>地质灾害气象风险预警</event><urgency>Expected</urgency>
<severity>Severe</severity><certainty>Likely</certainty><onset>2026-06-01T08:00:00+08:00</onset><expires>2099-06-02T08:00:00+08:00</expires>
<headline>信宜市地质灾害气象风险橙色预警</headline><parameter><valueName>预警级别</valueName><value>橙色</value></parameter>
<area><areaDesc>信宜市</areaDesc>${area}</area></info></alert>`;

/** The OGC read routes of a collection, and a feature's id. */
async function readCollection(id: string): Promise<number> {
  await send('GET', `/ogc/collections/${id}`, 200);
  await send('GET', `/ogc/collections/${id}/schema`, 200);
  await send('GET', `/ogc/collections/${id}/queryables`, 200);
  const page = (await send('GET', `/ogc/collections/${id}/items?limit=2`, 200)).json();
  await send('GET', `/ogc/collections/${id}/items?limit=2&skipGeometry=true&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4326')}`, 200, { as: 'admin' });
  await send('GET', `/ogc/collections/${id}/items?filter=${encodeURIComponent('nonsense = 1')}`, 400);
  await send('GET', `/ogc/collections/${id}/items?f=csv&limit=2`, 200);
  const fid = page.features[0].id as number;
  const one = await send('GET', `/ogc/collections/${id}/items/${fid}`, 200);
  await send('GET', `/ogc/collections/${id}/items/${fid}`, 304, { headers: { 'If-None-Match': one.headers.get('etag')! } });
  await send('GET', `/ogc/collections/${id}/items/999999999`, 404);
  return fid;
}

/** Part 4 on a collection: a copy of a feature added, patched, replaced and deleted, with the usual refusals. */
async function writeCollection(id: string, fid: number, role: keyof TestContext['tokens']): Promise<void> {
  const schema = (await send('GET', `/ogc/collections/${id}/schema`, 200)).json() as { properties: Record<string, { readOnly?: boolean }> };
  const feature = (await send('GET', `/ogc/collections/${id}/items/${fid}`, 200, { as: 'admin' })).json();
  const properties = Object.fromEntries(Object.entries(feature.properties as Record<string, unknown>).filter(([k, v]) => !schema.properties[k]?.readOnly && v !== null));
  // A new code of the same form as the copied one (each layer has its pattern): its last three characters become digits.
  if (typeof properties.code === 'string') {
    const [table, stem] = [findLayer(id)!.table, properties.code.slice(0, -3)];
    let n = 999;
    while (await ctx.db.knex(table).where({ code: `${stem}${n}` }).first()) n--;
    properties.code = `${stem}${n}`;
  }
  const body = { type: 'Feature', geometry: feature.geometry, properties };
  const url = `/ogc/collections/${id}/items`;
  await send('POST', url, 401, { body, type: 'application/geo+json', as: 'nobody' });
  await send('POST', url, 403, { body, type: 'application/geo+json', as: 'cadre' });
  const created = await send('POST', url, 201, { body, type: 'application/geo+json', as: role });
  const item = `${url}/${created.json().id}`;
  let etag = created.headers.get('etag')!;
  if (typeof properties.code === 'string') await send('POST', url, 409, { body, type: 'application/geo+json', as: role });
  await send('PATCH', item, 412, { body: {}, type: 'application/merge-patch+json', as: role, headers: { 'If-Match': '"v99"' } });
  const patched = await send('PATCH', item, 200, { body: {}, type: 'application/merge-patch+json', as: role, headers: { 'If-Match': etag } });
  etag = patched.headers.get('etag')!;
  const replaced = await send('PUT', item, 204, { body, type: 'application/geo+json', as: role, headers: { 'If-Match': etag, Prefer: 'return=minimal' } });
  etag = replaced.headers.get('etag')!;
  const again = await send('PUT', item, 200, { body, type: 'application/geo+json', as: role, headers: { 'If-Match': etag } });
  await send('DELETE', item, 412, { as: role, headers: { 'If-Match': '"v99"' } });
  await send('DELETE', item, 204, { as: role, headers: { 'If-Match': again.headers.get('etag')! } });
  await send('PATCH', item, 404, { body: {}, type: 'application/merge-patch+json', as: role, headers: { 'If-Match': '*' } });
}

describe('Prism in proxy mode over every documented route', () => {
  it('finds no violation in the requests and answers of every route', async () => {
    // The service and the OGC discovery documents.
    await send('GET', '/api/health', 200);
    await send('GET', '/ogc', 200);
    await send('GET', '/ogc/conformance', 200);
    await send('GET', '/ogc/api', 200);
    // A warning, so that every collection has a feature to read.
    await send('POST', '/api/warnings', 401, { raw: CAP_ALERT('CAP-PRISM-0', '<circle>22.36,110.94 5</circle>'), type: 'application/cap+xml', as: 'nobody' });
    await send('POST', '/api/warnings', 403, { raw: CAP_ALERT('CAP-PRISM-0', '<circle>22.36,110.94 5</circle>'), type: 'application/cap+xml', as: 'planner' });
    await send('POST', '/api/warnings', 400, { raw: '<alert><identifier>x</identifier>', type: 'application/cap+xml', as: 'duty' });
    const warning = (await send('POST', '/api/warnings', 201, { raw: CAP_ALERT('CAP-PRISM-1', '<circle>22.36,110.94 5</circle>'), type: 'application/cap+xml', as: 'duty' })).json();
    const collections = (await send('GET', '/ogc/collections', 200)).json().collections as Array<{ id: string }>;
    const writers: Record<string, keyof TestContext['tokens']> = { risk_sites: 'geohazard', shelters: 'planner', depots: 'planner', hazard_zones: 'planner', towns: 'planner', villages: 'planner' };
    const ids: Record<string, number> = {};
    for (const { id } of collections) ids[id] = await readCollection(id);
    for (const { id } of collections) if (doc.paths[`/ogc/collections/${id}/items`]?.post) await writeCollection(id, ids[id], writers[id] ?? 'admin');

    // Tiles.
    await send('GET', '/tiles/shelters.json', 200);
    await send('GET', '/tiles/shelters/10/825/447.mvt', [200, 204]);
    await send('GET', '/tiles/onemap/3/0/0.mvt', [200, 204]);
    await send('GET', '/tiles/shelters/3/99/0.mvt', [400, 404]);
    await send('GET', '/ogc/tileMatrixSets', 200);
    await send('GET', '/ogc/tileMatrixSets/WebMercatorQuad', 200);
    await send('GET', '/ogc/tiles', 200);
    await send('GET', '/ogc/tiles/WebMercatorQuad', 200);
    await send('GET', '/ogc/tiles/WebMercatorQuad/10/447/825', [200, 204]);
    await send('GET', '/ogc/collections/shelters/tiles', 200);
    await send('GET', '/ogc/collections/shelters/tiles/WebMercatorQuad', 200);
    await send('GET', '/ogc/collections/shelters/tiles/WebMercatorQuad/10/447/825', [200, 204]);

    // The web client's reads.
    await send('GET', '/api/layers', 200);
    await send('GET', '/api/layers', 200, { as: 'admin' });
    await send('GET', '/api/search?q=%E9%95%87', 200);
    await send('GET', '/api/search?q=zhen&limit=3', 200);
    const site = (await send('GET', `/ogc/collections/risk_sites/items/${ids.risk_sites}`, 200)).json();
    await send('GET', `/api/cards/${encodeURIComponent(site.properties.code)}`, 200);
    await send('GET', `/api/cards/${encodeURIComponent(site.properties.code)}`, 200, { as: 'geohazard' });
    await send('GET', '/api/cards/NO-SUCH-SITE', 404);

    // Sign-in, users and tokens.
    const login = await send('POST', '/api/auth/login', 200, { body: { username: 'li.planner', password: PASSWORD } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    await send('POST', '/api/auth/login', 401, { body: { username: 'li.planner', password: 'not the password' } });
    await send('GET', '/api/auth/me', 200);
    await send('GET', '/api/auth/me', 200, { headers: { Cookie: cookie } });
    await send('POST', '/api/auth/password', 422, { body: { current_password: 'wrong password!!', new_password: 'a new long pass phrase' }, headers: { Cookie: cookie, 'X-Requested-With': 'fetch' } });
    await send('POST', '/api/auth/password', 200, { body: { current_password: PASSWORD, new_password: 'a new long pass phrase' }, headers: { Cookie: cookie, 'X-Requested-With': 'fetch' } });
    await send('GET', '/api/users', 401, { as: 'nobody' });
    await send('GET', '/api/users', 403, { as: 'planner' });
    await send('GET', '/api/users', 200, { as: 'admin' });
    const user = (await send('POST', '/api/users', 201, { as: 'admin', body: { username: 'zhou.geo', role: 'geohazard', password: 'a long pass phrase' } })).json();
    await send('POST', '/api/users', 409, { as: 'admin', body: { username: 'zhou.geo', role: 'geohazard', password: 'a long pass phrase' } });
    await send('PATCH', `/api/users/${user.id}`, 200, { as: 'admin', body: { role: 'planner' } });
    await send('PATCH', '/api/users/99999', 404, { as: 'admin', body: { role: 'planner' } });
    await send('DELETE', `/api/users/${user.id}`, 204, { as: 'admin' });
    await send('DELETE', '/api/users/99999', 404, { as: 'admin' });
    await send('GET', '/api/tokens', 200, { as: 'admin' });
    const token = (await send('POST', '/api/tokens', 201, { as: 'admin', body: { name: 'field tablet', role: 'cadre' } })).json();
    await send('DELETE', `/api/tokens/${token.id}`, 204, { as: 'admin' });
    await send('DELETE', '/api/tokens/99999', 404, { as: 'admin' });
    await send('POST', '/api/auth/logout', 204, { headers: { Cookie: cookie, 'X-Requested-With': 'fetch' } });

    // History and restore.
    await send('GET', `/api/history?collection=shelters&id=${ids.shelters}`, 200, { as: 'planner' });
    await send('GET', '/api/history?collection=shelters&op=delete', 200, { as: 'planner' });
    await send('GET', '/api/history?collection=shelters', 401, { as: 'nobody' });
    await send('GET', '/api/history?collection=nothing', [400, 404], { as: 'planner' });
    const deleted = (await send('GET', '/api/history?collection=shelters&op=delete', 200, { as: 'planner' })).json() as { entries: Array<{ id?: number; feature_id?: number }> };
    const gone = deleted.entries[0];
    await send('POST', '/api/history/restore', 401, { as: 'nobody', body: { collection: 'shelters', id: ids.shelters } });
    await send('POST', '/api/history/restore', 409, { as: 'planner', body: { collection: 'shelters', id: ids.shelters } });
    await send('POST', '/api/history/restore', 404, { as: 'planner', body: { collection: 'shelters', id: 99999999 } });
    await send('POST', '/api/history/restore', 200, { as: 'planner', body: { collection: 'shelters', id: gone.feature_id ?? gone.id } });

    // Grading.
    await send('POST', `/api/risk-sites/${ids.risk_sites}/grade`, 401, { as: 'nobody', body: {} });
    await send('POST', `/api/risk-sites/${ids.risk_sites}/grade`, 403, { as: 'planner', body: {} });
    await send('POST', '/api/risk-sites/99999999/grade', 404, { as: 'geohazard', body: {} });
    await send('POST', `/api/risk-sites/${ids.risk_sites}/grade`, 201, { as: 'geohazard', body: { note: 'after the rains' } });
    await send('POST', '/api/risk-sites/grade-all', 200, { as: 'geohazard', body: { note: 'annual review' } });
    await send('GET', `/api/risk-sites/${ids.risk_sites}/gradings`, 200);
    await send('GET', `/api/risk-sites/${ids.risk_sites}/gradings`, 200, { as: 'geohazard' });
    await send('GET', '/api/risk-sites/99999999/gradings', 404);

    // Analyses.
    await send('GET', '/api/analysis/catchments', 200);
    await send('GET', '/api/analysis/catchments?include=summary', 200);
    await send('GET', '/api/analysis/catchments?include=assignments&limit=5', 200);
    await send('GET', '/api/analysis/catchments?include=features&limit=2', 200);
    await send('GET', '/api/analysis/catchments?include=features&f=csv', 200);
    await send('GET', '/api/analysis/catchments?include=nothing', 400);
    await send('POST', '/api/analysis/catchments', 200, { body: { draft: { remove: [ids.shelters] } } });
    await send('GET', '/api/analysis/coverage', 200);
    await send('POST', '/api/analysis/coverage?include=summary', 200, { body: { draft: { remove: [ids.shelters] } } });
    await send('POST', '/api/analysis/siting', 200, { body: { count: 2, shelter_type: 'emergency' } });
    await send('POST', '/api/analysis/evacuation', 200, { body: { warning_area: warning.geometry } });
    await send('GET', '/api/indicators', 200);
    await send('GET', '/api/analysis/nearest-shelter?lon=110.94&lat=22.36', 200);
    await send('GET', `/api/analysis/route?from=110.94,22.36&shelter_id=${ids.shelters}`, [200, 422]);
    await send('GET', '/api/analysis/route?from=110.94,22.36&shelter_id=99999999', 404);
    await send('GET', `/api/analysis/isochrones?shelter_id=${ids.shelters}&minutes=10,20`, 200);
    await send('GET', '/api/analysis/isochrones?shelter_id=99999999&minutes=10', 404);

    // Export of an analysis result.
    const small = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [110.9, 22.3] }, properties: { name: 'a' } }] };
    for (const f of ['geojson', 'csv', 'gpkg', 'fgb']) await send('POST', `/api/export?f=${f}&name=catchments`, 200, { body: small });

    // Import: a dry run, a job followed to its end, the saved mappings.
    const form = () => {
      const fd = new FormData();
      fd.append('file', new Blob([Buffer.from('code,name,shelter_type,level,capacity,status,lon,lat\r\nPR-1,棱镜站,emergency,village,120,open,111.05,22.49\r\n')]), 'p.csv');
      return fd;
    };
    const importVia = async (url: string, expected: number, as?: keyof TestContext['tokens'] | 'nobody', headers: Record<string, string> = {}) => {
      const res = await fetch(prismBase + url, { method: 'POST', body: form(), headers: { ...headers, ...(as ? { Authorization: `Bearer ${as === 'nobody' ? 'om_not_a_token' : ctx.tokens[as]}` } : {}) } });
      const text = await res.text();
      if (res.headers.get('sl-violations') || text.includes('stoplight.io/prism')) violations.push(`POST ${url} → ${res.status}: ${res.headers.get('sl-violations') ?? text}`);
      if (res.status !== expected) violations.push(`POST ${url} → ${res.status}: expected ${expected}: ${text.slice(0, 300)}`);
      seen.set('POST /api/import/{collectionId}', new Set([...(seen.get('POST /api/import/{collectionId}') ?? []), res.status]));
      return JSON.parse(text);
    };
    await importVia('/api/import/shelters', 401, 'nobody');
    await importVia('/api/import/shelters', 403, 'cadre');
    await importVia('/api/import/shelters?source=prism', 200, 'planner');
    const job = await importVia('/api/import/shelters?source=prism', 202, 'planner', { Prefer: 'respond-async' });
    for (let i = 0; i < 50; i++) if ((await send('GET', `/api/import/jobs/${job.job}`, 200, { as: 'planner' })).json().status !== 'running') break;
    await send('GET', '/api/import/jobs/00000000-0000-4000-8000-000000000000', 404, { as: 'planner' });
    await send('GET', '/api/import/shelters/mappings', 200, { as: 'planner' });

    // Evacuation operations, shelters' occupancy and special needs.
    await send('GET', '/api/operations', 401, { as: 'nobody' });
    await send('GET', '/api/operations', 200, { as: 'duty' });
    await send('POST', '/api/operations', 403, { as: 'planner', body: { warning_id: warning.id } });
    const op = (await send('POST', '/api/operations', 201, { as: 'duty', body: { warning_id: warning.id } })).json().operation;
    await send('GET', `/api/operations/${op.id}`, 200, { as: 'duty' });
    await send('GET', '/api/operations/99999', 404, { as: 'duty' });
    const tasks = (await send('GET', `/api/operations/${op.id}/tasks?limit=3`, 200, { as: 'cadre' })).json().tasks as Array<{ id: number; version: number; shelter_id: number | null }>;
    if (tasks.length > 0) {
      const t = tasks[0];
      await send('PATCH', `/api/operations/${op.id}/tasks/${t.id}`, 428, { as: 'cadre', body: { status: 'moving' } });
      await send('PATCH', `/api/operations/${op.id}/tasks/${t.id}`, 412, { as: 'cadre', body: { status: 'moving' }, headers: { 'If-Match': '"v999"' } });
      await send('PATCH', `/api/operations/${op.id}/tasks/${t.id}`, 200, { as: 'cadre', body: { status: 'moving' }, headers: { 'If-Match': `"v${t.version}"` } });
      await send('GET', `/api/operations/${op.id}/tasks/${t.id}/history`, 200, { as: 'duty' });
      await send('GET', `/api/operations/${op.id}/tasks/99999999/history`, 404, { as: 'duty' });
    }
    for (const f of ['csv', 'geojson', 'gpkg', 'fgb']) await send('GET', `/api/operations/${op.id}/report?f=${f}`, 200, { as: 'duty' });
    await send('POST', `/api/shelters/${ids.shelters}/occupancy`, 403, { as: 'planner', body: { delta: 1 }, headers: { 'Idempotency-Key': 'prism-occupancy-0' } });
    await send('POST', `/api/shelters/${ids.shelters}/occupancy`, 200, { as: 'shelter', body: { delta: 3 }, headers: { 'Idempotency-Key': 'prism-occupancy-1' } });
    await send('POST', '/api/shelters/99999999/occupancy', 404, { as: 'shelter', body: { delta: 3 }, headers: { 'Idempotency-Key': 'prism-occupancy-2' } });
    await send('GET', `/api/risk-sites/${ids.risk_sites}/special-needs`, 200, { as: 'duty' });
    const needUrl = `/api/risk-sites/${ids.risk_sites}/special-needs`;
    const need = (await send('POST', needUrl, 201, { as: 'geohazard', body: { kind: 'bedridden', persons: 1, helper_name: '李护工', helper_phone: '13800000001' } })).json();
    await send('PATCH', `/api/special-needs/${need.id}`, 200, { as: 'geohazard', body: { persons: 2 } });
    await send('DELETE', `/api/special-needs/${need.id}`, 204, { as: 'geohazard' });
    await send('DELETE', '/api/special-needs/99999999', 404, { as: 'geohazard' });
    await send('POST', `/api/operations/${op.id}/close`, 200, { as: 'duty' });
    await send('POST', `/api/operations/${op.id}/close`, 409, { as: 'duty' });

    expect(violations).toEqual([]);
    const missing = templates.filter((t) => !(t.key in NOT_CHECKED) && ![...(seen.get(t.key) ?? [])].some((s) => s >= 200 && s < 300)).map((t) => t.key);
    expect(missing).toEqual([]);
  }, 180_000);
});

/**
 * The refusals Prism cannot pass on when it checks requests (a body too large, of the wrong type or
 * against its schema) and the rate limits: a second Prism forwards invalid requests and checks only
 * the answers; reads marked X-Limited go to an app that lets an address make few anonymous requests a minute.
 */
describe('Prism over the refusals of invalid requests and the rate limits', () => {
  it('finds no violation in the answers to bodies too large, of the wrong type or invalid, and to too many requests', async () => {
    const limited = createApp({ db: ctx.db, config: { PUBLIC_URL: undefined, BODY_LIMIT: '1mb', READ_RATE_LIMIT_PER_MIN: 40 }, log: () => {} });
    // Requests marked X-Limited go to the app with the small allowance, the others to the test's app.
    const upstream = await listenOnLoopback((req, res) => (req.headers['x-limited'] ? limited.app : ctx.app)(req, res));
    const { base, child } = await startPrism(path.join(dir, 'openapi.json'), upstream.base, false);
    const found: string[] = [];
    const statuses: string[] = [];
    /** `breaks`: the document itself says the request is wrong (Prism must name it), not only the service. */
    const via = async (method: string, url: string, expected: number, opts: { body?: string | Uint8Array; type?: string; as?: keyof TestContext['tokens']; headers?: Record<string, string>; breaks?: boolean } = {}) => {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.as) headers.Authorization = `Bearer ${ctx.tokens[opts.as]}`;
      if (opts.type) headers['Content-Type'] = opts.type;
      const res = await fetch(base + url, { method, headers, body: opts.body as BodyInit | undefined });
      const text = await res.text();
      const label = `${method} ${url.slice(0, 80)} → ${res.status}`;
      statuses.push(label);
      if (res.status !== expected) found.push(`${label}: expected ${expected}: ${text.slice(0, 200)}`);
      if (text.includes('stoplight.io/prism')) found.push(`${label}: answered by Prism: ${text.slice(0, 300)}`);
      // The request is meant to break the document; only what is said about the answer counts.
      const said = JSON.parse(res.headers.get('sl-violations') ?? '[]') as Array<{ location?: string[]; message?: string }>;
      for (const v of said) if (v.location?.[0] !== 'request') found.push(`${label}: ${JSON.stringify(v)}`);
      if (opts.breaks && !said.some((v) => v.location?.[0] === 'request')) found.push(`${label}: the document lets this request through`);
      return { res, text };
    };
    try {
      const items = '/ogc/collections/shelters/items';
      const shelter = { type: 'Feature', geometry: { type: 'Point', coordinates: [110.95, 22.37] }, properties: { code: 'PR-422', name: '棱镜', shelter_type: 'emergency', level: 'village', capacity: 10, status: 'open' } };
      // 413: a body over BODY_LIMIT, and a filter over its cap.
      await via('POST', items, 413, { body: JSON.stringify({ ...shelter, properties: { ...shelter.properties, name: 'x'.repeat(1_100_000) } }), type: 'application/geo+json', as: 'planner' });
      await via('GET', `${items}?filter=${encodeURIComponent(`name = '${'x'.repeat(9000)}'`)}`, 413, { as: 'planner' });
      // 415: not JSON.
      await via('POST', items, 415, { body: 'code=PR-1', type: 'text/plain', as: 'planner' });
      await via('POST', '/api/export?f=csv', 415, { body: 'a,b', type: 'text/csv' });
      // 422: bodies against their schema.
      await via('POST', items, 422, { body: JSON.stringify({ ...shelter, geometry: { type: 'LineString', coordinates: [[110.9, 22.3], [111, 22.4]] } }), type: 'application/geo+json', as: 'planner', breaks: true });
      await via('POST', items, 422, { body: JSON.stringify({ ...shelter, properties: { ...shelter.properties, capacity: -3 } }), type: 'application/geo+json', as: 'planner', breaks: true });
      await via('POST', '/api/export?f=geojson', 422, { body: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: 'oops' }, properties: {} }] }), type: 'application/json', breaks: true });
      await via('POST', '/api/export?f=gpkg', 422, { body: JSON.stringify({ type: 'Feature' }), type: 'application/geo+json', breaks: true });
      await via('POST', '/api/warnings', 422, { body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [110.9, 22.3] }, properties: { level: 'purple' } }), type: 'application/geo+json', as: 'duty', breaks: true });
      const one = (await (await fetch(`${server.base}${items}?limit=1`)).json()).features[0];
      const tag = (await fetch(`${server.base}${items}/${one.id}`)).headers.get('etag')!;
      await via('PATCH', `${items}/${one.id}`, 422, { body: JSON.stringify({ properties: { status: 'flooded' } }), type: 'application/merge-patch+json', as: 'planner', headers: { 'If-Match': tag }, breaks: true });
      await via('PATCH', `${items}/${one.id}`, 422, { body: JSON.stringify({ colour: 'red' }), type: 'application/merge-patch+json', as: 'planner', headers: { 'If-Match': tag }, breaks: true });
      // Every layer's body is checked by the document: a validator that cannot read a schema lets anything by.
      for (const { id } of LAYERS) {
        if (!doc.paths[`/ogc/collections/${id}/items`]?.post) continue;
        await via('POST', `/ogc/collections/${id}/items`, 422, { body: JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [110.9] }, properties: {} }), type: 'application/geo+json', as: 'admin', breaks: true });
      }
      await via('POST', '/api/auth/login', 422, { body: JSON.stringify({ username: 'li.planner' }), type: 'application/json', breaks: true });
      await via('POST', '/api/auth/login', 415, { body: 'username=li.planner', type: 'text/plain' });
      // 429: failed logins for one account, then anonymous reads past the minute's allowance.
      for (let i = 0; i < 5; i++) await via('POST', '/api/auth/login', 401, { body: JSON.stringify({ username: 'li.planner', password: `wrong ${i}` }), type: 'application/json' });
      const locked = await via('POST', '/api/auth/login', 429, { body: JSON.stringify({ username: 'li.planner', password: 'wrong again' }), type: 'application/json' });
      expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThan(0);
      let last = 0;
      for (let i = 0; i < 60 && last !== 429; i++) last = (await fetch(`${base}/ogc/collections/towns`, { headers: { 'X-Limited': '1' } })).status;
      expect(last).toBe(429);
      await via('GET', `${items}?limit=1`, 429, { headers: { 'X-Limited': '1' } });
      await via('GET', '/tiles/shelters.json', 429, { headers: { 'X-Limited': '1' } });
      await via('GET', '/api/analysis/nearest-shelter?lon=110.94&lat=22.36', 429, { headers: { 'X-Limited': '1' } });
      expect(found, statuses.join('\n')).toEqual([]);
    } finally {
      child.kill();
      await upstream.close();
      await limited.close();
    }
  }, 120_000);
});
