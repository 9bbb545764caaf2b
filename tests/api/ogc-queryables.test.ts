import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { filterableAttributes } from '../../server/features/items-query.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { local, type Link } from '../helpers/links.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

describe('GET /ogc/collections/{id}/queryables', () => {
  it('is linked from each collection and lists exactly the attributes its items filter on, and the geometry', async () => {
    for (const layer of LAYERS) {
      const c = (await request(ctx.app).get(`/ogc/collections/${layer.id}`).expect(200)).body as { links: Link[] };
      const link = c.links.find((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables');
      expect(link, layer.id).toMatchObject({ type: 'application/schema+json' });
      const res = await request(ctx.app).get(local(link!.href)).expect(200);
      expect(res.headers['content-type']).toContain('application/schema+json');
      const q = JSON.parse(res.text) as { $schema: string; type: string; properties: Record<string, { type: unknown }> };
      expect(q.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(q.type).toBe('object');
      expect(Object.keys(q.properties).sort()).toEqual([...filterableAttributes(layer), 'geometry'].sort());
    }
  });

  it('each queryable works as a query parameter', async () => {
    const q = JSON.parse((await request(ctx.app).get('/ogc/collections/shelters/queryables').expect(200)).text) as { properties: Record<string, { enum?: string[] }> };
    const sample = (await request(ctx.app).get('/ogc/collections/shelters/items?limit=1').expect(200)).body.features[0].properties as Record<string, unknown>;
    for (const name of Object.keys(q.properties)) {
      const value = sample[name] ?? q.properties[name].enum?.[0];
      // The geometry is filtered by bbox and by a filter's spatial functions, not by equality.
      if (name === 'geometry' || value === null || value === undefined) continue;
      const page = (await request(ctx.app).get('/ogc/collections/shelters/items').query({ [name]: String(value), limit: 5 }).expect(200)).body as { features: Array<{ properties: Record<string, unknown> }> };
      expect(page.features.length, name).toBeGreaterThan(0);
      for (const f of page.features) expect(String(f.properties[name])).toBe(String(value));
    }
  });

  it('404 for a collection that does not exist', async () => {
    expect((await request(ctx.app).get('/ogc/collections/nope/queryables').expect(404)).body.error.code).toBe('not_found');
  });
});

describe('conformance', () => {
  it('claims the queryables classes (the filter classes: ogc-filter.test.ts)', async () => {
    const c = (await request(ctx.app).get('/ogc/conformance').expect(200)).body.conformsTo as string[];
    expect(c).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
    ]));
  });
});
