/**
 * The public map without a signal, in Chromium on a phone: opened once with the network, then
 * the network gone and the page reloaded — the map comes back from what the service worker kept,
 * and "where do I go?" answers with the nearest usable shelter in a straight line from the kept
 * shelters, saying that it is an offline estimate and how old its data is. Staff answers are
 * never kept, and the tiles kept are capped, the oldest dropped first.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import { clickLonLat, launchBrowser, mapInk, openMap, openPage, screenshot } from './helpers/browser.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';

let server: WebServer | undefined;
let url: string;
let browser: Browser;
let phone: { page: Page; errors: string[] };

/** The public shelters' address as the map asks for it. */
const SHELTERS = '/ogc/collections/shelters/items?limit=10000';

/** Whether the worker's cache holds an answer for a path (and what its Cache-Control said). */
const kept = (page: Page, path: string) =>
  page.evaluate(async (p) => {
    for (const name of await caches.keys()) {
      const hit = await (await caches.open(name)).match(p, { ignoreVary: true });
      if (hit) return { cacheControl: hit.headers.get('Cache-Control') };
    }
    return null;
  }, path);

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  url = server.url;
  phone = await openPage(browser, { width: 390, height: 844, mobile: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the public map without a signal', () => {
  it('keeps the page, its code, the public layers and the tiles viewed once opened with a signal', async () => {
    await openMap(phone.page, url);
    await phone.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    const sw = await phone.page.request.get(`${url}/sw.js`);
    expect(sw.headers()['cache-control']).toBe('no-cache');
    await expect.poll(() => kept(phone.page, SHELTERS), { timeout: 20_000 }).not.toBeNull();
    for (const path of ['/', '/api/layers', '/ogc/collections/warnings/items?limit=10000', '/ogc/collections/towns/items?limit=10000']) {
      expect(await kept(phone.page, path), path).not.toBeNull();
    }
    const scripts = await phone.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/assets/')));
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) expect(await kept(phone.page, path), path).not.toBeNull();
    const tiles = await phone.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('.mvt')));
    if (tiles.length) await expect.poll(() => kept(phone.page, new URL(tiles[0]).pathname + new URL(tiles[0]).search), { timeout: 10_000 }).not.toBeNull();
    // Nothing kept is a staff answer, nor the live stream, nor who is signed in.
    expect(await kept(phone.page, '/api/auth/me')).toBeNull();
    expect(await kept(phone.page, '/api/live')).toBeNull();
  }, 90_000);

  it('keeps at most its cap of tiles, the oldest dropped first', async () => {
    const worker = fs.readFileSync(path.resolve(import.meta.dirname, '../../web/public/sw.js'), 'utf8');
    const cap = Number(/\[TILES_CACHE\]: (\d+)/.exec(worker)?.[1]);
    expect(cap).toBeGreaterThanOrEqual(100);
    expect(cap).toBeLessThanOrEqual(1000);
    // A phone of its own (its own worker and caches): the other tests' map keeps its tiles.
    const other = await openPage(browser, { width: 390, height: 844, mobile: true });
    await openMap(other.page, url);
    await other.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    // Tiles of every layer at zoom 15 over the county: those inside a town hold something (200,
    // kept), the others are empty (204, never kept).
    const box = (await server!.db.knex.raw<{ rows: Array<{ x0: number; y0: number; x1: number; y1: number }> }>(
      'SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM towns) t',
    )).rows[0];
    const z = 15;
    const n = 2 ** z;
    const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
    const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    const urls: string[] = [];
    for (let y = ty(Number(box.y1)); y <= ty(Number(box.y0)); y++) for (let x = tx(Number(box.x0)); x <= tx(Number(box.x1)); x++) urls.push(`/tiles/onemap/${z}/${x}/${y}.mvt`);
    /** Fetches tiles through the worker, `parallel` at a time, until `want` of them held something; returns those (a few more when parallel). */
    const view = (from: number, want: number, parallel: number) =>
      other.page.evaluate(
        async ([all, start, wanted, lanes]) => {
          const full: string[] = [];
          let i = start;
          const next = async (): Promise<void> => {
            while (full.length < wanted && i < all.length) {
              const u = all[i++];
              const res = await fetch(u);
              if (res.status === 200) full.push(u);
              await res.arrayBuffer();
            }
          };
          await Promise.all(Array.from({ length: lanes }, next));
          return { full, end: i };
        },
        [urls, from, want, parallel] as const,
      );
    const tileCache = () => other.page.evaluate(async () => (await (await caches.open('onemap-tiles-v2')).keys()).map((r) => new URL(r.url).pathname));
    const notKept = async (list: string[]) => {
      const kept = new Set(await tileCache());
      return list.filter((u) => !kept.has(u));
    };
    // The map's own tiles, handed to the worker once it runs, are kept first: older than the test's.
    const mapTiles = await other.page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('.mvt') && e.responseStatus === 200).map((e) => new URL(e.name).pathname),
    );
    await expect.poll(() => notKept(mapTiles), { timeout: 20_000 }).toEqual([]);
    const first = await view(0, 40, 1);
    expect(first.full).toHaveLength(40);
    await expect.poll(() => notKept(first.full), { timeout: 10_000 }).toEqual([]);
    const later = await view(first.end, cap, 4);
    expect(later.full.length).toBeGreaterThanOrEqual(cap);
    const last = await view(later.end, 10, 1);
    expect(last.full).toHaveLength(10);
    // The cache trims itself just after each tile is kept.
    await expect.poll(async () => (await tileCache()).length, { timeout: 20_000 }).toBe(cap);
    expect(await notKept(first.full)).toEqual(first.full);
    // What is kept is the newest: none of the first, the last all, the rest from the ones between.
    expect(await notKept(last.full)).toEqual([]);
    expect((await tileCache()).filter((u) => !later.full.includes(u) && !last.full.includes(u))).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.page.context().close();
  }, 180_000);

  it('never keeps a signed-in staff member’s answers', async () => {
    const password = await server!.addUser('planner-offline', 'planner');
    const staff = await openPage(browser, { width: 1280, height: 800 });
    const login = await staff.page.request.post(`${url}/api/auth/login`, { data: { username: 'planner-offline', password }, headers: { 'X-Requested-With': 'test' } });
    expect(login.status()).toBe(200);
    await openMap(staff.page, url);
    await staff.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    // The page's own reads went through the worker: each answered private, none kept.
    await staff.page.evaluate(async (u) => void (await fetch(u, { credentials: 'same-origin' })).text(), SHELTERS);
    expect(await kept(staff.page, SHELTERS)).toBeNull();
    expect(await kept(staff.page, '/api/layers')).toBeNull();
    await staff.page.context().close();
  }, 90_000);

  it('reloaded without a signal, shows the map and answers "where do I go?" from the kept shelters, as an offline estimate with the data’s age', async () => {
    // The network gone: the browser offline, and the server itself stopped.
    await phone.page.context().setOffline(true);
    const data = (await server!.db.knex.raw<{ rows: Array<{ code: string; name: string; status: string; vacancies: number | null; lon: number; lat: number }> }>(
      'SELECT code, name, status, vacancies, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM shelters WHERE deleted_at IS NULL',
    )).rows;
    const village = (await server!.db.knex('villages').where({ code: '440983001201' }).first(server!.db.knex.raw('ST_X(geom) AS lon'), server!.db.knex.raw('ST_Y(geom) AS lat'))) as { lon: number; lat: number };
    await server!.close();
    server = undefined;

    await phone.page.reload();
    await phone.page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
    expect(await phone.page.evaluate(() => window.__onemap!.counts().shelters)).toBe(data.length);
    const ink = await mapInk(phone.page);
    expect(ink.inked).toBeGreaterThan(0.05);

    // Worked out here: the nearest open or standby shelter with room, in a straight line.
    const here = point([Number(village.lon), Number(village.lat)]);
    const nearest = data
      .filter((s) => (s.status === 'open' || s.status === 'standby') && !(typeof s.vacancies === 'number' && s.vacancies <= 0))
      .map((s) => ({ s, d: distance(here, point([Number(s.lon), Number(s.lat)]), { units: 'meters' }) }))
      .sort((a, b) => a.d - b.d)[0];
    await clickLonLat(phone.page, Number(village.lon), Number(village.lat));
    const offline = phone.page.locator('#where-offline');
    await offline.waitFor({ timeout: 10_000 });
    expect(await offline.innerText()).toContain('离线估算');
    expect(await offline.innerText()).toMatch(/避难场所数据更新于\d+\s*分钟前/);
    expect(await phone.page.locator('.where .result .shelter-name').getAttribute('data-code')).toBe(nearest.s.code);
    const figures = await phone.page.locator('.where .result .figures').innerText();
    expect(figures).toContain('直线距离');
    const shown = /直线距离\s*([\d.]+)\s*(米|公里)/.exec(figures)!;
    const metres = Number(shown[1]) * (shown[2] === '公里' ? 1000 : 1);
    expect(Math.abs(metres - nearest.d)).toBeLessThanOrEqual(shown[2] === '公里' ? 50 : 1);
    await screenshot(phone.page, 'offline-where-to-go');
  }, 90_000);

  it('threw no script errors', () => {
    expect(phone.errors).toEqual([]);
  });
});
