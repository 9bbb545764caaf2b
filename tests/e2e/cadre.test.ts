/**
 * The village cadre's phone page during an operation, in Chromium at a phone's size: a cadre
 * marks a household arrived and the public map (open all along, never reloaded) shows that
 * shelter's places left drop within 2 s; out of coverage, a mark waits on the phone, says so,
 * and reaches the server exactly once when the signal returns — also when the server took it
 * but the answer was lost on the way back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openMap, openPage, screenshot, unlabelledControls } from './helpers/browser.ts';
import { apiAs, markHousehold, signInOnCadrePage, startSmallOperation, type ApiTask } from './helpers/cadre.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';
import { createToken } from '../../server/auth/tokens.ts';

let server: WebServer;
let browser: Browser;
let publicMap: { page: Page; errors: string[] };
let cadre: { page: Page; errors: string[] };
let api: ReturnType<typeof apiAs>;
let operationId: number;

const tasksOf = async (): Promise<ApiTask[]> => ((await (await api('GET', `/api/operations/${operationId}/tasks?limit=5000`)).json()) as { tasks: ApiTask[] }).tasks;
const taskOf = async (id: number): Promise<ApiTask> => (await tasksOf()).find((x) => x.id === id)!;
const summary = async () => (await (await api('GET', `/api/operations/${operationId}`)).json()) as { by_status: Record<string, { households: number; residents: number }> };
/** The task's recorded changes (its history), as the database keeps them. */
const changesOf = async (taskId: number) => (await server.db.knex('operation_task_events').where({ task_id: taskId }).select('status', 'idempotency_key')) as Array<{ status: string; idempotency_key: string | null }>;

/** A shelter's places left as the public map's page holds them. */
const publicVacancies = (id: number) =>
  publicMap.page.evaluate((sid) => {
    const f = window.__onemap?.layers.shelters.getFeatures().find((x) => x.getId() === sid);
    return f ? (f.get('vacancies') as number | null) : undefined;
  }, id);

