/**
 * The village cadre's page opened with no signal at all, in Chromium on a phone: loaded once with
 * the network (signed in), then the browser offline and the server stopped, and the page opened
 * again — it comes from the service worker, shows the task list the phone kept with the time the
 * server gave it, says it is offline and how many marks wait; a mark made then is queued and still
 * shown after another reopening. The server back and the browser online, the mark reaches the
 * server once and the list is loaded afresh. The list is never in the worker's shared caches.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './helpers/browser.ts';
import { apiAs, markHousehold, signInOnCadrePage, startSmallOperation, type ApiTask } from './helpers/cadre.ts';
import { startWebServer, type WebServer } from './helpers/web-server.ts';
import { createToken } from '../../server/auth/tokens.ts';

let server: WebServer;
let browser: Browser;
let cadre: { page: Page; errors: string[] };
let api: ReturnType<typeof apiAs>;
let operationId: number;

interface KeptList {
  user: { name: string; role: string };
  at: string;
  operation: { id: number };
  tasks: Array<{ id: number; special_needs: Array<{ helper_name: string | null; helper_phone: string | null }> }>;
}

const tasksOf = async (): Promise<ApiTask[]> => ((await (await api('GET', `/api/operations/${operationId}/tasks?limit=5000`)).json()) as { tasks: ApiTask[] }).tasks;
const taskOf = async (id: number): Promise<ApiTask> => (await tasksOf()).find((x) => x.id === id)!;
const changesOf = async (taskId: number) => (await server.db.knex('operation_task_events').where({ task_id: taskId }).select('status', 'idempotency_key')) as Array<{ status: string; idempotency_key: string | null }>;

const keptList = () => cadre.page.evaluate(() => JSON.parse(localStorage.getItem('onemap.cadre.list') ?? 'null') as unknown) as Promise<KeptList | null>;
const queued = () => cadre.page.evaluate(() => JSON.parse(localStorage.getItem('onemap.cadre.queue') ?? '[]') as unknown) as Promise<Array<{ key: string; taskId: number }>>;

/** Every address the worker's caches hold (path and query). */
const cachedPaths = (page: Page) =>
  page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname + new URL(r.url).search);
    return out;
  });

