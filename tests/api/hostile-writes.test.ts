/**
 * Generated hostile input at every write route: each answer must be a 4xx that explains
 * itself, never a 5xx, and the database must be exactly what it was.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { ROLES, type LayerDefinition } from '../../server/layers/types.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { fingerprint, sampleLayer } from '../helpers/sample.ts';

let ctx: TestContext;
let before: Record<string, string>;
const TABLES = ['towns', 'villages', 'risk_sites', 'shelters', 'depots', 'hazard_zones', 'roads', 'warnings', 'risk_site_gradings', 'feature_history', 'users', 'api_tokens'];
beforeAll(async () => {
  ctx = await openTestApp();
  // The sample holds no warnings (they come in during an event): two are issued first, so that
  // the item routes of that layer have something to be attacked through.
  for (const code of ['HOSTILE-SEED-1', 'HOSTILE-SEED-2']) {
    await request(ctx.app).post('/ogc/collections/warnings/items').set('Authorization', `Bearer ${ctx.tokens.admin}`).send(sampleWarning(code)).expect(201);
  }
  before = await fingerprint(ctx.db.knex, TABLES);
});
afterAll(async () => ctx?.close());

/** A warning over a square in the east of the county: the sample has none to copy. */
function sampleWarning(code: string): { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> } {
  const square = [[111.2, 22.4], [111.3, 22.4], [111.3, 22.5], [111.2, 22.5], [111.2, 22.4]];
  return {
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates: [[square]] },
    properties: { code, hazard: 'rainstorm', level: 'orange', headline: '暴雨橙色预警', onset: '2026-06-01T08:00:00Z', expires: '2099-06-02T08:00:00Z', source: '信宜市气象台' },
  };
}
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

/** Special numbers JSON cannot carry: sent as raw tokens, the way a broken client would. */
const RAW = { NaN: '__raw_NaN__', Infinity: '__raw_Infinity__', MinusInfinity: '__raw_-Infinity__' };
function serialise(body: unknown): string {
  return (JSON.stringify(body) ?? 'null').replace(/"__raw_(NaN|Infinity|-Infinity)__"/g, '$1');
}

/** A valid feature of the layer, taken from the sample with a fresh code. */
function validFeature(layer: LayerDefinition, code = `HOSTILE-${layer.id}`): { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> } {
  const f = layer.id === 'warnings' ? sampleWarning(code) : sampleLayer(layer.id)[0];
  const properties = Object.fromEntries(Object.entries(f.properties ?? {}).filter(([k]) => !layer.attributes[k]?.readOnly));
  return { type: 'Feature', geometry: f.geometry, properties: { ...properties, code } };
}

const SQL_AND_SCRIPT = [
  "'; DROP TABLE shelters; --",
  '" OR 1=1 --',
  "1); DELETE FROM risk_sites WHERE (1=1",
  '$$; SELECT pg_sleep(30); $$',
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  '../../etc/passwd',
  '\\x00\\u0000',
  '%00%27',
];
const fragment = fc.oneof(fc.constantFrom(...SQL_AND_SCRIPT), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

// --- positions and geometries that are never acceptable --------------------------------------
const outOfRangeLon = fc.oneof(fc.double({ min: 180.0000001, max: 1e308, noNaN: true }), fc.double({ min: -1e308, max: -180.0000001, noNaN: true }));
const outOfRangeLat = fc.oneof(fc.double({ min: 90.0000001, max: 1e308, noNaN: true }), fc.double({ min: -1e308, max: -90.0000001, noNaN: true }));
const lon = fc.double({ min: 110.7, max: 111.6, noNaN: true });
const lat = fc.double({ min: 22.2, max: 22.7, noNaN: true });

const badPosition: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(fc.constantFrom(RAW.NaN, RAW.Infinity, RAW.MinusInfinity), lat),
  fc.tuple(lon, fc.constantFrom(RAW.NaN, RAW.Infinity, RAW.MinusInfinity)),
  fc.tuple(fc.string(), lat),
  fc.tuple(lon, fragment),
  fc.tuple(lon, lat, fc.double({ noNaN: true })), // 3D
  fc.tuple(lon, lat, fc.double({ noNaN: true }), fc.double({ noNaN: true })), // 4D
  fc.tuple(outOfRangeLon, lat),
  fc.tuple(lon, outOfRangeLat),
  fc.tuple(lon),
  fc.constant([]),
  fc.constantFrom(null, true, 42, 'x', {}),
  fc.tuple(fc.constantFrom(null, true, {}, []), lat),
);