const mark = (taskId: number, status: string, note?: string) => markHousehold(cadre.page, taskId, status, note);

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  api = apiAs(server, (await createToken(server.db.knex, 'duty-api', 'duty')).token);
  operationId = await startSmallOperation(server, api, '信宜市地质灾害转移（测试）');
  publicMap = await openPage(browser, { width: 390, height: 844, mobile: true });
  await openMap(publicMap.page, server.url);
  cadre = await openPage(browser, { width: 390, height: 844, mobile: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the village cadre’s page', () => {
  it('signs a cadre in and lists the operation’s households with their people, needs, shelter and status', async () => {
    const password = await server.addUser('cadre-li', 'cadre');
    await signInOnCadrePage(cadre.page, server.url, 'cadre-li', password);
    expect(await cadre.page.locator('#cadre-op').inputValue()).toBe(String(operationId));
    const tasks = await tasksOf();
    expect(await cadre.page.locator('#cadre-tasks li[data-task]').count()).toBe(tasks.length);
    const first = tasks.find((x) => x.shelter_id !== null)!;
    const shelter = (await server.db.knex('shelters').where({ id: first.shelter_id! }).first('name', 'code')) as { name: string; code: string };
    const row = cadre.page.locator(`#cadre-tasks li[data-task="${first.id}"]`);
    expect(await row.getAttribute('data-status')).toBe('to_notify');
    const text = await row.innerText();
    expect(text).toContain(`${first.residents} 人`);
    expect(text).toContain(`${shelter.name} (${shelter.code})`);
    expect(text).toContain('待通知');
    // a phone: nothing wider than the screen
    expect(await cadre.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await unlabelledControls(cadre.page, 'body')).toEqual([]);
  }, 60_000);

  it('marks a household arrived; the public map’s places left at its shelter drop within 2 s, without a reload', async () => {
    const task = (await tasksOf()).find((x) => x.shelter_id !== null && x.status === 'to_notify')!;
    const shelter = (await server.db.knex('shelters').where({ id: task.shelter_id! }).first('capacity', 'occupancy')) as { capacity: number; occupancy: number | null };
    const expected = shelter.capacity - ((shelter.occupancy ?? 0) + task.residents);
    const row = cadre.page.locator(`#cadre-tasks li[data-task="${task.id}"]`);
    await row.locator('.cadre-edit').click();
    await row.locator('input[type=radio][value="arrived"]').check();
    // the household's own shelter is offered first
    expect(await row.locator('select.cadre-shelter-pick').inputValue()).toBe(String(task.shelter_id));
    await screenshot(cadre.page, 'cadre-mark-arrived');
    await row.locator('.cadre-save').click();
    const savedAt = Date.now();
    expect(await cadre.page.locator('#cadre-queue').isHidden()).toBe(true);
    await expect.poll(() => publicVacancies(task.shelter_id!), { timeout: 2000, interval: 50 }).toBe(expected);
    expect(Date.now() - savedAt).toBeLessThan(2000);
    await cadre.page.waitForFunction((id) => document.querySelector(`#cadre-tasks li[data-task="${id}"]`)?.getAttribute('data-state') === 'sent', task.id, { timeout: 5000 });
    expect(await row.getAttribute('data-status')).toBe('arrived');
    expect((await taskOf(task.id)).status).toBe('arrived');
    expect(await cadre.page.locator('#cadre-queue').isHidden()).toBe(true);
  });

  it('out of coverage, a mark waits on the phone, says so, and arrives exactly once when the signal returns', async () => {
    const task = (await tasksOf()).find((x) => x.status === 'to_notify')!;
    const before = { task: await taskOf(task.id), notified: (await summary()).by_status.notified.households };
    await cadre.page.context().setOffline(true);
    await mark(task.id, 'notified', '已电话通知，户主说半小时后出发');
    const queue = cadre.page.locator('#cadre-queue');
    await queue.waitFor({ state: 'visible', timeout: 5000 });
    expect(await queue.getAttribute('data-count')).toBe('1');
    expect(await queue.innerText()).toContain('1 条更改等待信号');
    const row = cadre.page.locator(`#cadre-tasks li[data-task="${task.id}"]`);
    expect(await row.getAttribute('data-state')).toBe('queued');
    expect(await row.getAttribute('data-status')).toBe('notified');
    // Kept on the phone with its key, and not on the server yet.
    const stored = (await cadre.page.evaluate(() => JSON.parse(localStorage.getItem('onemap.cadre.queue') ?? '[]'))) as Array<{ key: string; taskId: number }>;
    expect(stored.map((x) => x.taskId)).toEqual([task.id]);
    expect((await taskOf(task.id)).version).toBe(before.task.version);
    await screenshot(cadre.page, 'cadre-waiting-for-signal');

    await cadre.page.context().setOffline(false);
    await queue.waitFor({ state: 'hidden', timeout: 10_000 });
    await cadre.page.waitForFunction((id) => document.querySelector(`#cadre-tasks li[data-task="${id}"]`)?.getAttribute('data-state') === 'sent', task.id, { timeout: 5000 });
    const after = await taskOf(task.id);
    expect(after.status).toBe('notified');
    expect(after.note).toBe('已电话通知，户主说半小时后出发');
    expect(after.version).toBe(before.task.version + 1);
    expect(await changesOf(task.id)).toEqual([{ status: 'notified', idempotency_key: stored[0].key }]);
    expect((await summary()).by_status.notified.households).toBe(before.notified + 1);
    expect(await cadre.page.evaluate(() => localStorage.getItem('onemap.cadre.queue'))).toBe('[]');

    // The same change sent again with its key counts once.
    const again = await api('PATCH', `/api/operations/${operationId}/tasks/${task.id}`, { status: 'notified', note: '已电话通知，户主说半小时后出发' }, { 'Idempotency-Key': stored[0].key });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
    expect((await taskOf(task.id)).version).toBe(before.task.version + 1);
    expect(await changesOf(task.id)).toHaveLength(1);
    expect((await summary()).by_status.notified.households).toBe(before.notified + 1);
  });

  it('an arrival the server took whose answer was lost is sent again with its key and counts once', async () => {
    const task = (await tasksOf()).find((x) => x.status === 'to_notify' && x.shelter_id !== null)!;
    const before = (await server.db.knex('shelters').where({ id: task.shelter_id! }).first('occupancy')) as { occupancy: number | null };
    const arrivedBefore = (await summary()).by_status.arrived.households;
    const url = `**/api/operations/${operationId}/tasks/${task.id}`;
    // The request reaches the server; the signal drops before the answer comes back.
    let lost = 0;
    let dropped!: () => void;
    const droppedOnce = new Promise<void>((resolve) => (dropped = resolve));
    await cadre.page.route(url, async (route) => {
      if (lost++ === 0) {
        await route.fetch();
        await route.abort('internetdisconnected');
        dropped();
      } else await route.continue();
    });
    await mark(task.id, 'arrived');
    await droppedOnce;
    await cadre.page.locator('#cadre-queue').waitFor({ state: 'visible', timeout: 5000 });
    expect((await taskOf(task.id)).status).toBe('arrived');
    // The page sends what waits when the browser says the signal is back.
    await cadre.page.evaluate(() => window.dispatchEvent(new Event('online')));
    await cadre.page.locator('#cadre-queue').waitFor({ state: 'hidden', timeout: 10_000 });
    await cadre.page.unroute(url);
    expect(lost).toBe(2);
    const events = await changesOf(task.id);
    expect(events.map((e) => e.status)).toEqual(['arrived']);
    const after = (await server.db.knex('shelters').where({ id: task.shelter_id! }).first('occupancy')) as { occupancy: number };
    expect(after.occupancy).toBe((before.occupancy ?? 0) + task.residents);
    expect((await summary()).by_status.arrived.households).toBe(arrivedBefore + 1);
  });

  it('a change the server refuses for good leaves the queue and is shown refused with the server’s reason', async () => {
    const task = (await tasksOf()).find((x) => x.status === 'to_notify')!;
    // An arrival with no shelter is refused (422): pick "no shelter" for a household that has none.
    await server.db.knex('operation_tasks').where({ id: task.id }).update({ shelter_id: null, designated_shelter_id: null });
    await cadre.page.locator('#cadre-show').selectOption('all');
    const row = cadre.page.locator(`#cadre-tasks li[data-task="${task.id}"]`);
    await row.waitFor();
    await mark(task.id, 'arrived');
    await cadre.page.waitForFunction((id) => document.querySelector(`#cadre-tasks li[data-task="${id}"]`)?.getAttribute('data-state') === 'refused', task.id, { timeout: 5000 });
    expect(await row.innerText()).toContain('an arrival needs the shelter the household reached');
    expect(await cadre.page.locator('#cadre-queue').isHidden()).toBe(true);
    expect((await taskOf(task.id)).status).toBe('to_notify');
  });

  it('shows a household marked by someone else (the duty officer) without a reload', async () => {
    const task = (await tasksOf()).find((x) => x.status === 'to_notify')!;
    const res = await api('PATCH', `/api/operations/${operationId}/tasks/${task.id}`, { status: 'unreachable' }, { 'If-Match': `"v${task.version}"` });
    expect(res.status).toBe(200);
    await cadre.page.waitForFunction((id) => document.querySelector(`#cadre-tasks li[data-task="${id}"]`)?.getAttribute('data-status') === 'unreachable', task.id, { timeout: 5000 });
    expect(await cadre.page.locator(`#cadre-tasks li[data-task="${task.id}"] .task-status`).innerText()).toBe('联系不上');
  });

  it('threw no script errors', () => {
    expect([...publicMap.errors, ...cadre.errors]).toEqual([]);
  });
});
