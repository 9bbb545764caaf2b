/**
 * During a warning, in the browser: a CAP alert is posted; the public map (open all along, never
 * reloaded) shows it in its level's colour; the duty officer starts the operation from it in the
 * workspace and sees its figures; a cadre marks a household arrived (the API, with the cadre's
 * token), and another household's mark shows in its history, open in the duty officer's list;
 * shelter staff record a check-in on the shelter page; the public map shows that shelter's places
 * left drop within 2 s and the duty officer's figures follow, live. Then the
 * operation is closed and its report read, and a warning that runs out drops off by itself.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openMap, openPage, screenshot, unlabelledControls } from './helpers/browser.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';
import { createToken } from '../../server/auth/tokens.ts';

let server: WebServer;
let browser: Browser;
let publicMap: { page: Page; errors: string[] };
let duty: { page: Page; errors: string[] };
let shelterPage: { page: Page; errors: string[] };
const consoleErrors: string[] = [];
let dutyToken: string;
let cadreToken: string;
let warningId: number;
let operationId: number;
let shelterId: number;

/** A page whose console errors are collected too (a failed request, an unhandled rejection). */
async function watched(options: Parameters<typeof openPage>[1]): Promise<{ page: Page; errors: string[] }> {
  const p = await openPage(browser, options);
  p.page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${p.page.url()}: ${m.text()}`);
  });
  return p;
}

function capAlert(id: string, ring: string, expires: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${id}</identifier>
  <sender>gdmb@gd.gov.cn</sender>
  <sent>2026-06-01T08:00:00+08:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Geo</category>
    <event>地质灾害气象风险预警</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <onset>2026-06-01T08:00:00+08:00</onset>
    <expires>${expires}</expires>
    <senderName>茂名市自然资源局</senderName>
    <headline>${id === 'E2E-OP-1' ? '信宜市地质灾害气象风险橙色预警' : '短时预警（测试）'}</headline>
    <parameter><valueName>预警级别</valueName><value>橙色</value></parameter>
    <area><areaDesc>信宜市</areaDesc><polygon>${ring}</polygon></area>
  </info>
</alert>`;
}

/** A polygon (CAP order: lat,lon) around the sample's densest cluster of high-graded sites. */
async function hotSpotRing(d = 0.08): Promise<string> {
  const r = await server.db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
    "SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS x, ST_Y(ST_Centroid(ST_Collect(geom))) AS y FROM risk_sites WHERE grade IN ('very_high', 'high')",
  );
  const { x, y } = r.rows[0];
  return [[y - d, x - d], [y - d, x + d], [y + d, x + d], [y + d, x - d], [y - d, x - d]].map(([la, lo]) => `${la.toFixed(5)},${lo.toFixed(5)}`).join(' ');
}

async function api(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(typeof body === 'string' ? {} : body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
  });
}

async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.locator('#login-user').fill(user);
  await page.locator('#login-pass').fill(password);
  await page.locator('#login-pass').press('Enter');
}