const deeplyNested = fc.integer({ min: 20, max: 3000 }).map((depth) => {
  let v: unknown = [110.9, 22.3];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
});

function ring(points: unknown[]): unknown[] {
  return points;
}

/** A closed ring around a point, possibly self-intersecting (a bow tie). */
const bowtie = fc.tuple(lon, lat, fc.double({ min: 0.001, max: 0.05, noNaN: true })).map(([x, y, d]) =>
  ring([[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]),
);
const unclosed = fc.tuple(lon, lat, fc.double({ min: 0.001, max: 0.05, noNaN: true })).map(([x, y, d]) => ring([[x, y], [x + d, y], [x + d, y + d], [x, y + d]]));
const tooShort = fc.tuple(lon, lat).map(([x, y]) => ring([[x, y], [x + 0.01, y], [x, y]]));
const withBadPosition = fc.tuple(lon, lat, badPosition, fc.integer({ min: 0, max: 3 })).map(([x, y, bad, at]) => {
  const r: unknown[] = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]];
  r[at] = bad;
  return r;
});
const badRing = fc.oneof(bowtie, unclosed, tooShort, withBadPosition);

function badGeometry(layer: LayerDefinition): fc.Arbitrary<unknown> {
  const wrongTypes =
    layer.geometryType === 'Point'
      ? ['LineString', 'MultiPoint', 'Polygon', 'MultiPolygon', 'GeometryCollection']
      : layer.geometryType === 'MultiLineString'
        ? ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon', 'GeometryCollection']
        : ['Point', 'LineString', 'MultiPoint', 'GeometryCollection'];
  const common = [
    fc.constantFrom(null, 'POINT(110 22)', 42, [], [110, 22]),
    fc.record({ type: fc.constantFrom(...wrongTypes), coordinates: fc.constant([[110.9, 22.3], [111, 22.4]]) }),
    fc.record({ type: fragment, coordinates: fc.constant([110.9, 22.3]) }),
    fc.record({ type: fc.constant(layer.geometryType) }),
    fc.record({ type: fc.constant(layer.geometryType), coordinates: deeplyNested }),
  ];
  if (layer.geometryType === 'Point') return fc.oneof(...common, badPosition.map((coordinates) => ({ type: 'Point', coordinates })));
  if (layer.geometryType === 'MultiLineString') {
    // A layer with elevations takes [lon, lat, metres]: a finite third value is not wrong there.
    const wrong = layer.elevation ? badPosition.filter((p) => !(Array.isArray(p) && p.length === 3 && p.every((x) => typeof x === 'number' && Number.isFinite(x)))) : badPosition;
    return fc.oneof(
      ...common,
      fc.tuple(lon, lat, wrong).map(([x, y, bad]) => ({ type: 'LineString', coordinates: [[x, y], bad] })),
      fc.tuple(lon, lat, wrong).map(([x, y, bad]) => ({ type: 'MultiLineString', coordinates: [[[x, y], [x + 0.01, y]], [bad, [x, y]]] })),
      fc.tuple(lon, lat).map(([x, y]) => ({ type: 'LineString', coordinates: [[x, y]] })),
      fc.constant({ type: 'MultiLineString', coordinates: [] }),
      fc.constant({ type: 'MultiLineString', coordinates: [[]] }),
    );
  }
  return fc.oneof(
    ...common,
    badRing.map((r) => ({ type: 'Polygon', coordinates: [r] })),
    badRing.map((r) => ({ type: 'MultiPolygon', coordinates: [[r]] })),
    fc.constant({ type: 'MultiPolygon', coordinates: [] }),
    fc.constant({ type: 'Polygon', coordinates: [[]] }),
  );
}

