import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.ts';

const run = promisify(execFile);
const hasOgr = spawnSync('ogrinfo', ['--version']).status === 0;

let ctx: TestContext;
let server: LoopbackServer | undefined;
let base: string;
/** The items queries the service answered, as GDAL sent them. */
const seen: string[] = [];
beforeAll(async () => {
  if (!hasOgr) return;
  ctx = await openTestApp();
  // GDAL is a separate process: it needs the service on a real (loopback) port.
  server = await listenOnLoopback((req, res) => {
    if (req.url?.includes('/items')) seen.push(decodeURIComponent(req.url.replace(/\+/g, ' ')));
    ctx.app(req, res);
  });
  base = server.base;
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

async function sqlCount(condition: string): Promise<number> {
  const r = await ctx.db.knex.raw<{ rows: Array<{ n: string | number }> }>(`SELECT count(*) AS n FROM risk_sites WHERE deleted_at IS NULL AND (${condition})`);
  return Number(r.rows[0].n);
}

/** ogrinfo -where on risk sites with GDAL's debug log: the feature count and what it said. */
async function ogrWhere(where: string): Promise<{ count: number; log: string }> {
  const { stdout, stderr } = await run('ogrinfo', ['-ro', '-so', '-oo', 'PAGE_SIZE=1000', `OAPIF:${base}/ogc`, 'risk_sites', '-where', where], { env: { ...process.env, CPL_DEBUG: 'ON' } });
  const m = /Feature Count: (\d+)/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return { count: Number(m![1]), log: stderr };
}

describe.skipIf(!hasOgr)('GDAL OAPIF sends its -where to the service as a filter', () => {
  it("grade = 'high' AND town_code = '440983113': all of it on the server", async () => {
    seen.length = 0;
    const { count, log } = await ogrWhere("grade = 'high' AND town_code = '440983113'");
    expect(log).toContain('CQL text detected');
    expect(log).not.toContain('evaluated on client side');
    expect(log).not.toContain('Only part of the filter');
    expect(seen.some((u) => u.includes("filter=(grade = 'high') AND (town_code = '440983113')"))).toBe(true);
    const expected = await sqlCount("grade = 'high' AND town_code = '440983113'");
    expect(expected).toBeGreaterThan(0);
    expect(count).toBe(expected);
  });

  it('households > 2 OR residents >= 20: ranges and OR too', async () => {
    seen.length = 0;
    const { count, log } = await ogrWhere('households > 2 OR residents >= 20');
    expect(log).not.toContain('evaluated on client side');
    expect(seen.some((u) => u.includes('filter=(households > 2) OR (residents >= 20)'))).toBe(true);
    expect(count).toBe(await sqlCount('households > 2 OR residents >= 20'));
  });

  it("village LIKE '%山村': LIKE with Chinese text", async () => {
    const { count, log } = await ogrWhere("village LIKE '%山村'");
    expect(log).not.toContain('evaluated on client side');
    expect(count).toBe(await sqlCount("village LIKE '%山村'"));
  });
});
