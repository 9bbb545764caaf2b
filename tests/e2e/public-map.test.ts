import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickLonLat, launchBrowser, mapInk, openMap, openPage, screenshot, unlabelledControls } from './helpers/browser.ts';
import { expectedShelter, isSafeShelter, shelterData } from './helpers/expected-shelter.ts';
import { expectWayAlongRoads, walkingAnswer } from './helpers/walking-way.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';

let server: WebServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  ({ page, errors } = await openPage(browser));
  await openMap(page, `${server.url}/`);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function countRows(table: string): Promise<number> {
  const r = await server.db.knex(table).whereNull('deleted_at').count<Array<{ n: string | number }>>({ n: '*' });
  return Number(r[0].n);
}

describe('the public map', () => {
  it('holds every town, village and shelter, and the hazard zones and risk sites', async () => {
    const counts = await page.evaluate(() => window.__onemap!.counts());
    expect(counts.towns).toBe(await countRows('towns'));
    expect(counts.villages).toBe(await countRows('villages'));
    expect(counts.shelters).toBe(await countRows('shelters'));
    const tiles = await page.evaluate(() => window.__onemap!.layers.usesTiles);
    if (tiles) {
      // tiles hold what lies in view: some, never more than there are
      expect(counts.hazard_zones).toBeGreaterThan(0);
      expect(counts.risk_sites).toBeGreaterThan(0);
    } else {
      expect(counts.hazard_zones).toBe(await countRows('hazard_zones'));
      expect(counts.risk_sites).toBe(await countRows('risk_sites'));
    }
    expect(errors).toEqual([]);
  });

  it('shows risk sites only as the public may see them: no monitor names or phones', async () => {
    const props = await page.evaluate(() => window.__onemap!.properties('risk_sites', 50));
    expect(props.length).toBeGreaterThan(0);
    for (const p of props) {
      expect(p).not.toHaveProperty('monitor_name');
      expect(p).not.toHaveProperty('monitor_phone');
    }
    expect(props.some((p) => 'grade' in p)).toBe(true);
  });

  it('draws a map that is not blank, with a legend naming every symbol', async () => {
    const ink = await mapInk(page);
    expect(ink.inked).toBeGreaterThan(0.1);
    expect(ink.colours).toBeGreaterThan(20);
    const legend = await page.locator('.legend').innerText();
    for (const word of ['紧急避难场所', '长期固定避难场所', '开放', '关闭', '极高', '低', '风险区', '削坡建房风险点']) expect(legend).toContain(word);
    await screenshot(page, 'public-map');
  });

  it('answers "where do I go?" from a tap with the quickest shelter on foot outside high hazard zones, and draws the way along the roads', async () => {
    // A village whose nearest usable shelter stands in a high zone, so that skipping it is tested too.
    const data = await shelterData(server.db.knex);
    const villages = (await server.db.knex.raw<{ rows: Array<{ name: string; lon: number; lat: number }> }>('SELECT name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM villages ORDER BY id')).rows;
    const probe = villages.find((v) => (expectedShelter(data, v.lon, v.lat)?.skipped ?? 0) > 0) ?? villages[0];
    await clickLonLat(page, probe.lon, probe.lat);
    const name = page.locator('.where .result .shelter-name');
    await name.waitFor({ timeout: 20_000 });
    // the way drawn starts where the tap was (within a pixel of the village at zoom 15)
    const way = await page.evaluate(() => window.__onemap!.where.drawnWay());
    expect(way).not.toBeNull();
    const expected = await walkingAnswer(server.url, way![0][0], way![0][1]);
    expect(await name.getAttribute('data-code')).toBe(expected.shelter.properties.code);
    expect(isSafeShelter(data, expected.shelter.properties.code)).toBe(true);
    expectWayAlongRoads(way, [probe.lon, probe.lat], expected.shelter.geometry.coordinates, 10);
    expect(way!.length).toBe(expected.line.geometry.coordinates.length);
    const figures = await page.locator('.where .result .figures').innerText();
    expect(figures).toMatch(/沿路距离/);
    expect(figures).not.toMatch(/直线距离/);
    expect(figures).toContain(`步行约 ${expected.walking_minutes} 分钟`);
    if (expected.excluded_unsafe > 0) expect(await page.locator('.where .result .note').innerText()).toContain(String(expected.excluded_unsafe));
    // the details people need: capacity and a number to call
    const details = await page.locator('.where .result dl.details').innerText();
    expect(details).toContain('容纳人数');
    const phone = (await server.db.knex('shelters').where({ code: expected.shelter.properties.code }).first('contact_phone')) as { contact_phone: string | null };
    expect(await page.locator('.where .result a[href^="tel:"]').count()).toBe(phone.contact_phone ? 1 : 0);
    await screenshot(page, 'public-where-to-go');
  });

  it('finds a known village by its pinyin name and by its Chinese name, and goes there', async () => {
    const village = (await server.db.knex('villages').where({ code: '440983001201' }).first('name', 'name_en')) as { name: string; name_en: string };
    await page.locator('#search').fill(village.name_en.toLowerCase());
    const option = page.locator('#search-results li[data-code="440983001201"]');
    await option.waitFor({ timeout: 10_000 });
    expect(await option.innerText()).toContain(village.name);
    await screenshot(page, 'public-search');
    await page.locator('#search').press('Enter');
    await page.waitForFunction(() => (window.__onemap!.map.getView().getZoom() ?? 0) >= 13.9);
    await page.locator('#search').fill(village.name.slice(0, 2));
    await page.locator('#search-results li[data-code="440983001201"]').waitFor({ timeout: 10_000 });
    await page.locator('#search').press('Escape');
  });

  it('switches to English with labels from the layer registry', async () => {
    await page.locator('#lang-switch').click();
    const legend = await page.locator('.legend').innerText();
    expect(legend).toContain('Emergency shelters');
    expect(legend).toContain('Hazard zones');
    expect(legend).toContain('Very high');
    expect(await page.locator('#use-location').innerText()).toBe('Use my location');
    await screenshot(page, 'public-english');
    await page.locator('#lang-switch').click();
    expect(await page.locator('#use-location').innerText()).toBe('使用我的位置');
  });

  it('works on a phone: the map above, the panel below, the controls reachable by keyboard, the device location', async () => {
    const village = (await server.db.knex.raw<{ rows: Array<{ lon: number; lat: number }> }>("SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM villages WHERE code = '440983001201'")).rows[0];
    const expected = await walkingAnswer(server.url, village.lon, village.lat);
    const phone = await openPage(browser, { width: 390, height: 844, mobile: true, geolocation: { longitude: village.lon, latitude: village.lat } });
    await openMap(phone.page, `${server.url}/`);
    const map = await phone.page.locator('#map').boundingBox();
    const panel = await phone.page.locator('#panel').boundingBox();
    expect(map!.height).toBeGreaterThan(300);
    expect(panel!.y).toBeGreaterThanOrEqual(map!.y + map!.height - 1);
    // keyboard: the skip link, then the search box, reachable with Tab
    await phone.page.keyboard.press('Tab');
    await phone.page.keyboard.press('Tab');
    expect(await phone.page.evaluate(() => document.activeElement?.id)).toBe('search');
    await screenshot(phone.page, 'public-phone');
    // every public layer on, and the county still legible: shelters in a few dozen groups, not
    // three hundred overlapping symbols; every town drawn; one by one when zoomed in
    for (const box of await phone.page.locator('.layer-toggles input[type="checkbox"]').all()) expect(await box.isChecked()).toBe(true);
    const county = await phone.page.evaluate(() => window.__onemap!.drawn('id'));
    expect(county.towns).toBe(await countRows('towns'));
    expect(county.shelters ?? 0).toBe(0);
    expect(county.shelter_groups).toBeGreaterThan(5);
    expect(county.shelter_groups).toBeLessThanOrEqual(50);
    await phone.page.locator('.legend summary').click();
    await screenshot(phone.page, 'public-phone-legend');
    await phone.page.locator('.legend summary').click();
    await phone.page.locator('#lang-switch').click();
    await screenshot(phone.page, 'public-phone-en');
    await phone.page.locator('#lang-switch').click();
    await phone.page.locator('#use-location').click();
    const name = phone.page.locator('.where .result .shelter-name');
    await name.waitFor({ timeout: 20_000 });
    expect(await name.getAttribute('data-code')).toBe(expected.shelter.properties.code);
    await phone.page.waitForTimeout(600); // the map's move to the answer
    await screenshot(phone.page, 'public-phone-location');
    const close = await phone.page.evaluate(() => window.__onemap!.drawn('id'));
    expect(close.shelters).toBeGreaterThan(0);
    expect(close.shelter_groups ?? 0).toBe(0);
    expect(await unlabelledControls(phone.page, 'body')).toEqual([]);
    expect(phone.errors).toEqual([]);
    await phone.page.context().close();
  });
});