/** A shelter's places left as the public map's page holds them. */
const publicVacancies = (id: number) =>
  publicMap.page.evaluate((sid) => {
    const f = window.__onemap?.layers.shelters.getFeatures().find((x) => x.getId() === sid);
    return f ? (f.get('vacancies') as number | null) : undefined;
  }, id);

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  dutyToken = (await createToken(server.db.knex, 'duty-api', 'duty')).token;
  cadreToken = (await createToken(server.db.knex, 'cadre-li', 'cadre')).token;
  // The public map on a phone, open before anything happens.
  publicMap = await watched({ width: 390, height: 844, mobile: true });
  await openMap(publicMap.page, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('during a warning', () => {
  it('the public map shows a new warning in its level colour without a reload', async () => {
    expect(await publicMap.page.locator('#warning-banner').isHidden()).toBe(true);
    const res = await api('POST', '/api/warnings', dutyToken, capAlert('E2E-OP-1', await hotSpotRing(), '2099-06-02T08:00:00+08:00'), { 'Content-Type': 'application/cap+xml' });
    expect(res.status).toBe(201);
    warningId = ((await res.json()) as { id: number }).id;
    const item = publicMap.page.locator(`#warning-list li[data-id="${warningId}"]`);
    await item.waitFor({ timeout: 5000 });
    expect(await item.getAttribute('data-level')).toBe('orange');
    expect(await item.innerText()).toContain('信宜市地质灾害气象风险橙色预警');
    expect(await item.locator('.level-chip').innerText()).toBe('橙色预警');
    // polled: a live event may redraw the list between finding the chip and reading its style
    await expect.poll(() => item.locator('.level-chip').evaluate((el) => getComputedStyle(el).backgroundColor), { timeout: 5000 }).toBe('rgb(242, 140, 0)');
    // On the map: the area drawn in orange.
    const drawn = await publicMap.page.evaluate((id) => {
      const layer = (window.__onemap!.layers as unknown as { warningLayer: { getSource(): { getFeatureById(id: number): unknown }; getStyleFunction(): (f: unknown, r: number) => { getStroke(): { getColor(): string }; getFill(): { getColor(): string } } } }).warningLayer;
      const f = layer.getSource().getFeatureById(id);
      const style = f ? layer.getStyleFunction()(f, 20) : null;
      return style ? { stroke: style.getStroke().getColor(), fill: style.getFill().getColor() } : null;
    }, warningId);
    expect(drawn).toEqual({ stroke: '#f28c00', fill: 'rgba(242,140,0,0.22)' });
    await screenshot(publicMap.page, 'operations-public-warning');
  });

  it('the duty officer starts the operation from the warning and sees its figures', async () => {
    const password = await server.addUser('duty-wang', 'duty');
    duty = await watched({ width: 1400, height: 900 });
    await openMap(duty.page, `${server.url}/operations`);
    await signIn(duty.page, 'duty-wang', password);
    const start = duty.page.locator(`#op-warnings li[data-warning="${warningId}"] button.start-op`);
    await start.waitFor({ timeout: 20_000 });
    await start.click();
    // The operation's plan is the evacuation analysis along the roads: the slow step.
    await duty.page.locator('#op-status-table').waitFor({ timeout: 180_000 });
    const op = (await server.db.knex('operations').where({ warning_id: warningId }).first('id')) as { id: number };
    operationId = op.id;
    const [{ n, r }] = (await server.db.knex('operation_tasks').where({ operation_id: operationId }).count({ n: '*' }).sum({ r: 'residents' })) as Array<{ n: string; r: string }>;
    expect(Number(n)).toBeGreaterThan(5);
    const figure = async (sel: string) => Number((await duty.page.locator(sel).innerText()).replace(/[^\d]/g, ''));
    expect(await figure('#op-households .v')).toBe(Number(n));
    expect(await figure('#op-people .v')).toBe(Number(r));
    expect(await figure('#op-status-table tr[data-status="to_notify"] .households')).toBe(Number(n));
    expect(await figure('#op-status-table tr[data-status="arrived"] .households')).toBe(0);
    // by town: one row per town the operation moves people in, shaded on the map
    const towns = (await server.db.knex('operation_tasks').where({ operation_id: operationId }).distinct('town_code')) as Array<{ town_code: string }>;
    expect(await duty.page.locator('#op-towns tbody tr').count()).toBe(towns.length);
    await duty.page.waitForFunction((k) => window.__onemap!.drawn('operation').operation_towns === k, towns.length, { timeout: 10_000 });
    // the households still to move, filtered by town
    expect(await duty.page.locator('#op-task-count').innerText()).toContain(String(Number(n)));
    await duty.page.locator('#op-filter-town').selectOption(towns[0].town_code);
    const inTown = (await server.db.knex('operation_tasks').where({ operation_id: operationId, town_code: towns[0].town_code }).count({ n: '*' })) as Array<{ n: string }>;
    await duty.page.waitForFunction((k) => (document.querySelector('#op-task-count')?.textContent ?? '').includes(k), String(Number(inTown[0].n)));
    await duty.page.locator('#op-filter-town').selectOption('');
    expect(await duty.page.locator('#op-shelters tbody tr').count()).toBeGreaterThan(0);
    expect(await unlabelledControls(duty.page, '#panel')).toEqual([]);
    await screenshot(duty.page, 'operations-duty');
  }, 240_000);

  it('a cadre’s arrival shows in the duty officer’s figures without a reload', async () => {
    const tasks = (await (await api('GET', `/api/operations/${operationId}/tasks?status=to_notify&limit=5000`, cadreToken)).json()) as { tasks: Array<{ id: number; version: number; shelter_id: number | null; residents: number }> };
    const task = tasks.tasks.find((t) => t.shelter_id !== null)!;
    shelterId = task.shelter_id!;
    const res = await api('PATCH', `/api/operations/${operationId}/tasks/${task.id}`, cadreToken, { status: 'arrived' }, { 'If-Match': `"v${task.version}"` });
    expect(res.status).toBe(200);
    await duty.page.waitForFunction(() => document.querySelector('#op-status-table tr[data-status="arrived"] .households')?.textContent === '1', null, { timeout: 5000 });
    await duty.page.waitForFunction(() => Array.from(document.querySelectorAll('#op-towns td.arrived')).some((td) => td.textContent === '1'), null, { timeout: 5000 });
    // The arrival counted into the shelter, on the public map too.
    const row = (await server.db.knex('shelters').where({ id: shelterId }).first('capacity', 'occupancy', 'vacancies')) as { capacity: number; occupancy: number; vacancies: number };
    expect(row.occupancy).toBe(task.residents);
    await expect.poll(() => publicVacancies(shelterId), { timeout: 2000, interval: 50 }).toBe(row.vacancies);
  });

  it('the duty officer opens a household’s history; a cadre’s mark shows in it without a reload', async () => {
    // A household nobody has marked yet (the list may still show the one that just arrived).
    const task = (await server.db.knex('operation_tasks').where({ operation_id: operationId, status: 'to_notify' }).orderBy(['town_code', 'site_code']).first('id', 'version')) as { id: number; version: number };
    const taskId = task.id;
    await duty.page.locator(`#op-tasks tr[data-task="${taskId}"] button.task-history-open`).click();
    const shown = duty.page.locator(`#op-tasks tr.task-history-row[data-history-of="${taskId}"]`);
    await shown.getByText('尚无变更').waitFor({ timeout: 5000 });
    const res = await api('PATCH', `/api/operations/${operationId}/tasks/${taskId}`, cadreToken, { status: 'notified', note: '敲门告知' }, { 'If-Match': `"v${task.version}"` });
    expect(res.status).toBe(200);
    const change = shown.locator('ol.task-history li[data-to="notified"]');
    await change.waitFor({ timeout: 5000 });
    const text = await change.innerText();
    expect(text).toContain('cadre-li');
    expect(text).toContain('待通知 → 已通知');
    expect(text).toContain('敲门告知');
    expect(await duty.page.locator(`#op-tasks tr[data-task="${taskId}"] button.task-history-open`).getAttribute('aria-expanded')).toBe('true');
    await screenshot(duty.page, 'operations-task-history');
  });

  it('shelter staff record a check-in; the public map’s places left drop within 2 s, and the duty officer’s too', async () => {
    const password = await server.addUser('shelter-zhao', 'shelter');
    shelterPage = await watched({ width: 390, height: 844, mobile: true });
    await shelterPage.page.goto(`${server.url}/shelter/${shelterId}`);
    await shelterPage.page.locator('#sh-sign-in').click();
    await signIn(shelterPage.page, 'shelter-zhao', password);
    await shelterPage.page.locator('#sh-arrive').waitFor({ state: 'visible', timeout: 10_000 });
    const before = (await server.db.knex('shelters').where({ id: shelterId }).first('occupancy', 'vacancies', 'name')) as { occupancy: number; vacancies: number; name: string };
    expect(await shelterPage.page.locator('#shelter-name').innerText()).toContain(before.name);
    expect(await shelterPage.page.locator('#sh-occupancy').innerText()).toBe(String(before.occupancy));
    const banner = publicMap.page.locator(`#live-shelters li[data-id="${shelterId}"]`);
    expect(Number(await banner.getAttribute('data-vacancies'))).toBe(before.vacancies);

    await shelterPage.page.locator('#sh-n').fill('3');
    // The time from the check-in leaving the shelter's phone to the public map showing it (one clock: this machine's).
    await publicMap.page.evaluate(
      ([id, v]) => {
        const w = window as unknown as { seenAt?: number };
        const check = () => {
          if (w.seenAt === undefined && document.querySelector(`#live-shelters li[data-id="${id}"]`)?.getAttribute('data-vacancies') === String(v)) w.seenAt = Date.now();
        };
        new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
      },
      [shelterId, before.vacancies - 3] as const,
    );
    const sent = new Promise<number>((resolve) => {
      const onRequest = (r: { method(): string; url(): string }) => {
        if (r.method() !== 'POST' || !r.url().endsWith(`/api/shelters/${shelterId}/occupancy`)) return;
        shelterPage.page.off('request', onRequest);
        resolve(Date.now());
      };
      shelterPage.page.on('request', onRequest);
    });
    await shelterPage.page.locator('#sh-arrive').click();
    const sentAt = await sent;
    await publicMap.page.waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt !== undefined, null, { timeout: 5000 });
    const seenAt = await publicMap.page.evaluate(() => (window as unknown as { seenAt: number }).seenAt);
    expect(seenAt - sentAt).toBeLessThan(2000);
    expect(await publicVacancies(shelterId)).toBe(before.vacancies - 3);
    await shelterPage.page.waitForFunction((k) => document.querySelector('#sh-occupancy')?.textContent === k, String(before.occupancy + 3));
    expect(await shelterPage.page.locator('#sh-result').innerText()).toContain('到达 3 人');
    const after = (await server.db.knex('shelters').where({ id: shelterId }).first('occupancy')) as { occupancy: number };
    expect(after.occupancy).toBe(before.occupancy + 3);
    // The duty officer's shelter table follows the public stream.
    await duty.page.waitForFunction(
      ([id, v]) => (document.querySelector(`#op-shelters tr[data-shelter="${id}"] td.vacancies`)?.textContent ?? '').replace(/[^\d]/g, '') === String(v),
      [shelterId, before.vacancies - 3] as const,
      { timeout: 5000 },
    );
    // A departure, then a head count.
    await shelterPage.page.locator('#sh-n').fill('1');
    await shelterPage.page.locator('#sh-depart').click();
    await shelterPage.page.waitForFunction((k) => document.querySelector('#sh-occupancy')?.textContent === k, String(before.occupancy + 2));
    await shelterPage.page.locator('#sh-count').fill(String(before.occupancy + 10));
    await shelterPage.page.locator('#sh-set-count').click();
    await shelterPage.page.waitForFunction((k) => document.querySelector('#sh-occupancy')?.textContent === k, String(before.occupancy + 10));
    await publicMap.page.waitForFunction(
      ([id, v]) => document.querySelector(`#live-shelters li[data-id="${id}"]`)?.getAttribute('data-vacancies') === String(v),
      [shelterId, before.vacancies - 10] as const,
      { timeout: 2000, polling: 50 },
    );
    expect(await unlabelledControls(shelterPage.page, 'body')).toEqual([]);
    await screenshot(shelterPage.page, 'operations-shelter-checkin');
    await publicMap.page.locator('#live-shelters summary').click();
    await screenshot(publicMap.page, 'operations-public-vacancies');
    expect(await unlabelledControls(publicMap.page, 'body')).toEqual([]);
  }, 120_000);

  it('the duty officer closes the operation and reads its report; the shelters leave the public map’s list', async () => {
    const report = await duty.page.request.get(`${server.url}/api/operations/${operationId}/report?f=csv`);
    expect(report.status()).toBe(200);
    expect((await report.text()).split('\n')[0]).toMatch(/task_id/);
    expect(await duty.page.locator('#op-report').getAttribute('href')).toBe(`/api/operations/${operationId}/report?f=csv`);
    duty.page.once('dialog', (d) => void d.accept());
    await duty.page.locator('#op-close').click();
    await duty.page.waitForFunction(() => document.querySelector('#op-title')?.getAttribute('data-status') === 'closed', null, { timeout: 10_000 });
    expect(await duty.page.locator('#op-close').count()).toBe(0);
    await publicMap.page.locator(`#live-shelters li[data-id="${shelterId}"]`).waitFor({ state: 'detached', timeout: 5000 });
    expect(await publicVacancies(shelterId)).toBeNull();
  });

  it('a warning whose time runs out drops off the public map by itself', async () => {
    const soon = new Date(Date.now() + 4000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await api('POST', '/api/warnings', dutyToken, capAlert('E2E-SHORT-1', await hotSpotRing(0.02), soon), { 'Content-Type': 'application/cap+xml' });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    const item = publicMap.page.locator(`#warning-list li[data-id="${id}"]`);
    await item.waitFor({ timeout: 3000 });
    await item.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await publicMap.page.locator(`#warning-list li[data-id="${warningId}"]`).count()).toBe(1);
  });

  it('threw no script errors and logged no console errors', () => {
    expect([...publicMap.errors, ...duty.errors, ...shelterPage.errors]).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
