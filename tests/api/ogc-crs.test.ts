import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const SHELTERS = '/ogc/collections/shelters/items';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;
const bearer = () => `Bearer ${ctx.tokens.planner}`;

/** Web Mercator worked out by its formula (spherical, R = 6378137 m). */
const R = 6378137;
const mercator = ([lon, lat]: number[]) => [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];

type Page = { numberMatched: number; features: Array<{ id: number; geometry: { coordinates: number[] } }> };
const page = async (query: Record<string, string>) => {
  const res = await request(ctx.app).get(SHELTERS).query({ sortby: 'id', limit: '5', ...query }).expect(200);
  return { body: res.body as Page, contentCrs: res.headers['content-crs'] };
};

async function refused(req: request.Test, field: string, mentions: string) {
  const res = await req.expect(400);
  expect(res.body.error.details.some((d: { field?: string }) => d.field === field), JSON.stringify(res.body)).toBe(true);
  expect(res.body.error.message).toContain(mentions);
}

function shelter(code: string, coordinates: number[]) {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: { code, name: `测试避难场所${code}`, shelter_type: 'emergency', level: 'village', capacity: 300, status: 'open' },
  };
}

describe('discovery', () => {
  it('collections list the four CRSs and store CRS84; conformance claims Part 2', async () => {
    const c = (await request(ctx.app).get('/ogc/collections/shelters').expect(200)).body;
    expect(c.crs).toEqual([CRS84, EPSG(4326), EPSG(4490), EPSG(3857)]);
    expect(c.storageCrs).toBe(CRS84);
    const conf = (await request(ctx.app).get('/ogc/conformance').expect(200)).body.conformsTo as string[];
    expect(conf).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
  });
});

describe('crs on items and on one item', () => {
  it('CRS84 by default, said in Content-Crs', async () => {
    const { contentCrs, body } = await page({});
    expect(contentCrs).toBe(`<${CRS84}>`);
    const [lon, lat] = body.features[0].geometry.coordinates;
    expect(lon).toBeGreaterThan(110);
    expect(lat).toBeLessThan(23);
  });

  it('EPSG:4326 and EPSG:4490 (CGCS2000) give latitude first; EPSG:3857 metres', async () => {
    const base = (await page({})).body.features;
    for (const code of [4326, 4490]) {
      const { body, contentCrs } = await page({ crs: EPSG(code) });
      expect(contentCrs).toBe(`<${EPSG(code)}>`);
      expect(body.features.map((f) => f.id)).toEqual(base.map((f) => f.id));
      body.features.forEach((f, i) => expect(f.geometry.coordinates).toEqual([base[i].geometry.coordinates[1], base[i].geometry.coordinates[0]]));
    }
    const { body, contentCrs } = await page({ crs: EPSG(3857) });
    expect(contentCrs).toBe(`<${EPSG(3857)}>`);
    body.features.forEach((f, i) => {
      const [x, y] = mercator(base[i].geometry.coordinates);
      expect(f.geometry.coordinates[0]).toBeCloseTo(x, 2);
      expect(f.geometry.coordinates[1]).toBeCloseTo(y, 2);
    });
  });

  it('one item too', async () => {
    const first = (await page({})).body.features[0];
    const res = await request(ctx.app).get(`${SHELTERS}/${first.id}`).query({ crs: EPSG(4490) }).expect(200);
    expect(res.headers['content-crs']).toBe(`<${EPSG(4490)}>`);
    expect(res.body.geometry.coordinates).toEqual([first.geometry.coordinates[1], first.geometry.coordinates[0]]);
    expect((await request(ctx.app).get(`${SHELTERS}/${first.id}`).expect(200)).headers['content-crs']).toBe(`<${CRS84}>`);
  });

  it('an unsupported CRS is a 400 naming it; a file export stays in CRS84', async () => {
    await refused(request(ctx.app).get(SHELTERS).query({ crs: EPSG(2383) }), 'crs', EPSG(2383));
    await refused(request(ctx.app).get(`${SHELTERS}/1`).query({ crs: 'EPSG:9999' }), 'crs', 'EPSG:9999');
    await refused(request(ctx.app).get(SHELTERS).query({ crs: EPSG(3857), f: 'csv' }), 'crs', 'crs');
  });
});

