import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { createToken } from '../../server/auth/tokens.ts';
import { SCREENSHOTS, clickLonLat, launchBrowser, mapInk, openMap, openPage, screenshot, unlabelledControls } from './helpers/browser.ts';
import { mercator } from './helpers/page-globals.ts';
import { expectWayAlongRoads } from './helpers/walking-way.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';

let server: WebServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const password = await server.addUser('planner-li', 'planner');
  ({ page, errors } = await openPage(browser, { width: 1400, height: 900 }));
  await openMap(page, `${server.url}/`);
  await page.locator('#sign-in').click();
  await page.locator('#login-user').fill('planner-li');
  await page.locator('#login-pass').fill(password);
  await page.locator('#login-pass').press('Enter');
  await page.locator('#run-coverage').waitFor({ timeout: 20_000 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Town {
  geometry: Polygon | MultiPolygon;
  properties: { code: string; name: string; residents: number; covered_residents_pct: number | null };
}
interface Uncovered {
  geometry: { coordinates: [number, number] };
  properties: { demand_type: string; residents: number };
}
let answer: { towns: { features: Town[] }; uncovered: { features: Uncovered[] } };

/** The analysis layers' drawn features, by layer, and their sum. */
async function drawn(): Promise<{ by: Record<string, number>; total: number }> {
  const by = await page.evaluate(() => window.__onemap!.drawn());
  return { by, total: Object.values(by).reduce((a, b) => a + b, 0) };
}

/** Moves the map and waits until it is drawn again. */
async function view(lon: number, lat: number, zoom: number): Promise<number[]> {
  return page.evaluate(
    async ([c, z]) => {
      const { map } = window.__onemap!;
      map.getView().setCenter(c);
      map.getView().setZoom(z);
      await new Promise<void>((resolve) => {
        map.once('rendercomplete', () => resolve());
        map.render();
      });
      return map.getView().calculateExtent(map.getSize());
    },
    [mercator(lon, lat), zoom] as const,
  );
}

/** The whole county in view, as the map opens. */
async function county(): Promise<void> {
  const [w, s] = mercator(110.68, 22.19);
  const [e, n] = mercator(111.68, 22.71);
  await page.evaluate(
    async (extent) => {
      const { map } = window.__onemap!;
      map.getView().fit(extent, { padding: [10, 290, 10, 10] }); // clear of the analysis legend
      await new Promise<void>((resolve) => {
        map.once('rendercomplete', () => resolve());
        map.render();
      });
    },
    [w, s, e, n],
  );
}

/** Average colour of the map canvas around the given lon/lat points (median of small patches). */
async function mapColourAt(points: Array<[number, number]>): Promise<[number, number, number]> {
  return page.evaluate((coords) => {
    const { map } = window.__onemap!;
    const el = document.querySelector('#map .ol-viewport') as HTMLElement;
    const rect = el.getBoundingClientRect();
    const out = document.createElement('canvas');
    out.width = Math.round(rect.width);
    out.height = Math.round(rect.height);
    const ctx = out.getContext('2d') as CanvasRenderingContext2D;
    for (const c of el.querySelectorAll('canvas')) ctx.drawImage(c, 0, 0, out.width, out.height);
    const samples = coords.map((c) => {
      const [x, y] = map.getPixelFromCoordinate(c);
      const d = ctx.getImageData(Math.round(x) - 2, Math.round(y) - 2, 5, 5).data;
      const sum = [0, 0, 0];
      for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k] += d[i + k];
      return sum.map((v) => v / (d.length / 4));
    });
    const median = (k: number) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
    return [median(0), median(1), median(2)] as [number, number, number];
  }, points.map(([lon, lat]) => mercator(lon, lat)));
}

/** Points spread over a town's inside (a grid over its box, kept when inside). */
function insidePoints(t: Town, n = 12): Array<[number, number]> {
  const rings = t.geometry.type === 'Polygon' ? [t.geometry.coordinates] : t.geometry.coordinates;
  const xs = rings.flatMap((r) => r[0].map((p) => p[0]));
  const ys = rings.flatMap((r) => r[0].map((p) => p[1]));
  const out: Array<[number, number]> = [];
  for (let i = 1; i < 10 && out.length < n; i++) {
    for (let j = 1; j < 10 && out.length < n; j++) {
      const p: [number, number] = [Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 10, Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 10];
      if (booleanPointInPolygon(point(p), t.geometry)) out.push(p);
    }
  }
  return out;
}

const luminance = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/** Visible words in a part of the page: text, option labels, SVG text, and the labels screen readers read. */
async function visibleWords(selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const root of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = n.textContent?.trim();
        if (!text || !el || el.closest('[hidden], script, style')) continue;
        if (el.tagName !== 'OPTION' && el.tagName !== 'title' && !el.closest('svg') && !el.checkVisibility()) continue;
        out.push(text);
      }
      for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
        for (const a of ['aria-label', 'title', 'placeholder']) {
          const v = el.getAttribute(a);
          if (v && v !== '—') out.push(v);
        }
      }
    }
    return out;
  }, selector);
}

