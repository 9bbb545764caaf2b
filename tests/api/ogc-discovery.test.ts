import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

describe('GET /ogc (landing page)', () => {
  it('links to the API definition, conformance and the collections', async () => {
    const res = await request(ctx.app).get('/ogc').expect(200);
    const rels = res.body.links.map((l: { rel: string }) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
  });
});

describe('GET /ogc/conformance', () => {
  it('declares core, geojson and oas30', async () => {
    const res = await request(ctx.app).get('/ogc/conformance').expect(200);
    for (const c of ['core', 'geojson', 'oas30']) {
      expect(res.body.conformsTo).toContain(`http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`);
    }
  });
});

describe('GET /ogc/collections', () => {
  it('lists every spatial layer with items links and an extent over Xinyi', async () => {
    const res = await request(ctx.app).get('/ogc/collections').expect(200);
    const ids = res.body.collections.map((c: { id: string }) => c.id);
    expect(ids.sort()).toEqual(['depots', 'hazard_zones', 'risk_sites', 'roads', 'shelters', 'towns', 'villages', 'warnings']);
    for (const c of res.body.collections) {
      expect(c.links.find((l: { rel: string }) => l.rel === 'items').href).toMatch(new RegExp(`/ogc/collections/${c.id}/items$`));
      // The sample holds no warnings: an empty layer claims no extent rather than a made-up one.
      if (c.id === 'warnings') {
        expect(c.extent).toBeUndefined();
        continue;
      }
      const [w, s, e, n] = c.extent.spatial.bbox[0];
      expect(w).toBeGreaterThan(110.5);
      expect(e).toBeLessThan(111.9);
      expect(s).toBeGreaterThan(22.0);
      expect(n).toBeLessThan(22.9);
    }
  });

  it('describes one collection and 404s an unknown one', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters').expect(200);
    expect(res.body.title).toContain('应急避难场所');
    const missing = await request(ctx.app).get('/ogc/collections/bunkers').expect(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});

describe('GET /ogc/api', () => {
  it('is an OpenAPI 3.0 document that a standard validator accepts', async () => {
    const res = await request(ctx.app).get('/ogc/api').expect(200);
    expect(res.headers['content-type']).toContain('application/vnd.oai.openapi+json');
    const doc = JSON.parse(res.text);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });

  it('describes every collection route and the service routes', async () => {
    const doc = JSON.parse((await request(ctx.app).get('/ogc/api')).text);
    for (const l of LAYERS) {
      // Relative to the document's server, /ogc, as OGC clients (GDAL) look them up.
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([`/collections/${l.id}/items`, `/collections/${l.id}/items/{featureId}`]));
      expect(Object.keys(doc.paths[`/collections/${l.id}/items/{featureId}`])).toEqual(expect.arrayContaining(['get', 'put', 'patch', 'delete']));
    }
    expect(doc.servers[0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ogc$/);
    // A route outside /ogc names the service's root as its server.
    expect(doc.paths['/api/health'].servers[0].url).toBe(doc.servers[0].url.replace(/\/ogc$/, ''));
  });
});

describe('GET /ogc/collections/{id}/schema', () => {
  it('gives the JSON Schema of a feature with system attributes readOnly', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters/schema').expect(200);
    expect(res.headers['content-type']).toContain('application/schema+json');
    const schema = JSON.parse(res.text);
    expect(schema.properties.shelter_type.enum).toEqual(['emergency', 'short_term', 'mid_term', 'long_term']);
    for (const k of ['version', 'created_at', 'updated_at', 'updated_by']) expect(schema.properties[k].readOnly).toBe(true);
    expect(schema.required).toEqual(expect.arrayContaining(['code', 'name', 'capacity']));
  });

  it('leaves private attributes out for anonymous readers', async () => {
    const anon = JSON.parse((await request(ctx.app).get('/ogc/collections/risk_sites/schema')).text);
    expect(anon.properties.monitor_phone).toBeUndefined();
    expect(anon.properties.grade.readOnly).toBe(true);
    const staff = JSON.parse((await request(ctx.app).get('/ogc/collections/risk_sites/schema').set('Authorization', `Bearer ${ctx.tokens.geohazard}`)).text);
    expect(staff.properties.monitor_phone).toBeDefined();
  });
});
