import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

interface Hit {
  layer: string;
  code: string;
  name: string;
  name_en: string | null;
  center: [number, number];
  bbox: number[] | null;
}

const search = async (q: string) => (await request(ctx.app).get('/api/search').query({ q }).expect(200)).body.results as Hit[];

describe('GET /api/search', () => {
  it('finds a village by its pinyin name in any case and spacing, with where it is', async () => {
    for (const q of ['Longlou', 'longlou', 'LONG lou']) {
      const hits = await search(q);
      expect(hits[0]).toMatchObject({ layer: 'villages', code: '440983001201', name: '龙楼村', name_en: 'Longlou' });
      expect(hits[0].center[0]).toBeCloseTo(110.983675, 5);
    }
  });

  it('finds villages and shelters by a part of their Chinese name, exact matches first', async () => {
    const hits = await search('龙楼');
    expect(hits.map((h) => h.layer)).toEqual(expect.arrayContaining(['villages', 'shelters']));
    expect(hits[0].name).toBe('龙楼村');
    expect((await search('龙楼村'))[0].name).toBe('龙楼村');
  });

  it('finds a town with its bounding box, and a shelter by its code', async () => {
    const town = (await search('Dongzhen'))[0];
    expect(town).toMatchObject({ layer: 'towns', name: '东镇街道' });
    expect(town.bbox).toHaveLength(4);
    const shelter = (await search('BN440983001-001'))[0];
    expect(shelter).toMatchObject({ layer: 'shelters', code: 'BN440983001-001' });
  });

  it('treats LIKE wildcards as plain characters', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('answers a missing, empty or overlong query with a 400 naming the field', async () => {
    for (const q of [undefined, '', '   ', 'x'.repeat(51)]) {
      const res = await request(ctx.app).get('/api/search').query(q === undefined ? {} : { q }).expect(400);
      expect(res.body.error.details[0].field).toBe('q');
    }
    const extra = await request(ctx.app).get('/api/search?q=a&bogus=1').expect(400);
    expect(extra.body.error.code).toBe('bad_request');
  });
});
