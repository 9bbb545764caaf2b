/**
 * What the cadre's browser tests share: a small operation over the sample's densest cluster of
 * high-graded sites (a quick plan), the duty officer's API calls, and a cadre's sign-in and marks
 * on the phone page.
 */
import type { Page } from 'playwright-core';
import type { WebServer } from './web-server.ts';

export interface ApiTask {
  id: number;
  version: number;
  status: string;
  shelter_id: number | null;
  residents: number;
  households: number;
  note: string | null;
}

/** An API caller with a token (the duty officer's). */
export function apiAs(server: WebServer, token: string) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** Starts a geohazard operation (orange) over a 0.1° square around the high-graded sites' centre; returns its id. */
export async function startSmallOperation(server: WebServer, api: ReturnType<typeof apiAs>, name: string): Promise<number> {
  const c = (await server.db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
    "SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS x, ST_Y(ST_Centroid(ST_Collect(geom))) AS y FROM risk_sites WHERE grade IN ('very_high', 'high')",
  )).rows[0];
  const d = 0.05;
  const area = { type: 'Polygon', coordinates: [[[c.x - d, c.y - d], [c.x + d, c.y - d], [c.x + d, c.y + d], [c.x - d, c.y + d], [c.x - d, c.y - d]]] };
  const res = await api('POST', '/api/operations', { area, hazard: 'geohazard', level: 'orange', name });
  if (res.status !== 201) throw new Error(`operation not started: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { operation: { id: number } }).operation.id;
}

/** Signs in on the cadre page through its button and waits for the list. */
export async function signInOnCadrePage(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/cadre`);
  await page.locator('#cadre-sign-in').click();
  await page.locator('#login-user').fill(username);
  await page.locator('#login-pass').fill(password);
  await page.locator('#login-pass').press('Enter');
  await page.locator('#cadre-tasks li[data-task]').first().waitFor({ timeout: 20_000 });
}

/** Opens a household's form on the cadre page, picks a status (and a note) and saves. */
export async function markHousehold(page: Page, taskId: number, status: string, note?: string): Promise<void> {
  const row = page.locator(`#cadre-tasks li[data-task="${taskId}"]`);
  await row.locator('.cadre-edit').click();
  await row.locator(`input[type=radio][value="${status}"]`).check();
  if (note) await row.locator('textarea.cadre-note').fill(note);
  await row.locator('.cadre-save').click();
}