describe('bbox-crs', () => {
  it('a bbox in EPSG:4326 (latitude first) or EPSG:3857 matches what the same box in CRS84 does', async () => {
    const [w, s, e, n] = [110.85, 22.3, 111.05, 22.45];
    const inCrs84 = (await page({ bbox: `${w},${s},${e},${n}` })).body.numberMatched;
    expect(inCrs84).toBeGreaterThan(0);
    expect((await page({ bbox: `${s},${w},${n},${e}`, 'bbox-crs': EPSG(4326) })).body.numberMatched).toBe(inCrs84);
    expect((await page({ bbox: `${s},${w},${n},${e}`, 'bbox-crs': EPSG(4490) })).body.numberMatched).toBe(inCrs84);
    const [x1, y1] = mercator([w, s]);
    const [x2, y2] = mercator([e, n]);
    expect((await page({ bbox: `${x1},${y1},${x2},${y2}`, 'bbox-crs': EPSG(3857) })).body.numberMatched).toBe(inCrs84);
    // Read as CRS84, the latitude-first numbers put a latitude past 90°.
    await request(ctx.app).get(SHELTERS).query({ bbox: `${s},${w},${n},${e}` }).expect(400);
  });

  it('an unsupported bbox-crs is a 400 naming it', async () => {
    await refused(request(ctx.app).get(SHELTERS).query({ bbox: '1,2,3,4', 'bbox-crs': EPSG(32650) }), 'bbox-crs', EPSG(32650));
  });
});

describe('Content-Crs on writes', () => {
  it('a point sent in EPSG:3857 is stored in CRS84', async () => {
    const [x, y] = mercator([110.93, 22.36]);
    const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer()).set('Content-Crs', `<${EPSG(3857)}>`).send(shelter('T-CRS-3857', [x, y])).expect(201);
    const [lon, lat] = res.body.geometry.coordinates as number[];
    expect(lon).toBeCloseTo(110.93, 7);
    expect(lat).toBeCloseTo(22.36, 7);
    const row = (await ctx.db.knex('shelters').where({ code: 'T-CRS-3857' }).first(ctx.db.knex.raw('ST_X(geom) AS lon, ST_Y(geom) AS lat'))) as { lon: number; lat: number };
    expect(row.lon).toBeCloseTo(110.93, 7);
    expect(row.lat).toBeCloseTo(22.36, 7);
  });

  it('EPSG:4326 and EPSG:4490 are read latitude first, on create and on patch', async () => {
    const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer()).set('Content-Crs', `<${EPSG(4490)}>`).send(shelter('T-CRS-4490', [22.36, 110.93])).expect(201);
    expect(res.body.geometry.coordinates).toEqual([110.93, 22.36]);
    const patched = await request(ctx.app).patch(`${SHELTERS}/${res.body.id}`).set('Authorization', bearer()).set('If-Match', res.headers.etag).set('Content-Crs', EPSG(4326))
      .send({ geometry: { type: 'Point', coordinates: [22.4, 110.95] } }).expect(200);
    expect(patched.body.geometry.coordinates).toEqual([110.95, 22.4]);
  });

  it('a large body (checked in a worker) is converted too', async () => {
    // A ring of 4,000 vertices around (110.95, 22.35), sent latitude first: well over the inline 64 KB.
    const ring = Array.from({ length: 4000 }, (_, i) => {
      const a = (2 * Math.PI * i) / 4000;
      return [Number((22.35 + 0.01 * Math.sin(a)).toFixed(7)), Number((110.95 + 0.01 * Math.cos(a)).toFixed(7))];
    });
    ring.push(ring[0]);
    const zone = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code: 'T-CRS-ZONE', hazard: 'flood', grade: 'high', source: 'test' } };
    expect(JSON.stringify(zone).length).toBeGreaterThan(64 * 1024);
    const res = await request(ctx.app).post('/ogc/collections/hazard_zones/items').set('Authorization', bearer()).set('Content-Crs', `<${EPSG(4326)}>`).send(zone).expect(201);
    expect(res.body.geometry.coordinates[0][0][0]).toEqual([110.96, 22.35]);
  });

  it('an unsupported Content-Crs is a 400 naming it, and nothing is written', async () => {
    const before = Number((await ctx.db.knex('shelters').count({ n: '*' }))[0].n);
    await refused(request(ctx.app).post(SHELTERS).set('Authorization', bearer()).set('Content-Crs', `<${EPSG(2383)}>`).send(shelter('T-CRS-BAD', [110.93, 22.36])), 'Content-Crs', EPSG(2383));
    expect(Number((await ctx.db.knex('shelters').count({ n: '*' }))[0].n)).toBe(before);
  });

  it('Mercator numbers sent without Content-Crs are refused as degrees, not stored', async () => {
    const [x, y] = mercator([110.93, 22.36]);
    const res = await request(ctx.app).post(SHELTERS).set('Authorization', bearer()).send(shelter('T-CRS-NONE', [x, y]));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await ctx.db.knex('shelters').where({ code: 'T-CRS-NONE' }).first()).toBeUndefined();
  });
});
