import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

type Feature = { id: number; geometry: { type: string }; properties: Record<string, unknown> };

/** A JSON Schema 2020-12 validator that knows Part 5's keywords and geometry formats. */
function validator() {
  // Part 5 gives the geometry a format without a type, which strict mode would only warn about.
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  // ajv-formats is CommonJS: its plugin is the module's `default` member.
  formatsPlugin.default(ajv);
  for (const k of ['x-ogc-role', 'x-onemap-private', 'x-onemap-geometry']) ajv.addKeyword(k);
  // Part 5 names the geometry's type by a format; formats only check strings, so the type is checked below.
  for (const f of ['geometry-point', 'geometry-multilinestring', 'geometry-multipolygon']) ajv.addFormat(f, () => true);
  return ajv;
}

async function everyFeature(collection: string, auth?: string): Promise<Feature[]> {
  const out: Feature[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const req = request(ctx.app).get(`/ogc/collections/${collection}/items?limit=10000&offset=${offset}`);
    if (auth) req.set('Authorization', auth);
    const page = (await req.expect(200)).body as { features: Feature[]; numberMatched: number };
    out.push(...page.features);
    if (out.length >= page.numberMatched || page.features.length === 0) return out;
  }
}

describe('Part 5: every stored feature validates against its collection’s /schema', () => {
  for (const who of ['the public', 'staff'] as const) {
    it(`as ${who} sees them`, async () => {
      const auth = who === 'staff' ? `Bearer ${ctx.tokens.admin}` : undefined;
      const collections = ((await request(ctx.app).get('/ogc/collections').expect(200)).body as { collections: Array<{ id: string }> }).collections;
      let checked = 0;
      for (const { id } of collections) {
        const req = request(ctx.app).get(`/ogc/collections/${id}/schema`);
        if (auth) req.set('Authorization', auth);
        const schema = JSON.parse((await req.expect(200)).text) as { 'x-onemap-geometry': string };
        const validate = validator().compile(schema);
        for (const f of await everyFeature(id, auth)) {
          const ok = validate({ ...f.properties, geometry: f.geometry });
          expect(ok, `${id} ${f.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
          expect(f.geometry.type, `${id} ${f.id}`).toBe(schema['x-onemap-geometry']);
          checked++;
        }
      }
      // The county sample: 2,000 risk sites alone, and every layer but warnings holds features.
      expect(checked).toBeGreaterThan(2000);
    });
  }

  it('a nullable enum allows null', async () => {
    const schema = JSON.parse((await request(ctx.app).get('/ogc/collections/risk_sites/schema').expect(200)).text);
    expect(schema.properties.rectification_method.type).toEqual(['string', 'null']);
    expect(schema.properties.rectification_method.enum).toContain(null);
  });
});
