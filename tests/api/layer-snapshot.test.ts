import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { readLayerJson } from '../../server/layers/layer-json.ts';
import { findLayer } from '../../server/layers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const text = (s: { buffer: SharedArrayBuffer; bytes: number }) => Buffer.from(s.buffer, 0, s.bytes).toString('utf8');

describe('a layer snapshot for the analyses, read in pages', () => {
  it('holds every public feature once, in id order, whatever the page size', async () => {
    const layer = findLayer('risk_sites')!;
    const whole = JSON.parse(text(await readLayerJson(ctx.db.knex, layer, false, 1_000_000)));
    // 2,000 sites in pages of 333: six full pages and a short one, joined where the pages meet.
    const paged = await readLayerJson(ctx.db.knex, layer, false, 333);
    const features = JSON.parse(text(paged)).features as Array<{ id: number }>;
    const count = Number((await ctx.db.knex('risk_sites').whereNull('deleted_at').count({ n: '*' }))[0].n);
    expect(count).toBe(2000);
    expect(features).toHaveLength(count);
    expect(new Set(features.map((f) => f.id)).size).toBe(count);
    expect(features.map((f) => f.id)).toEqual([...features.map((f) => f.id)].sort((a, b) => a - b));
    expect(features).toEqual(whole.features);
    expect(paged.version).toBeGreaterThan(0);
  });

  it('is an empty collection for an empty layer', async () => {
    const snapshot = await readLayerJson(ctx.db.knex, findLayer('warnings')!, false, 10);
    expect(JSON.parse(text(snapshot))).toEqual({ type: 'FeatureCollection', features: [] });
  });
});