/** The clock time "10:42" of an instant in the page's own time zone, worked out here. */
async function clockOf(iso: string): Promise<string> {
  const zone = await cadre.page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  return `${parts.find((p) => p.type === 'hour')!.value}:${parts.find((p) => p.type === 'minute')!.value}`;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
  api = apiAs(server, (await createToken(server.db.knex, 'duty-offline', 'duty')).token);
  operationId = await startSmallOperation(server, api, '信宜市地质灾害转移（离线测试）');
  cadre = await openPage(browser, { width: 390, height: 844, mobile: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the cadre’s page without a signal', () => {
  let loadedAt: { from: number; to: number };
  let listed: number;
  let markedTask: ApiTask;

  it('loaded with a signal, keeps the page’s code in the worker and the task list on the phone, not in the shared caches', async () => {
    const password = await server.addUser('cadre-wang', 'cadre');
    const from = Date.now();
    await signInOnCadrePage(cadre.page, server.url, 'cadre-wang', password);
    loadedAt = { from, to: Date.now() };
    listed = await cadre.page.locator('#cadre-tasks li[data-task]').count();
    expect(listed).toBe((await tasksOf()).length);
    expect(await cadre.page.locator('#cadre-offline').isHidden()).toBe(true);

    const kept = (await keptList())!;
    expect(kept.user).toEqual({ name: 'cadre-wang', role: 'cadre' });
    expect(kept.operation.id).toBe(operationId);
    expect(kept.tasks.map((x) => x.id).sort()).toEqual((await tasksOf()).map((x) => x.id).sort());
    expect(Date.parse(kept.at)).toBeGreaterThanOrEqual(loadedAt.from);
    expect(Date.parse(kept.at)).toBeLessThanOrEqual(loadedAt.to);
    // The helpers' names and phones stay on the server.
    expect(kept.tasks.flatMap((x) => x.special_needs).every((n) => n.helper_name === null && n.helper_phone === null)).toBe(true);

    await cadre.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    const code = await cadre.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/assets/')));
    expect(code.some((p) => /cadre-page/.test(p))).toBe(true);
    const missing = async () => {
      const kept = new Set(await cachedPaths(cadre.page));
      return code.filter((p) => !kept.has(p));
    };
    await expect.poll(missing, { timeout: 20_000 }).toEqual([]);
    // Nothing of the signed-in cadre's: no task list, no operation, no staff answer of a public layer.
    const paths = await cachedPaths(cadre.page);
    expect(paths.filter((p) => p.startsWith('/api/operations') || p.startsWith('/api/auth') || p.startsWith('/ogc/'))).toEqual([]);
  }, 90_000);

  it('opened again with no signal, shows the kept list with its time and says it is offline', async () => {
    markedTask = (await tasksOf()).find((x) => x.status === 'to_notify')!;
    await cadre.page.context().setOffline(true);
    await server.stop();
    await cadre.page.reload();
    const note = cadre.page.locator('#cadre-offline');
    await note.waitFor({ state: 'visible', timeout: 20_000 });
    await cadre.page.locator('#cadre-tasks li[data-task]').first().waitFor({ timeout: 10_000 });
    expect(await cadre.page.locator('#cadre-tasks li[data-task]').count()).toBe(listed);
    const kept = (await keptList())!;
    const text = await note.innerText();
    expect(text).toContain('没有网络');
    expect(text).toContain(`${await clockOf(kept.at)} 的列表`);
    expect(text).toContain('0 条登记等待发送');
    expect(await note.getAttribute('data-list-at')).toBe(kept.at);
    // The cadre still shown as signed in; the filters wait for the server.
    expect(await cadre.page.locator('.auth .who').innerText()).toContain('cadre-wang');
    expect(await cadre.page.locator('#cadre-op').isDisabled()).toBe(true);
  }, 60_000);

  let key: string;

  it('a mark made offline is queued, shown on the list and counted in the note, also when the page is opened again', async () => {
    await markHousehold(cadre.page, markedTask.id, 'moving', '正在转移，走老路');
    const row = cadre.page.locator(`#cadre-tasks li[data-task="${markedTask.id}"]`);
    await cadre.page.waitForFunction((id) => document.querySelector(`#cadre-tasks li[data-task="${id}"]`)?.getAttribute('data-state') === 'queued', markedTask.id, { timeout: 5000 });
    expect(await row.getAttribute('data-status')).toBe('moving');
    const note = cadre.page.locator('#cadre-offline');
    await expect.poll(() => note.getAttribute('data-count'), { timeout: 5000 }).toBe('1');
    expect(await note.innerText()).toContain('1 条登记等待发送');
    const stored = await queued();
    expect(stored.map((x) => x.taskId)).toEqual([markedTask.id]);
    key = stored[0].key;
    // Not on the server (read in its database: it does not answer now).
    expect(((await server.db.knex('operation_tasks').where({ id: markedTask.id }).first('version')) as { version: number }).version).toBe(markedTask.version);
    await screenshot(cadre.page, 'cadre-offline-list');

    await cadre.page.reload();
    await cadre.page.locator('#cadre-tasks li[data-task]').first().waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-state')).toBe('queued');
    expect(await row.getAttribute('data-status')).toBe('moving');
    expect(await cadre.page.locator('#cadre-offline').getAttribute('data-count')).toBe('1');
  }, 60_000);

  it('the signal back, the mark reaches the server once and the list is loaded afresh', async () => {
    const before = (await keptList())!.at;
    await server.resume();
    await cadre.page.context().setOffline(false);
    await cadre.page.locator('#cadre-offline').waitFor({ state: 'hidden', timeout: 20_000 });
    await expect.poll(queued, { timeout: 20_000 }).toEqual([]);
    await expect.poll(async () => (await keptList())!.at > before, { timeout: 20_000 }).toBe(true);
    expect(await cadre.page.locator('#cadre-op').isDisabled()).toBe(false);
    const row = cadre.page.locator(`#cadre-tasks li[data-task="${markedTask.id}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('moving');
    expect(await row.getAttribute('data-state')).not.toBe('queued');

    const after = await taskOf(markedTask.id);
    expect(after.status).toBe('moving');
    expect(after.note).toBe('正在转移，走老路');
    expect(after.version).toBe(markedTask.version + 1);
    expect(await changesOf(markedTask.id)).toEqual([{ status: 'moving', idempotency_key: key }]);

    // Sent again with its key (an answer lost on the way back), it still counts once.
    const again = await api('PATCH', `/api/operations/${operationId}/tasks/${markedTask.id}`, { status: 'moving', note: '正在转移，走老路' }, { 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
    expect(await changesOf(markedTask.id)).toHaveLength(1);
    expect((await taskOf(markedTask.id)).version).toBe(markedTask.version + 1);
  }, 60_000);

  it('signing out removes the kept list from the phone', async () => {
    await cadre.page.locator('#sign-out').click();
    await cadre.page.locator('#cadre-sign-in').waitFor({ timeout: 20_000 });
    expect(await keptList()).toBeNull();
  }, 30_000);

  it('threw no script errors', () => {
    expect(cadre.errors).toEqual([]);
  });
});