/** Words that should have been Chinese: identifiers (placed_residents) and English words. */
function untranslated(words: string[]): string[] {
  const allowed = new Set(['CSV']);
  return words.filter((w) => /\b[a-z]+_[a-z_]+\b/.test(w) || (w.match(/[A-Za-z]{3,}/g) ?? []).some((x) => !allowed.has(x)));
}

const figure = (key: string) => page.locator(`#coverage-figures [data-key="${key}"] .v`);
const figureValue = async (key: string) => Number(await figure(key).getAttribute('data-value'));

describe('the planning workspace', () => {
  let baseline: number;
  const name = 'E2E 规划避难场所';

  it('runs coverage and shows the figures per town beside the gaps on the map', async () => {
    await page.locator('#run-coverage').click();
    await figure('uncovered_residents').waitFor({ timeout: 30_000 });
    baseline = await figureValue('uncovered_residents');
    expect(baseline).toBeGreaterThan(0);
    const towns = await page.locator('#town-figures tbody tr').count();
    expect(towns).toBe(Number((await server.db.knex('towns').count<Array<{ n: string }>>({ n: '*' }))[0].n));
    // a bar per town in the chart beside the table
    expect(await page.locator('#town-chart svg .bar-row').count()).toBe(towns);
    await page.waitForTimeout(400); // the county moves clear of the legend
    await screenshot(page, 'planner-coverage');
    expect(await unlabelledControls(page, '#panel')).toEqual([]);
  });

  it('shows the answer per town at the county view: a few hundred symbols, towns coloured by coverage', async () => {
    answer = await (await page.request.get(`${server.url}/api/analysis/coverage`)).json();
    const { by, total } = await drawn();
    // every town, the merged gap areas, and no single points at county scale
    expect(by.town_coverage).toBe(answer.towns.features.length);
    expect(by.gap_areas).toBeGreaterThan(0);
    expect(by.uncovered_sites ?? 0).toBe(0);
    expect(total).toBeLessThanOrEqual(300);
    // the worst-covered town is drawn darker than the best-covered
    const measured = answer.towns.features.filter((t) => t.properties.residents > 0 && t.properties.covered_residents_pct !== null);
    const byPct = [...measured].sort((a, b) => a.properties.covered_residents_pct! - b.properties.covered_residents_pct!);
    const worst = await mapColourAt(insidePoints(byPct[0]));
    const best = await mapColourAt(insidePoints(byPct[byPct.length - 1]));
    expect(luminance(worst)).toBeLessThan(luminance(best) - 40);
    // purple-red, the colours of the town classes (never the hazard grades' orange or yellow)
    expect(worst[0]).toBeGreaterThan(worst[1] + 40);
    expect(worst[2]).toBeGreaterThan(worst[1] + 20);
  });

  it('shows uncovered sites in groups at town scale and one by one when zoomed in', async () => {
    const sites = answer.uncovered.features.filter((f) => f.properties.demand_type === 'risk_site');
    const target = [...sites].sort((a, b) => b.properties.residents - a.properties.residents)[0];
    const [lon, lat] = target.geometry.coordinates;
    const inView = (extent: number[]) =>
      sites.filter((f) => {
        const [x, y] = mercator(...f.geometry.coordinates);
        return x >= extent[0] && x <= extent[2] && y >= extent[1] && y <= extent[3];
      }).length;
    const town = await view(lon, lat, 12);
    const groups = (await drawn()).by.uncovered_sites;
    expect(groups).toBeGreaterThan(0);
    expect(groups).toBeLessThan(inView(town));
    await screenshot(page, 'planner-coverage-town');
    const close = await view(lon, lat, 15);
    expect((await drawn()).by.uncovered_sites).toBe(inView(close));
    await screenshot(page, 'planner-coverage-sites');
    await county();
  });

  it('drafts a shelter where people are uncovered and sees coverage improve at once, before saving', async () => {
    const res = await page.request.get(`${server.url}/api/analysis/coverage`);
    const uncovered = ((await res.json()) as { uncovered: { features: Array<{ geometry: { coordinates: [number, number] }; properties: { demand_type: string; residents: number } }> } }).uncovered.features
      .filter((f) => f.properties.demand_type === 'risk_site')
      .sort((a, b) => b.properties.residents - a.properties.residents)[0];
    await page.locator('#draft-name').fill(name);
    await page.locator('#draft-add').click();
    const [lon, lat] = uncovered.geometry.coordinates;
    await clickLonLat(page, lon, lat);
    await page.waitForFunction(() => document.querySelector('#coverage-figures')?.getAttribute('data-state') === 'draft', null, { timeout: 30_000 });
    const after = await figureValue('uncovered_residents');
    expect(after).toBeLessThanOrEqual(baseline - uncovered.properties.residents);
    expect(await figure('uncovered_residents').getAttribute('class')).toContain('changed');
    // nothing is saved yet
    expect(await server.db.knex('shelters').where({ name }).first()).toBeUndefined();
    await screenshot(page, 'planner-draft');
  });

  it('saves the draft, and the public map shows the new shelter', async () => {
    await page.locator('#draft-save').click();
    await page.locator('#draft-saved').waitFor({ timeout: 20_000 });
    const saved = (await server.db.knex('shelters').where({ name }).first()) as { status: string; updated_by: string } | undefined;
    expect(saved).toMatchObject({ status: 'open', updated_by: 'planner-li' });
    const visitor = await openPage(browser);
    await openMap(visitor.page, `${server.url}/`);
    const names = await visitor.page.evaluate(() => window.__onemap!.layers.shelters.getFeatures().map((f) => String(f.get('name'))));
    expect(names).toContain(name);
    await visitor.page.context().close();
  });

  it('shows a conflict plainly when someone else changed the shelter first', async () => {
    const target = (await server.db.knex.raw<{ rows: Array<{ id: number; lon: number; lat: number }> }>(
      `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM shelters s WHERE status = 'open'
       ORDER BY (SELECT min(ST_Distance(s.geom, o.geom)) FROM shelters o WHERE o.id <> s.id) DESC LIMIT 1`,
    )).rows[0];
    await page.locator('#draft-off').click();
    await clickLonLat(page, target.lon, target.lat);
    await page.locator('.draft-list li[data-op="off"]').waitFor();
    // meanwhile, a colleague's script raises its capacity
    const { token } = await createToken(server.db.knex, 'planner-wang', 'planner');
    const current = await page.request.get(`${server.url}/ogc/collections/shelters/items/${target.id}`);
    const patched = await page.request.patch(`${server.url}/ogc/collections/shelters/items/${target.id}`, {
      headers: { Authorization: `Bearer ${token}`, 'If-Match': current.headers().etag, 'Content-Type': 'application/json' },
      data: { properties: { capacity: 999 } },
    });
    expect(patched.status()).toBe(200);
    await page.locator('#draft-save').click();
    const conflict = page.locator('#conflict');
    await conflict.waitFor({ timeout: 20_000 });
    expect(await conflict.innerText()).toContain('planner-wang');
    // the colleague's change stands; ours was not written over it
    expect(await server.db.knex('shelters').where({ id: target.id }).first('status', 'capacity')).toEqual({ status: 'open', capacity: 999 });
    await screenshot(page, 'planner-conflict');
    await page.locator('#conflict-reload').click();
  });

  it('computes catchments and siting suggestions as map layers', async () => {
    await page.locator('#catchment-method').selectOption('capacity');
    await page.locator('#run-catchments').click();
    await page.locator('.group .figure-grid').nth(1).waitFor({ timeout: 30_000 });
    await page.locator('#siting-count').fill('3');
    await page.locator('#run-siting').click();
    await page.locator('.siting-list li').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.siting-list li').count()).toBeGreaterThan(0);
    await screenshot(page, 'planner-siting');
  });

  it('puts one analysis on the map at a time, and stacks another when its layers are ticked', async () => {
    await county();
    await page.locator('#run-catchments').click();
    await page.waitForFunction(() => (window.__onemap!.drawn().town_placed ?? 0) > 0, null, { timeout: 30_000 });
    const { by, total } = await drawn();
    expect(by.town_coverage ?? 0).toBe(0);
    expect(by.siting ?? 0).toBe(0);
    expect(by.catchments).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(400);
    // the legend lists the coverage layers, unticked
    expect(await page.locator('#show-town_coverage').isChecked()).toBe(false);
    expect(await page.locator('#show-catchments').isChecked()).toBe(true);
    await screenshot(page, 'planner-catchments');
    await page.locator('#show-gap_areas').check();
    const stacked = (await drawn()).by;
    expect(stacked.gap_areas).toBeGreaterThan(0);
    expect(stacked.catchments).toBeGreaterThan(0);
    await page.locator('#show-gap_areas').uncheck();
  });

  it('closes a road in a what-if, by walking time, and sees the catchments change; reopening it gives the first answer back', async () => {
    interface Catch {
      summary: { mode?: string; closed_roads?: Array<{ id: number }> };
      assignments: Array<{ demand_id: number; shelter_id: number; distance_m: number }>;
      unassigned?: Array<{ demand_id: number }>;
    }
    const catchmentRun = () => page.waitForResponse((r) => r.url().includes('/api/analysis/catchments') && r.status() === 200, { timeout: 60_000 }).then(async (r) => ({ url: r.url(), body: (await r.json()) as Catch }));
    expect(await page.locator('#travel-mode').inputValue()).toBe('walk');
    await page.locator('#catchment-method').selectOption('nearest');
    await page.locator('#catchment-demand').selectOption('risk_sites');
    const first = catchmentRun();
    await page.locator('#run-catchments').click();
    const before = await first;
    expect(before.url).toContain('mode=walk');
    expect(before.body.summary.mode).toBe('walk');
    // a risk site a few hundred metres along the roads from its shelter, and the road it goes by
    const a = before.body.assignments.find((x) => x.distance_m > 400 && x.distance_m < 3000)!;
    expect(a).toBeDefined();
    const site = (await server.db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM risk_sites WHERE id = ?', [a.demand_id])).rows[0];
    const route = (await (await fetch(`${server.url}/api/analysis/route?from=${site.lon},${site.lat}&shelter_id=${a.shelter_id}&mode=walk`)).json()) as { geometry: { coordinates: number[][] } };
    const c = route.geometry.coordinates;
    expect(c.length).toBeGreaterThan(3);
    // the longest piece on the roads (not the off-road legs at either end): its middle is on one road
    let best = 1;
    for (let i = 1; i < c.length - 2; i++) if (Math.hypot(c[i + 1][0] - c[i][0], c[i + 1][1] - c[i][1]) > Math.hypot(c[best + 1][0] - c[best][0], c[best + 1][1] - c[best][1])) best = i;
    const mid = [(c[best][0] + c[best + 1][0]) / 2, (c[best][1] + c[best + 1][1]) / 2];

    await page.locator('#close-roads').click();
    const closedRun = catchmentRun();
    await clickLonLat(page, mid[0], mid[1], 16);
    const after = await closedRun;
    expect(await page.locator('#closed-roads li').count()).toBe(1);
    expect(after.url).toMatch(/closures=\d+/);
    expect(after.body.summary.closed_roads).toHaveLength(1);
    await page.locator('#catchment-closed').waitFor({ timeout: 30_000 });
    expect(await page.locator('#catchment-closed').innerText()).toContain('已中断道路 1 条');
    // the site goes round the cut road, to the same shelter or another, or cannot go at all
    const now = after.body.assignments.find((x) => x.demand_id === a.demand_id);
    const stranded = (after.body.unassigned ?? []).some((u) => u.demand_id === a.demand_id);
    expect(stranded || (now !== undefined && (now.shelter_id !== a.shelter_id || now.distance_m > a.distance_m))).toBe(true);
    await screenshot(page, 'planner-road-closed');

    await page.locator('#close-roads').click();
    const reopenedRun = catchmentRun();
    await page.locator('#open-all-roads').click();
    const reopened = await reopenedRun;
    expect(reopened.body.summary.closed_roads).toBeUndefined();
    expect(reopened.body.assignments.find((x) => x.demand_id === a.demand_id)).toEqual(before.body.assignments.find((x) => x.demand_id === a.demand_id));
    expect(await page.locator('#closed-roads li').count()).toBe(0);
  });

  it('draws who goes where along the roads: each catchment line by walking time is the way the server measured', async () => {
    interface Catch {
      assignments: Array<{ demand_id: number; shelter_id: number; distance_m: number }>;
      lines?: { features: Array<{ properties: { demand_id: number; length_m: number }; geometry: { coordinates: number[][] } }> };
    }
    const run = page.waitForResponse((r) => r.url().includes('/api/analysis/catchments') && r.status() === 200, { timeout: 60_000 }).then(async (r) => ({ url: r.url(), body: (await r.json()) as Catch }));
    await page.locator('#run-catchments').click();
    const { url, body } = await run;
    expect(url).toContain('mode=walk');
    expect(url).toContain('lines=roads');
    expect(body.lines?.features.length).toBe(body.assignments.length);
    const a = body.assignments.find((x) => x.distance_m > 400 && x.distance_m < 3000)!;
    const served = body.lines!.features.find((f) => f.properties.demand_id === a.demand_id)!;
    expect(Math.abs(served.properties.length_m - a.distance_m)).toBeLessThanOrEqual(0.1);
    const at = async (table: string, id: number) => {
      const row = (await server.db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM ${table} WHERE id = ?`, [id])).rows[0];
      return [row.lon, row.lat];
    };
    const site = await at('risk_sites', a.demand_id);
    const shelter = await at('shelters', a.shelter_id);
    await page.waitForFunction((id) => window.__onemap!.lines('assignments', 100_000).some((l) => l.properties.demand_id === id), a.demand_id, { timeout: 30_000 });
    const drawnLine = (await page.evaluate((id) => window.__onemap!.lines('assignments', 100_000).find((l) => l.properties.demand_id === id)!, a.demand_id)).coordinates;
    // The drawn line bends along the roads from the site to its shelter, position by position the server's way.
    expectWayAlongRoads(drawnLine, site, shelter);
    expect(drawnLine).toHaveLength(served.geometry.coordinates.length);
    drawnLine.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(served.geometry.coordinates[i][0], 6);
      expect(p[1]).toBeCloseTo(served.geometry.coordinates[i][1], 6);
    });
    await view(site[0], site[1], 15);
    expect((await drawn()).by.assignments).toBeGreaterThan(0);
    await screenshot(page, 'planner-lines-along-roads');
  });

  it('speaks Chinese throughout: no untranslated key or English phrase in the planning panel and its legend', async () => {
    const words = await visibleWords('#panel, #analysis-legend');
    expect(words.length).toBeGreaterThan(100);
    expect(untranslated(words)).toEqual([]);
    // the catchment figures carry their names, not their keys
    const keys = await page.locator('#catchment-figures .figure .k').allInnerTexts();
    expect(keys).toContain('已安置人数');
    expect(keys).toContain('平均撤离距离');
  });

  it('downloads the per-town table as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toContain('覆盖率');
    expect(lines).toHaveLength(answer.towns.features.length + 2); // header, towns, city
    for (const t of answer.towns.features) expect(text).toContain(t.properties.code);
  });

  it('prints a report on A4 pages: the map of the result, the city figures, the table, the charts, the standards and the date', async () => {
    const report = await page.context().newPage();
    await report.goto(`${server.url}/planner?view=report`);
    await report.waitForFunction(() => window.__onemapReport !== undefined, null, { timeout: 60_000 });
    await report.evaluate(() => window.__onemapReport!.mapReady);
    expect(await report.locator('#report-towns tbody tr').count()).toBe(answer.towns.features.length);
    expect(await report.locator('.chart-grid figure svg').count()).toBe(5);
    expect(await report.locator('.standards').innerText()).toContain('500 米');
    expect(await report.locator('.report-head').innerText()).toMatch(/\d{4}/);
    const ink = await mapInk(report, '#report-map');
    expect(ink.inked).toBeGreaterThan(0.3);
    expect(ink.colours).toBeGreaterThan(10);
    await screenshot(report, 'planner-report', true);
    await report.emulateMedia({ media: 'print' });
    expect(await report.locator('#print').isVisible()).toBe(false);
    const pdf = await report.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(SCREENSHOTS, 'planner-report.pdf'), pdf);
    const latin = pdf.toString('latin1');
    const pages = latin.match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(3);
    // A4 portrait: 210 × 297 mm, 595.3 × 841.9 points (Chromium rounds to whole CSS pixels)
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(latin);
    expect(Math.abs(Number(box![1]) - 595.3)).toBeLessThan(2);
    expect(Math.abs(Number(box![2]) - 841.9)).toBeLessThan(2);
    // and in English
    await report.emulateMedia({ media: 'screen' });
    await report.locator('#lang-switch').click();
    expect(await report.locator('.report-head h1').innerText()).toBe('Emergency shelter coverage report');
    await screenshot(report, 'planner-report-en', true);
    await report.locator('#lang-switch').click();
    await report.close();
  });

  it('draws a new depot on the map and fills in its form', async () => {
    await page.locator('#edit-layer').selectOption('depots');
    await page.locator('#edit-draw').click();
    await clickLonLat(page, 110.95, 22.37, 13);
    await page.locator('#edit-depots-code').fill('E2E-DEPOT-1');
    await page.locator('#edit-depots-name').fill('E2E 物资储备点');
    await page.locator('#edit-depots-tier').selectOption('village');
    await page.locator('#edit-save').click();
    await page.waitForFunction(() => !document.querySelector('#edit-save'), null, { timeout: 20_000 });
    const depot = (await server.db.knex.raw<{ rows: Array<{ tier: string; lon: number; lat: number }> }>("SELECT tier, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM depots WHERE code = 'E2E-DEPOT-1'")).rows[0];
    expect(depot.tier).toBe('village');
    expect(depot.lon).toBeCloseTo(110.95, 3);
    expect(depot.lat).toBeCloseTo(22.37, 3);
    expect(errors).toEqual([]);
  });

  it('reads in English too, the map and the panel', async () => {
    await page.locator('#lang-switch').click();
    await county();
    // labels built once follow the switch
    expect(await page.locator('#run-coverage').innerText()).toBe('Run coverage');
    await page.locator('#run-coverage').click();
    await page.waitForFunction(() => document.querySelector('#coverage-figures [data-key="covered_residents_pct"] .k')?.textContent === 'Covered', null, { timeout: 30_000 });
    await page.waitForTimeout(500);
    expect(await page.locator('#analysis-legend summary').innerText()).toBe('Analysis layers');
    await screenshot(page, 'planner-coverage-en');
    await page.locator('#run-catchments').click();
    await page.waitForFunction(() => document.querySelector('#catchment-figures .figure .k')?.textContent === 'Residents placed', null, { timeout: 30_000 });
    await page.waitForTimeout(300);
    await screenshot(page, 'planner-catchments-en');
    await page.locator('#run-siting').click();
    await page.waitForFunction(() => /^No\. 1/.test(document.querySelector('.siting-list li')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForTimeout(500);
    await screenshot(page, 'planner-siting-en');
    // the interface's own words are English: legend, headings, field names, figure names
    const words = await visibleWords('#analysis-legend, #panel legend, #panel label, #panel th, #panel .figure .k, #panel h2, #panel button');
    expect(words.filter((w) => /[\u4e00-\u9fff]/.test(w))).toEqual([]);
    await page.locator('#lang-switch').click();
  });
});
