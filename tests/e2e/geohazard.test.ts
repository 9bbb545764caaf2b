import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SCREENSHOTS, launchBrowser, openMap, openPage, screenshot, unlabelledControls } from './helpers/browser.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';

let server: WebServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  const password = await server.addUser('geo-chen', 'geohazard');
  ({ page, errors } = await openPage(browser, { width: 1400, height: 900 }));
  // Opening /geohazard signed out asks for a sign-in, then opens the workspace.
  await openMap(page, `${server.url}/geohazard`);
  await page.locator('#login-user').fill('geo-chen');
  await page.locator('#login-pass').fill(password);
  await page.locator('#login-pass').press('Enter');
  await page.locator('#site-table').waitFor({ timeout: 20_000 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the geohazard workspace', () => {
  it('lists risk sites filtered by town, grade and rectification status', async () => {
    const { town_code } = (await server.db.knex('risk_sites').where({ grade: 'high', rectification_status: 'not_started' }).first('town_code')) as { town_code: string };
    const [{ n }] = await server.db.knex('risk_sites').where({ town_code, grade: 'high', rectification_status: 'not_started' }).count<Array<{ n: string }>>({ n: '*' });
    await page.locator('#filter-town').selectOption(town_code);
    await page.locator('#filter-grade').selectOption('high');
    await page.locator('#filter-status').selectOption('not_started');
    // The count as a whole number (a count of 16 must not pass for 6), and the table redrawn to match.
    const want = { count: String(n), rows: Math.min(Number(n), 50) };
    await page.waitForFunction(
      (w) => Array.from(document.querySelector('#site-count')?.textContent?.match(/\d+/g) ?? [], String).includes(w.count) && document.querySelectorAll('#site-table tbody tr').length === w.rows,
      want,
    );
    const rows = page.locator('#site-table tbody tr');
    expect(await rows.count()).toBe(want.rows);
    for (const grade of await page.locator('#site-table tbody .grade-chip').allInnerTexts()) expect(grade).toBe('高');
    await screenshot(page, 'geohazard-table');
  });

  it('regrades a site and sees the grade with each factor’s points and the history', async () => {
    const row = page.locator('#site-table tbody tr').first();
    const id = Number(await row.getAttribute('data-id'));
    await row.click();
    await page.locator('#grading table.factors').waitFor({ timeout: 20_000 });
    const before = await page.locator('#grading-history tbody tr').count();
    await page.locator('#grade-note').fill('汛前复核');
    await page.locator('#regrade').click();
    await page.waitForFunction((n) => document.querySelectorAll('#grading-history tbody tr').length === n + 1, before, { timeout: 20_000 });
    const newest = await page.locator('#grading-history tbody tr').first().innerText();
    expect(newest).toContain('汛前复核');
    expect(newest).toContain('geo-chen');
    // the factor table adds up to the score
    const points = (await page.locator('#grading table.factors tbody tr:not(.total) td.num').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')));
    const total = Number((await page.locator('#grading table.factors tr.total td.num').innerText()).replace(/,/g, ''));
    expect(points.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 1);
    const [{ n }] = await server.db.knex('risk_site_gradings').where({ site_id: id, graded_by: 'geo-chen' }).count<Array<{ n: string }>>({ n: '*' });
    expect(Number(n)).toBe(1);
    // the grading history as a sparkline: one point per grading, in the grade's colour
    const rows = await page.locator('#grading-history tbody tr').count();
    expect(await page.locator('#grade-trend svg circle').count()).toBe(rows);
    expect(await page.locator('#grade-trend').innerText()).toContain(`${rows} 次评级`);
    await page.locator('#grading-history').scrollIntoViewIfNeeded();
    await screenshot(page, 'geohazard-history');
    await screenshot(page, 'geohazard-grading');
    await page.locator('#grading').screenshot({ path: path.join(SCREENSHOTS, 'geohazard-grading-panel.png') });
    expect(await unlabelledControls(page, '#panel')).toEqual([]);
  });

  it('records a rectification status update', async () => {
    const id = Number(await page.locator('#grading').getAttribute('data-site'));
    await page.locator('#rect-status').selectOption('in_progress');
    await page.locator('#rect-method').selectOption('retaining_wall');
    await page.locator('#rect-update').click();
    // What is recorded is what counts: poll the database until the update is there.
    await expect
      .poll(() => server.db.knex('risk_sites').where({ id }).first('rectification_status', 'rectification_method', 'updated_by'), { timeout: 20_000 })
      .toEqual({ rectification_status: 'in_progress', rectification_method: 'retaining_wall', updated_by: 'geo-chen' });
    expect(errors).toEqual([]);
  });

  it('reads in English after the switch, the table and the grading included', async () => {
    await page.locator('#lang-switch').click();
    await page.waitForFunction(() => document.querySelector('#geohazard-heading')?.textContent === 'Geohazards');
    await page.waitForFunction(() => /gradings, score/.test(document.querySelector('#grade-trend')?.textContent ?? ''), null, { timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('#site-table thead th')?.textContent !== '编号', null, { timeout: 20_000 });
    await screenshot(page, 'geohazard-grading-en');
    await page.locator('#grading-history').scrollIntoViewIfNeeded();
    await screenshot(page, 'geohazard-history-en');
    await page.locator('#lang-switch').click();
  });
});
