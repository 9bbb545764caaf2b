/**
 * `npm run bench:web`: what the first view of the public map costs, measured in headless
 * Chromium against a local OneMap server on the county sample.
 *
 * - compressed JS + CSS: bytes on the wire (as the browser received them, Brotli or gzip) of
 *   every script and style sheet the public map loads before it is drawn; budget 500 KB.
 * - time to render: from the start of navigation to the map drawn with all its layers
 *   (the client's `onemap:rendered` mark); budget 2 s on a local connection.
 *
 * Each run uses a fresh browser context (empty cache). Prints the median, min and max of the
 * runs. BENCH_RUNS (default 7) sets the count; BENCH_URL measures an already running server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { openDatabase } from '../server/db/connect.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { loadDataset } from '../server/layers/load-dataset.ts';
import { gradeAllSites } from '../server/grading/grading-store.ts';
import { loadGradingRules } from '../server/analysis/grading-rules.ts';
import { loadConfig, repoRoot } from '../server/config.ts';
import { createApp } from '../server/app/app.ts';
import { ensureWebBuild } from '../scripts/ensure-web-build.ts';
import { spread } from './support/stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET_BYTES = 500 * 1024;
const BUDGET_MS = 2000;

interface Run {
  jsCssBytes: number;
  jsCssUncompressed: number;
  files: number;
  dataBytes: number;
  renderMs: number;
}

async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.BENCH_URL) return { url: process.env.BENCH_URL.replace(/\/$/, ''), close: async () => {} };
  await ensureWebBuild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-bench-web-'));
  const db = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: dir, DB_POOL_MAX: 1, STATEMENT_TIMEOUT_MS: 60_000 });
  await migrateLatest(db.knex);
  await loadDataset(db.knex, path.join(repoRoot, 'data/sample/county'));
  await gradeAllSites(db.knex, loadGradingRules(loadConfig({}).GRADING_RULES_FILE), 'bench', null);
  const { app } = createApp({ db, config: { READ_RATE_LIMIT_PER_MIN: 0 }, log: () => {} });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  console.error('starting a OneMap server on the county sample…');
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
  });
  const runs: Run[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const responses: Array<Promise<{ type: string; encoded: number; decoded: number }>> = [];
      page.on('response', (res) => {
        const type = res.request().resourceType();
        responses.push(
          Promise.all([res.request().sizes(), res.body().catch(() => Buffer.alloc(0))]).then(([s, body]) => ({ type, encoded: s.responseBodySize, decoded: body.length })),
        );
      });
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
      const renderMs = await page.evaluate(() => performance.getEntriesByName('onemap:rendered')[0]?.startTime ?? NaN);
      const all = await Promise.all(responses);
      const code = all.filter((r) => r.type === 'script' || r.type === 'stylesheet');
      const data = all.filter((r) => r.type === 'fetch' || r.type === 'xhr');
      await context.close();
      // The first run warms the server's caches (layer snapshots, file system); it is not counted.
      if (i === 0) continue;
      runs.push({
        jsCssBytes: code.reduce((s, r) => s + r.encoded, 0),
        jsCssUncompressed: code.reduce((s, r) => s + r.decoded, 0),
        files: code.length,
        dataBytes: data.reduce((s, r) => s + r.encoded, 0),
        renderMs,
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const stat = (f: (r: Run) => number) => spread(runs.map(f));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const ms = (n: number) => `${Math.round(n)} ms`;
  const rows: Array<[string, ReturnType<typeof stat>, (n: number) => string, number | null]> = [
    ['JS+CSS, compressed (on the wire)', stat((r) => r.jsCssBytes), kb, BUDGET_BYTES],
    ['JS+CSS, uncompressed', stat((r) => r.jsCssUncompressed), kb, null],
    ['JS+CSS files', stat((r) => r.files), String, null],
    ['map data (API JSON) on the wire', stat((r) => r.dataBytes), kb, null],
    ['time to render (navigation → map drawn)', stat((r) => r.renderMs), ms, BUDGET_MS],
  ];
  console.log(`\nOneMap web client, first public view (phone viewport, cold cache, ${runs.length} runs, Chromium)\n`);
  const head = ['measure', 'median', 'min', 'max', 'budget', 'within'];
  const table = rows.map(([name, s, f, budget]) => [name, f(s.median), f(s.min), f(s.max), budget === null ? '' : f(budget), budget === null ? '' : s.median <= budget ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of table) console.log(line(r));
  const over = rows.some(([, s, , budget]) => budget !== null && s.median > budget);
  if (over) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
