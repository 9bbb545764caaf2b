/**
 * The public map without a signal, in Chromium on a phone: opened once with the network, then
 * the network gone and the page reloaded — the map comes back from what the service worker kept,
 * and "where do I go?" answers with the nearest usable shelter in a straight line from the kept
 * shelters, saying that it is an offline estimate and how old its data is. Staff answers are
 * never kept.
 */
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