// --- attributes that are never acceptable ----------------------------------------------------
/** Attributes that are wrong as a whole feature's (mode "create") or even as a merge patch's (mode "patch", where absent is fine). */
function badProperties(layer: LayerDefinition, mode: 'create' | 'patch' = 'create'): fc.Arbitrary<Record<string, unknown>> {
  const base = validFeature(layer).properties;
  const writable = Object.entries(layer.attributes).filter(([, a]) => !a.readOnly);
  const required = writable.filter(([, a]) => a.required).map(([k]) => k);
  const wrongValue = (name: string): fc.Arbitrary<unknown> => {
    const a = layer.attributes[name];
    switch (a.type) {
      case 'integer':
        return fc.oneof(fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.constant(1e20), fc.constant(-1e20), fragment, fc.constant(RAW.NaN), fc.constant([1]), fc.constant({ n: 1 }));
      case 'number':
        return fc.oneof(fragment, fc.constant(RAW.Infinity), fc.constant(RAW.NaN), fc.constant(true), fc.constant({}), a.max !== undefined ? fc.constant(a.max + 1) : fc.constant('1'));
      case 'enum':
        return fc.oneof(fragment.filter((s) => !a.values.includes(s)), fc.constant(1), fc.constant([a.values[0]]));
      case 'string':
        return fc.oneof(fc.string({ minLength: (a.maxLength ?? 1000) + 1, maxLength: (a.maxLength ?? 1000) + 50 }), fc.constant(12345), fc.constant({ text: 'x' }), fc.constant(['x']));
      case 'string_list':
        return fc.oneof(fragment, fc.constant([1, 2]), fc.constant({ a: 1 }), fc.constant([[]]));
      case 'quantity_map':
        return fc.oneof(fragment, fc.constant([1]), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.constant(-1), fragment), { minKeys: 1, maxKeys: 3 }));
      case 'datetime':
        return fragment;
      case 'boolean':
        return fc.oneof(fragment, fc.constant(1), fc.constant([true]), fc.constant({ yes: true }));
    }
  };
  const names = writable.map(([k]) => k);
  return fc.oneof(
    // An attribute the layer does not have (its name may be an injection attempt).
    fc.tuple(fragment.filter((k) => !(k in layer.attributes) && !['id', 'version', 'created_at', 'updated_at', 'updated_by'].includes(k)), fc.jsonValue()).map(([k, v]) => ({ ...base, [k]: v })),
    // A known attribute with a value of the wrong type or out of range.
    fc.constantFrom(...names).chain((k) => wrongValue(k).map((v) => ({ ...base, [k]: v }))),
    // A required attribute missing or null.
    fc.tuple(fc.constantFrom(...required), mode === 'create' ? fc.boolean() : fc.constant(false)).map(([k, drop]) => {
      const p: Record<string, unknown> = { ...base };
      if (drop) delete p[k];
      else p[k] = null;
      return p;
    }),
  );
}

/** A whole feature with exactly one thing wrong (at least). */
function badFeature(layer: LayerDefinition): fc.Arbitrary<unknown> {
  const ok = validFeature(layer);
  return fc.oneof(
    badGeometry(layer).map((geometry) => ({ ...ok, geometry })),
    badProperties(layer).map((properties) => ({ ...ok, properties })),
    fc.constantFrom('FeatureCollection', 'Point', 'feature', '', null).map((type) => ({ ...ok, type })),
    fc.constantFrom(null, 42, 'Feature', [], [ok], true),
    fc.constant({ ...ok, properties: 'code=1' }),
  );
}

interface Answer {
  status: number;
  body: { error?: { code?: unknown; message?: unknown } };
  type: string;
}

async function send(method: 'post' | 'put' | 'patch' | 'delete', url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  let r = request(ctx.app)[method](url).set('Authorization', `Bearer ${ctx.tokens.admin}`);
  for (const [k, v] of Object.entries(headers)) r = r.set(k, v);
  if (body !== undefined) r = r.set('Content-Type', headers['Content-Type'] ?? 'application/json').send(typeof body === 'string' ? body : serialise(body));
  const res = await r;
  return { status: res.status, body: res.body as Answer['body'], type: String(res.headers['content-type'] ?? '') };
}