describe('the public map without its basemap', () => {
  it('still shows OneMap’s own towns, villages and labels when the configured basemap is unreachable', async () => {
    // Nothing listens on port 9: every basemap tile fails, as offline.
    const offline = await startWebServer({ BASEMAP_URL: 'https://127.0.0.1:9/vec/{z}/{x}/{y}.png', BASEMAP_ATTRIBUTION: '© test basemap' });
    try {
      const { page: p, errors: e } = await openPage(browser);
      // The notice is a toast that goes after a few seconds: every toast shown is recorded, so a
      // slow start cannot make the check miss it.
      await p.addInitScript(() => {
        const shown: string[] = [];
        Object.assign(window, { __toastsShown: shown });
        new MutationObserver(() => {
          const toast = document.querySelector<HTMLElement>('.toast');
          if (toast && !toast.hidden && toast.textContent) shown.push(toast.textContent);
        }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
      });
      await openMap(p, `${offline.url}/`);
      await p.waitForFunction(() => (window as unknown as { __toastsShown: string[] }).__toastsShown.some((t) => t.includes('底图不可用')), undefined, { timeout: 20_000 });
      const counts = await p.evaluate(() => window.__onemap!.counts());
      expect(counts.towns).toBeGreaterThan(0);
      expect(counts.villages).toBeGreaterThan(0);
      const ink = await mapInk(p);
      expect(ink.inked).toBeGreaterThan(0.1);
      await screenshot(p, 'public-basemap-offline');
      expect(e).toEqual([]);
      await p.context().close();
    } finally {
      await offline.close();
    }
  });
});
