import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { listenOnLoopback, type LoopbackServer } from '../helpers/loopback-server.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const hasOwslib = spawnSync(PYTHON, ['-c', 'import owslib']).status === 0;
const SCRIPT = path.join(import.meta.dirname, '../fixtures/owslib-features.py');

interface Page { matched: number; returned: number; ids: number[] }
interface OwslibAnswer {
  version: string; conformance: string[]; feature_collections: string[]; queryables: string[];
  bbox: Page; bbox_limit: number; datetime_interval: Page; datetime_date: Page; datetime_open_end: Page; filter: Page; filter_bbox: Page;
}

let ctx: TestContext;
let server: LoopbackServer | undefined;
let got: OwslibAnswer;
const BBOX = 'ST_MakeEnvelope(111.0, 22.3, 111.3, 22.6, 4326)';

async function ids(condition: string): Promise<number[]> {
  const r = await ctx.db.knex.raw<{ rows: Array<{ id: number }> }>(`SELECT id FROM shelters WHERE deleted_at IS NULL AND (${condition}) ORDER BY id`);
  return r.rows.map((row) => Number(row.id));
}

beforeAll(async () => {
  if (!hasOwslib) return;
  ctx = await openTestApp();
  // A third of the shelters last changed in May 2024, so that a datetime query has something to split.
  await ctx.db.knex.raw(`UPDATE shelters SET updated_at = '2024-05-01T08:00:00Z' WHERE id % 3 = 0`);
  // OWSLib is a separate process: it needs the service on a real (loopback) port.
  server = await listenOnLoopback((req, res) => ctx.app(req, res));
  const { stdout } = await run(PYTHON, [SCRIPT, `${server.base}/ogc/`], { timeout: 60_000 });
  got = JSON.parse(stdout) as OwslibAnswer;
}, 90_000);
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

describe.skipIf(!hasOwslib)('OWSLib (owslib.ogcapi.features.Features) reads the service', () => {
  it('lists every collection as a feature collection and reads the conformance', () => {
    expect(got.feature_collections.sort()).toEqual(LAYERS.map((l) => l.id).sort());
    expect(got.conformance).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
  });

  it('reads the queryables', () => {
    expect(got.queryables).toEqual(expect.arrayContaining(['status', 'capacity', 'geometry']));
  });

  it('bbox: the same shelters as PostGIS, and limit caps the page', async () => {
    const expected = await ids(`ST_Intersects(geom, ${BBOX})`);
    expect(expected.length).toBeGreaterThan(10);
    expect(got.bbox.ids).toEqual(expected);
    expect(got.bbox.matched).toBe(expected.length);
    expect(got.bbox_limit).toBe(7);
  });

  it('datetime: an interval, a whole day and an open start', async () => {
    const may = await ids(`updated_at BETWEEN '2024-01-01T00:00:00Z' AND '2024-12-31T23:59:59Z'`);
    expect(may.length).toBeGreaterThan(0);
    expect(got.datetime_interval.ids).toEqual(may);
    expect(got.datetime_date.ids).toEqual(await ids(`updated_at >= '2024-05-01T00:00:00Z' AND updated_at < '2024-05-02T00:00:00Z'`));
    expect(got.datetime_open_end.ids).toEqual(await ids(`updated_at <= '2023-12-31T00:00:00Z'`));
    expect(got.datetime_open_end.returned).toBe(0);
  });

  it('a CQL2 filter, with a spatial condition too', async () => {
    const expected = await ids(`status = 'open' AND capacity > 500`);
    expect(expected.length).toBeGreaterThan(0);
    expect(got.filter.ids).toEqual(expected);
    expect(got.filter.matched).toBe(expected.length);
    expect(got.filter_bbox.ids).toEqual(await ids(`status IN ('open','standby') AND ST_Intersects(geom, ${BBOX})`));
  });
});