/** The contract for every hostile request: a 4xx, in JSON, saying what was wrong. */
function expectClearRefusal(a: Answer, what: string): void {
  if (a.status < 400 || a.status >= 500) throw new Error(`${what}: expected a 4xx, got ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
  expect(a.type).toMatch(/json/);
  expect(typeof a.body.error?.code).toBe('string');
  expect(String(a.body.error?.message ?? '').length).toBeGreaterThan(5);
}

const itemsUrl = (layer: LayerDefinition) => `/ogc/collections/${layer.id}/items`;
const existing = async (layer: LayerDefinition) => {
  const row = (await ctx.db.knex(layer.table).whereNull('deleted_at').orderBy('id').first('id', 'version', 'code')) as { id: number; version: number; code: string };
  return row;
};

describe.each(LAYERS.map((l) => [l.id, l] as const))('hostile writes to %s', (_id, layer) => {
  it('POST items: bad GeoJSON and attributes are refused', async () => {
    await fc.assert(
      fc.asyncProperty(badFeature(layer), async (body) => expectClearRefusal(await send('post', itemsUrl(layer), body), `POST ${serialise(body).slice(0, 200)}`)),
      { numRuns: RUNS },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('PUT item: bad features, mismatched ids and duplicate codes are refused', async () => {
    const row = await existing(layer);
    const other = (await ctx.db.knex(layer.table).whereNot({ id: row.id }).whereNull('deleted_at').first('code')) as { code: string };
    const url = `${itemsUrl(layer)}/${row.id}`;
    const mismatched = fc.oneof(fc.integer({ min: 1, max: 1e9 }).filter((n) => n !== row.id), fragment).map((id) => ({ ...validFeature(layer, row.code), id }));
    const duplicate = fc.constant({ ...validFeature(layer, other.code) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(badFeature(layer), mismatched, duplicate), async (body) =>
        expectClearRefusal(await send('put', url, body, { 'If-Match': `"v${row.version}"` }), `PUT ${serialise(body).slice(0, 200)}`),
      ),
      { numRuns: RUNS },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('PATCH item: bad merge patches are refused', async () => {
    const row = await existing(layer);
    const url = `${itemsUrl(layer)}/${row.id}`;
    const patch = fc.oneof(
      badGeometry(layer).filter((g) => g !== null).map((geometry) => ({ geometry })),
      badProperties(layer, 'patch').map((properties) => ({ properties })),
      fc.tuple(fragment.filter((k) => !['type', 'properties', 'geometry', 'id'].includes(k)), fc.jsonValue()).map(([k, v]) => ({ [k]: v })),
      fc.constantFrom(null, 42, [], 'x').map((properties) => ({ properties })),
      fc.integer({ min: row.id + 1, max: 1e9 }).map((id) => ({ id, properties: {} })),
    );
    await fc.assert(
      fc.asyncProperty(patch, async (body) => expectClearRefusal(await send('patch', url, body, { 'If-Match': `"v${row.version}"` }), `PATCH ${serialise(body).slice(0, 200)}`)),
      { numRuns: RUNS },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });
});

describe('hostile requests around the bodies', () => {
  const layer = LAYERS.find((l) => l.id === 'shelters')!;

  it('wrong content types are refused with 415 before the body is read', async () => {
    const contentTypes = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html', 'application/octet-stream', 'application/javascript', 'image/png');
    const row = await existing(layer);
    await fc.assert(
      fc.asyncProperty(contentTypes, fc.constantFrom('post', 'put', 'patch') as fc.Arbitrary<'post' | 'put' | 'patch'>, async (type, method) => {
        const url = method === 'post' ? itemsUrl(layer) : `${itemsUrl(layer)}/${row.id}`;
        const a = await send(method, url, validFeature(layer), { 'Content-Type': type, 'If-Match': `"v${row.version}"` });
        expectClearRefusal(a, `${method} as ${type}`);
        expect(a.status).toBe(415);
      }),
      { numRuns: 20 },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('malformed JSON is a 400', async () => {
    const broken = fc.oneof(
      fc.constantFrom('{', '{"type": "Feature",}', "{'type': 'Feature'}", '[1, 2', 'undefined', '{"a": 1}{"b": 2}', '\u0000'),
      fc.string({ minLength: 1 }).filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      }),
    );
    await fc.assert(fc.asyncProperty(broken, async (text) => expectClearRefusal(await send('post', itemsUrl(layer), text), `malformed ${text.slice(0, 50)}`)), { numRuns: RUNS });
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('oversized bodies are refused with 413 (huge coordinate arrays, huge strings)', async () => {
    const huge = fc.oneof(
      fc.integer({ min: 100_000, max: 200_000 }).map((n) => ({ ...validFeature(layer), geometry: { type: 'Point', coordinates: Array.from({ length: n }, () => 110.123456) } })),
      fc.integer({ min: 1_100_000, max: 2_000_000 }).map((n) => ({ ...validFeature(layer), properties: { ...validFeature(layer).properties, name: 'x'.repeat(n) } })),
    );
    await fc.assert(
      fc.asyncProperty(huge, async (body) => {
        const a = await send('post', itemsUrl(layer), body);
        expectClearRefusal(a, 'oversized');
        expect(a.status).toBe(413);
      }),
      { numRuns: 4 },
    );
    const zones = LAYERS.find((l) => l.id === 'hazard_zones')!;
    // Within the body limit but more positions than a feature may have: 422, not a stalled database.
    const many = Array.from({ length: 40_000 }, (_, i) => [110.7 + (i % 200) * 0.001, 22.3 + Math.floor(i / 200) * 0.001]);
    const a = await request(ctx.app).post(itemsUrl(zones)).set('Authorization', `Bearer ${ctx.tokens.admin}`).send({ ...validFeature(zones), geometry: { type: 'Polygon', coordinates: [many] } });
    expect(a.status).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('duplicate JSON members: the last one counts, and a bad last one is refused', async () => {
    // The properties object comes last, so the added member follows the valid capacity.
    const text = serialise(validFeature(layer)).replace(/\}\}$/, ',"capacity":"lots"}}');
    expect(text).toMatch(/"capacity":3740.*"capacity":"lots"/);
    expectClearRefusal(await send('post', itemsUrl(layer), text), 'duplicate member');
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('If-Match headers that name none of our current ETags never write', async () => {
    const row = await existing(layer);
    const etags = fc.oneof(fragment, fc.constantFrom('W/"v1"', '"v-1"', '"v99999999999"', '""', `"v${row.version + 1}", "v${row.version + 2}"`, `"v${row.version}" `.repeat(3)));
    await fc.assert(
      fc.asyncProperty(etags, async (etag) => {
        // Node refuses control and non-Latin characters in headers: keep what a client could send.
        const value = [...etag].filter((c) => c >= ' ' && c < '\u007f').join('');
        if (value.trim() === '' || value.trim() === '*') return;
        expectClearRefusal(await send('patch', `${itemsUrl(layer)}/${row.id}`, { properties: { capacity: 1 } }, { 'If-Match': value }), `If-Match ${value}`);
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('DELETE and restore with hostile ids and bodies', async () => {
    const ids = fc.oneof(fragment.filter((s) => !/^\d{1,9}$/.test(s)).map(encodeURIComponent), fc.constantFrom('0', '-1', '1e3', '99999999999', '1.5', '%2e%2e', '1;DROP'));
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        const a = await send('delete', `${itemsUrl(layer)}/${id || 'x'}`, undefined, { 'If-Match': '*' });
        expectClearRefusal(a, `DELETE ${id}`);
      }),
      { numRuns: RUNS },
    );
    const restoreBodies = fc.oneof(
      fc.record({ collection: fragment, id: fc.integer({ min: 1, max: 100 }) }),
      fc.record({ collection: fc.constant('shelters'), id: fc.oneof(fragment, fc.double(), fc.constant(-1)) }),
      fc.record({ collection: fc.constant('shelters'), id: fc.constant(1), version: fc.oneof(fragment, fc.constant(0), fc.constant(1.5), fc.constant(RAW.NaN)) }),
      fc.record({ collection: fc.constant('shelters'), id: fc.constant(1) }), // not deleted: 409
      fc.jsonValue(),
    );
    await fc.assert(fc.asyncProperty(restoreBodies, async (body) => expectClearRefusal(await send('post', '/api/history/restore', body), `restore ${serialise(body).slice(0, 200)}`)), { numRuns: RUNS });
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('admin routes (users, tokens) and the login refuse hostile bodies', async () => {
    const userBodies = fc.oneof(
      fc.record({ username: fragment.filter((s) => !/^[\p{L}\p{N}._@-]{2,64}$/u.test(s)), role: fc.constant('planner'), password: fc.constant('a long pass phrase') }),
      fc.record({ username: fc.constant('ok.name'), role: fragment, password: fc.constant('a long pass phrase') }),
      fc.record({ username: fc.constant('ok.name'), role: fc.constant('planner'), password: fc.string({ maxLength: 9 }) }),
      fc.jsonValue(),
    );
    await fc.assert(fc.asyncProperty(userBodies, async (body) => expectClearRefusal(await send('post', '/api/users', body), `user ${serialise(body).slice(0, 200)}`)), { numRuns: RUNS });
    const tokenBodies = fc.oneof(fc.record({ name: fc.constant(''), role: fc.constant('planner') }), fc.record({ name: fragment, role: fragment.filter((r) => !(ROLES as readonly string[]).includes(r)) }), fc.jsonValue());
    await fc.assert(fc.asyncProperty(tokenBodies, async (body) => expectClearRefusal(await send('post', '/api/tokens', body), `token ${serialise(body).slice(0, 200)}`)), { numRuns: RUNS });
    // Malformed logins are refused before any password is checked, so they lock nobody out.
    const loginBodies = fc.oneof(fc.record({ username: fragment }), fc.record({ password: fragment }), fc.record({ username: fc.constant(''), password: fc.constant('') }), fc.jsonValue().filter((v) => typeof v !== 'object' || v === null));
    await fc.assert(
      fc.asyncProperty(loginBodies, async (body) => {
        const res = await request(ctx.app).post('/api/auth/login').set('Content-Type', 'application/json').send(serialise(body));
        expectClearRefusal({ status: res.status, body: res.body, type: String(res.headers['content-type']) }, `login ${serialise(body).slice(0, 100)}`);
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });

  it('grading refuses hostile bodies', async () => {
    const bodies = fc.oneof(fc.record({ note: fc.oneof(fc.integer(), fc.constant(null), fc.string({ minLength: 2001, maxLength: 2100 })) }), fc.dictionary(fragment.filter((k) => k !== 'note'), fc.jsonValue(), { minKeys: 1 }));
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const res = await request(ctx.app).post('/api/risk-sites/1/grade').set('Authorization', `Bearer ${ctx.tokens.geohazard}`).set('Content-Type', 'application/json').send(serialise(body));
        expectClearRefusal({ status: res.status, body: res.body, type: String(res.headers['content-type']) }, `grade ${serialise(body).slice(0, 100)}`);
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint(ctx.db.knex, TABLES)).toEqual(before);
  });
});

describe('text that looks like code is only text', () => {
  it('SQL and script fragments in free-text attributes are stored and returned verbatim, as JSON, harming nothing', async () => {
    const layer = LAYERS.find((l) => l.id === 'shelters')!;
    const others = ['towns', 'villages', 'risk_sites', 'depots', 'hazard_zones', 'risk_site_gradings', 'users', 'api_tokens'];
    const untouched = await fingerprint(ctx.db.knex, others);
    let n = 0;
    const text = fragment.filter((s) => s.length > 0 && s.length <= 100 && !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(text, text, async (name, contact) => {
        const body = validFeature(layer, `SQLI-${++n}`);
        body.properties.name = name;
        body.properties.contact_name = contact.slice(0, 50);
        const created = await request(ctx.app).post(itemsUrl(layer)).set('Authorization', `Bearer ${ctx.tokens.planner}`).send(body);
        expect(created.status).toBe(201);
        expect(created.headers['content-type']).toMatch(/^application\/geo\+json/);
        expect(created.headers['x-content-type-options']).toBe('nosniff');
        const got = await request(ctx.app).get(`${itemsUrl(layer)}/${created.body.id}`).expect(200);
        expect(got.body.properties.name).toBe(name);
        expect(got.body.properties.contact_name).toBe(contact.slice(0, 50));
      }),
      { numRuns: 40 },
    );
    expect(await fingerprint(ctx.db.knex, others)).toEqual(untouched);
    for (const t of ['shelters', 'risk_sites', 'feature_history']) expect(Number((await ctx.db.knex(t).count({ n: '*' }))[0].n)).toBeGreaterThan(0);
  });

  it('NUL characters, which the database cannot store as text, are refused with 4xx', async () => {
    const layer = LAYERS.find((l) => l.id === 'shelters')!;
    const depots = LAYERS.find((l) => l.id === 'depots')!;
    const body = validFeature(layer, 'NUL-1');
    body.properties.name = 'a\u0000b';
    expectClearRefusal(await send('post', itemsUrl(layer), body), 'NUL in name');
    const d = validFeature(depots, 'NUL-2');
    d.properties.inventory = { 'tents\u0000': 1 };
    expectClearRefusal(await send('post', itemsUrl(depots), d), 'NUL in a jsonb key');
    expectClearRefusal(await send('post', '/api/tokens', { name: 'x\u0000', role: 'planner' }), 'NUL in token name');
    const res = await request(ctx.app).post('/api/risk-sites/1/grade').set('Authorization', `Bearer ${ctx.tokens.geohazard}`).send({ note: 'a\u0000' });
    expectClearRefusal({ status: res.status, body: res.body, type: String(res.headers['content-type']) }, 'NUL in grading note');
  });
});
