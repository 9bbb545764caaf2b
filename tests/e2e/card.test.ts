import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, launchBrowser, openPage, screenshot } from './helpers/browser.ts';
import { isSafeShelter, shelterData } from './helpers/expected-shelter.ts';
import { expectWayAlongRoads, walkingAnswer, type WalkingAnswer } from './helpers/walking-way.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';

let server: WebServer;
let browser: Browser;
let site: { code: string; lon: number; lat: number; monitor_name: string; monitor_phone: string };
let expected: WalkingAnswer;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  // A high-grade site with a monitor on record: the card a village would print first.
  site = (
    await server.db.knex.raw<{ rows: Array<typeof site> }>(
      `SELECT code, ST_X(geom) AS lon, ST_Y(geom) AS lat, monitor_name, monitor_phone FROM risk_sites
       WHERE grade IN ('very_high', 'high') AND monitor_phone IS NOT NULL ORDER BY id LIMIT 1`,
    )
  ).rows[0];
  expected = await walkingAnswer(server.url, site.lon, site.lat);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openCard(page: Page, code: string): Promise<void> {
  await page.goto(`${server.url}/card/${encodeURIComponent(code)}`);
  await page.waitForFunction(() => window.__onemapCard !== undefined, null, { timeout: 30_000 });
  await page.evaluate(() => window.__onemapCard!.mapReady);
}

describe('the household evacuation card', () => {
  it('names the designated shelter — the quickest on foot outside high hazard zones — with its distance along the way, and draws the way along the roads', async () => {
    const { page, errors } = await openPage(browser, { width: 390, height: 844, mobile: true });
    await openCard(page, site.code);
    expect(await page.locator('.card-head .site-code').innerText()).toContain(site.code);
    expect(await page.locator('.card-section.shelter .shelter-name').getAttribute('data-code')).toBe(expected.shelter.properties.code);
    expect(isSafeShelter(await shelterData(server.db.knex), expected.shelter.properties.code)).toBe(true);
    const figures = await page.locator('.card-section.shelter .figures').innerText();
    expect(figures).toContain('沿路距离');
    expect(figures).toContain(`步行约 ${expected.walking_minutes} 分钟`);
    const km = /([\d.]+) (米|公里)/.exec(figures);
    expect(km).not.toBeNull();
    const metres = km![2] === '米' ? Number(km![1]) : Number(km![1]) * 1000;
    expect(Math.abs(metres - expected.distance_m)).toBeLessThanOrEqual(km![2] === '米' ? 1 : 50);
    // the grade, the warning signals with their source, and the way drawn on a small map
    expect(await page.locator('.card-section.site .grade-chip').innerText()).toMatch(/^(极高|高)$/);
    const signals = await page.locator('.card-section.signals').innerText();
    for (const word of ['暴雨预警信号', '台风预警信号', '地质灾害气象风险预警', '广东省气象局']) expect(signals).toContain(word);
    expect(await page.locator('#card-map canvas').count()).toBeGreaterThan(0);
    expectWayAlongRoads(await page.evaluate(() => window.__onemapCard!.way), [site.lon, site.lat], expected.shelter.geometry.coordinates);
    // the public card leaves the monitor's private contact out
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(site.monitor_phone);
    expect(text).not.toContain(site.monitor_name);
    await screenshot(page, 'card-phone', true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('prints on one A4 page, with the monitor to call on a card printed by signed-in staff', async () => {
    const password = await server.addUser('card-printer', 'geohazard');
    const { page, errors } = await openPage(browser, { width: 1100, height: 900 });
    const login = await page.request.post(`${server.url}/api/auth/login`, { data: { username: 'card-printer', password }, headers: { 'X-Requested-With': 'OneMap' } });
    expect(login.status()).toBe(200);
    await openCard(page, site.code);
    expect(await page.locator('.card-section.monitor').innerText()).toContain(site.monitor_name);
    expect(await page.locator(`.card-section.monitor a[href^="tel:"]`).innerText()).toBe(site.monitor_phone);
    expect(await page.locator('.card-section.shelter .shelter-name').getAttribute('data-code')).toBe(expected.shelter.properties.code);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'card-print', true);
    expect(await page.locator('#print').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(SCREENSHOTS, 'card.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says plainly when no risk site has the code', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${server.url}/card/NO-SUCH-SITE`);
    await page.locator('.card .error').waitFor();
    expect(await page.locator('.card .error').innerText()).toContain('NO-SUCH-SITE');
    await page.context().close();
  });
});
