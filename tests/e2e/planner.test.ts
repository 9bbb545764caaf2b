import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../server/auth/tokens.ts';
import { clickLonLat, launchBrowser, openMap, openPage, screenshot, unlabelledControls } from './helpers/browser.ts';
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
    await screenshot(page, 'planner-coverage');
    expect(await unlabelledControls(page, '#panel')).toEqual([]);
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
});
