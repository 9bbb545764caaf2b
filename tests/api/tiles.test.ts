import SwaggerParser from '@apidevtools/swagger-parser';
import type { Point } from 'geojson';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { sampleLayer } from '../helpers/sample.ts';
import { bytes, decode, features } from '../unit/tiles/support/mvt.ts';
import { LAYERS } from '../../server/layers/registry.ts';
import { tileAt } from '../../server/tiles/tile-grid.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;
const MVT = 'application/vnd.mapbox-vector-tile';

function getTile(path: string, headers: Record<string, string> = {}) {
  return request(ctx.app).get(path).set(headers).buffer(true).parse(bytes);
}

/** The decoded features of one layer of /tiles/{source}/{z}/{x}/{y}.mvt (none for a 204). */
async function tileFeatures(source: string, layer: string, z: number, x: number, y: number, headers: Record<string, string> = {}) {
  const res = await getTile(`/tiles/${source}/${z}/${x}/${y}.mvt`, headers);
  expect([200, 204]).toContain(res.status);
  return res.status === 204 ? [] : features(decode(res.body as Buffer).layers[layer], z, x, y);
}

async function firstItem(collection: string, query = '') {
  const res = await request(ctx.app).get(`/ogc/collections/${collection}/items?limit=1${query}`).expect(200);
  return res.body.features[0] as { id: number; geometry: Point; properties: Record<string, unknown> };
}

describe('GET /tiles/{collection}/{z}/{x}/{y}.mvt', () => {
  it('serves a shelter at zoom 14 with its public tile attributes and its id', async () => {
    const shelter = await firstItem('shelters');
    const [lon, lat] = shelter.geometry.coordinates;
    const { z, x, y } = tileAt(lon, lat, 14);
    const res = await getTile(`/tiles/shelters/${z}/${x}/${y}.mvt`).expect(200);
    expect(res.headers['content-type']).toBe(MVT);
    const layer = decode(res.body as Buffer).layers.shelters;
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    const found = features(layer, z, x, y).find((f) => f.id === shelter.id);
    expect(found).toBeDefined();
    const p = shelter.properties;
    expect(found!.properties).toMatchObject({ id: shelter.id, code: p.code, name: p.name, shelter_type: p.shelter_type, level: p.level, capacity: p.capacity, status: p.status });
    // Lists travel as JSON text; bookkeeping columns stay out of tiles.
    if (Array.isArray(p.facilities)) expect(JSON.parse(String(found!.properties.facilities))).toEqual(p.facilities);
    for (const k of ['version', 'created_at', 'updated_at', 'updated_by']) expect(found!.properties).not.toHaveProperty(k);
    const [tlon, tlat] = (found!.geojson.geometry as Point).coordinates;
    expect(tlon).toBeCloseTo(lon, 3);
    expect(tlat).toBeCloseTo(lat, 3);
  });

  it('cuts hazard-zone polygons, simplified more at low zoom than at high zoom', async () => {
    const zone = await firstItem('hazard_zones');
    const [lon, lat] = (zone.geometry as unknown as { coordinates: number[][][][] }).coordinates[0][0][0];
    const vertices = async (z: number) => {
      const t = tileAt(lon, lat, z);
      const f = (await tileFeatures('hazard_zones', 'hazard_zones', t.z, t.x, t.y)).find((g) => g.id === zone.id);
      expect(f?.type).toBe(3);
      expect(f!.properties).toMatchObject({ code: zone.properties.code, hazard: zone.properties.hazard, grade: zone.properties.grade });
      return JSON.stringify(f!.geojson.geometry).split('],[').length;
    };
    expect(await vertices(8)).toBeLessThan(await vertices(15));
  });

  it('clusters risk sites at low zoom: clusters say so and count every site once', async () => {
    const sites = sampleLayer('risk_sites');
    const z = 9;
    const tiles = new Map<string, { x: number; y: number }>();
    for (const s of sites) {
      const t = tileAt(...((s.geometry as Point).coordinates as [number, number]), z);
      tiles.set(`${t.x}/${t.y}`, t);
    }
    let counted = 0;
    let clusters = 0;
    for (const { x, y } of tiles.values()) {
      for (const f of await tileFeatures('risk_sites', 'risk_sites', z, x, y)) {
        // Each cluster appears in its own tile and in the buffers of its neighbours: count it once.
        if (!f.inside) continue;
        if (f.properties.cluster === true) {
          clusters++;
          expect(f.id).toBeUndefined();
          expect(Number(f.properties.point_count)).toBeGreaterThan(1);
          const byGrade = ['very_high', 'high', 'medium', 'low'].map((g) => Number(f.properties[`count_${g}`] ?? 0));
          expect(byGrade.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Number(f.properties.point_count));
          counted += Number(f.properties.point_count);
        } else {
          expect(f.properties.code).toMatch(/^XP/);
          counted += 1;
        }
      }
    }
    expect(clusters).toBeGreaterThan(0);
    expect(counted).toBe(sites.length);
  });

  it('never carries a private attribute, not even for a signed-in admin', async () => {
    const row = (await ctx.db.knex('risk_sites').whereNotNull('monitor_phone').first('id', 'monitor_name', 'monitor_phone', 'geom')) as { id: number; monitor_name: string; monitor_phone: string };
    const site = (await request(ctx.app).get(`/ogc/collections/risk_sites/items/${row.id}`).set('Authorization', bearer('admin')).expect(200)).body as { geometry: Point };
    const [lon, lat] = site.geometry.coordinates;
    for (const z of [5, 9, 12, 14, 16]) {
      const { x, y } = tileAt(lon, lat, z);
      for (const source of ['risk_sites', 'onemap']) {
        const res = await getTile(`/tiles/${source}/${z}/${x}/${y}.mvt`, { Authorization: bearer('admin') }).expect(200);
        const body = res.body as Buffer;
        expect(body.includes(Buffer.from(row.monitor_phone))).toBe(false);
        expect(body.includes(Buffer.from(row.monitor_name))).toBe(false);
        for (const f of features(decode(body).layers.risk_sites, z, x, y)) {
          expect(f.properties).not.toHaveProperty('monitor_name');
          expect(f.properties).not.toHaveProperty('monitor_phone');
        }
      }
    }
  });

  it('answers 204 for a tile with no data, and 400 naming the field for a tile outside the grid', async () => {
    const empty = await getTile('/tiles/shelters/10/100/100.mvt').expect(204);
    expect(empty.headers['cache-control']).toContain('no-cache');
    for (const [path, field] of [
      ['/tiles/shelters/17/0/0.mvt', 'z'],
      ['/tiles/shelters/3/8/0.mvt', 'x'],
      ['/tiles/shelters/3/0/8.mvt', 'y'],
      ['/tiles/shelters/3/-1/0.mvt', 'x'],
      ['/tiles/shelters/a/0/0.mvt', 'z'],
      ['/tiles/onemap/2/1/9.mvt', 'y'],
    ] as const) {
      const res = await request(ctx.app).get(path).expect(400);
      expect(res.body.error.code).toBe('bad_request');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const unknown = await request(ctx.app).get('/tiles/nowhere/3/0/0.mvt').expect(404);
    expect(unknown.body.error.message).toContain('nowhere');
  });

  it('keeps every tile of the county under 500 KB', async () => {
    let largest = 0;
    for (let z = 0; z <= 12; z += 2) {
      const nw = tileAt(110.68, 22.71, z);
      const se = tileAt(111.68, 22.19, z);
      for (let x = nw.x; x <= se.x; x += Math.max(1, Math.floor((se.x - nw.x) / 3))) {
        for (let y = nw.y; y <= se.y; y += Math.max(1, Math.floor((se.y - nw.y) / 3))) {
          const res = await getTile(`/tiles/onemap/${z}/${x}/${y}.mvt`);
          largest = Math.max(largest, (res.body as Buffer).length);
        }
      }
    }
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(500 * 1024);
  });
});

describe('caching: ETag, Cache-Control and If-None-Match', () => {
  it('gives 304 for the ETag the client has, and 200 for any other', async () => {
    const shelter = await firstItem('shelters');
    const { z, x, y } = tileAt(...(shelter.geometry.coordinates as [number, number]), 13);
    const path = `/tiles/shelters/${z}/${x}/${y}.mvt`;
    const first = await getTile(path).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await getTile(path, { 'If-None-Match': etag }).expect(304);
    expect(again.headers.etag).toBe(etag);
    expect((again.body as Buffer).length).toBe(0);
    await getTile(path, { 'If-None-Match': `W/${etag}` }).expect(304);
    await getTile(path, { 'If-None-Match': '"something-else"' }).expect(200);
    // The same bytes on the same tile: the ETag is a content tag.
    expect((await getTile(path).expect(200)).headers.etag).toBe(etag);
  });
});

describe('fresh after edits', () => {
  const shelterAt = (code: string, coordinates: [number, number]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates },
    properties: { code, name: `瓦片测试避难场所${code}`, shelter_type: 'emergency', level: 'village', capacity: 120, status: 'open' },
  });

  it('shows a created, edited, moved and deleted shelter in the very next tile', async () => {
    const here: [number, number] = [110.95, 22.41];
    const there: [number, number] = [111.3, 22.6];
    const t = tileAt(...here, 14);
    const t2 = tileAt(...there, 14);
    const before = await getTile(`/tiles/shelters/${t.z}/${t.x}/${t.y}.mvt`);
    const find = async (tile: typeof t, id: number) =>
      (await tileFeatures('shelters', 'shelters', tile.z, tile.x, tile.y)).find((f) => f.id === id);

    const created = await request(ctx.app).post('/ogc/collections/shelters/items').set('Authorization', bearer('planner')).send(shelterAt('T-TILE-1', here)).expect(201);
    const id = Number(String(created.headers.location).split('/').pop());
    expect((await find(t, id))?.properties).toMatchObject({ code: 'T-TILE-1', capacity: 120, status: 'open' });
    // The tile changed, so the ETag the client held no longer matches.
    if (before.headers.etag) await getTile(`/tiles/shelters/${t.z}/${t.x}/${t.y}.mvt`, { 'If-None-Match': before.headers.etag }).expect(200);

    const url = `/ogc/collections/shelters/items/${id}`;
    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v1"').send({ properties: { status: 'closed', capacity: 80 } }).expect(200);
    expect((await find(t, id))?.properties).toMatchObject({ status: 'closed', capacity: 80 });

    await request(ctx.app).patch(url).set('Authorization', bearer('planner')).set('If-Match', '"v2"').send({ geometry: { type: 'Point', coordinates: there } }).expect(200);
    expect(await find(t, id)).toBeUndefined();
    expect((await find(t2, id))?.properties.code).toBe('T-TILE-1');

    await request(ctx.app).delete(url).set('Authorization', bearer('planner')).set('If-Match', '"v3"').expect(204);
    expect(await find(t2, id)).toBeUndefined();
  });

  it('follows a regrade of every site (one change for the whole layer)', async () => {
    const site = await firstItem('risk_sites');
    const { z, x, y } = tileAt(...(site.geometry.coordinates as [number, number]), 15);
    await tileFeatures('risk_sites', 'risk_sites', z, x, y);
    // Change grades behind the service's back, then let a regrade of all sites put them right.
    await ctx.db.knex('risk_sites').update({ grade: null });
    const stale = (await tileFeatures('risk_sites', 'risk_sites', z, x, y)).find((f) => f.id === site.id);
    expect(stale).toBeDefined();
    await request(ctx.app).post('/api/risk-sites/grade-all').set('Authorization', bearer('geohazard')).send({}).expect(200);
    const graded = (await request(ctx.app).get(`/ogc/collections/risk_sites/items/${site.id}`).expect(200)).body.properties.grade as string;
    expect(graded).toMatch(/^(very_high|high|medium|low)$/);
    const fresh = (await tileFeatures('risk_sites', 'risk_sites', z, x, y)).find((f) => f.id === site.id);
    expect(fresh?.properties.grade).toBe(graded);
  });
});

describe('the combined tile and TileJSON', () => {
  it('/tiles/onemap holds one MVT layer per collection present there', async () => {
    const shelter = await firstItem('shelters');
    const { z, x, y } = tileAt(...(shelter.geometry.coordinates as [number, number]), 10);
    const res = await getTile(`/tiles/onemap/${z}/${x}/${y}.mvt`).expect(200);
    const names = Object.keys(decode(res.body as Buffer).layers);
    expect(names).toEqual(expect.arrayContaining(['towns', 'shelters', 'risk_sites']));
    expect(names.every((n) => LAYERS.some((l) => l.id === n))).toBe(true);
    // Layers come in map order, bottom to top.
    const order = LAYERS.map((l) => l.id).filter((id) => names.includes(id));
    expect(names).toEqual(order);
  });

  it('/tiles/{collection}.json is TileJSON 3.0 with the fields tiles carry and no private one', async () => {
    const res = await request(ctx.app).get('/tiles/risk_sites.json').expect(200);
    const tj = res.body;
    expect(tj.tilejson).toBe('3.0.0');
    expect(tj.tiles[0]).toMatch(/\/tiles\/risk_sites\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=\d+$/);
    expect(res.headers['cache-control']).toMatch(/max-age=\d+, stale-while-revalidate=\d+/);
    expect(tj.minzoom).toBe(0);
    expect(tj.maxzoom).toBe(16);
    const [w, s, e, n] = tj.bounds as number[];
    expect(w).toBeGreaterThan(110.6);
    expect(e).toBeLessThan(111.8);
    expect(s).toBeGreaterThan(22.1);
    expect(n).toBeLessThan(22.8);
    const [layer] = tj.vector_layers;
    expect(layer.id).toBe('risk_sites');
    expect(layer.fields).toMatchObject({ id: 'Number', code: 'String', grade: 'String', rectification_status: 'String', residents: 'Number', point_count: 'Number', cluster: 'Boolean' });
    expect(layer.fields).not.toHaveProperty('monitor_phone');
    expect(layer.fields).not.toHaveProperty('slope_height_m');
  });

  it('/tiles/onemap.json lists every layer', async () => {
    const tj = (await request(ctx.app).get('/tiles/onemap.json').expect(200)).body;
    expect(tj.vector_layers.map((l: { id: string }) => l.id)).toEqual(LAYERS.map((l) => l.id));
    // One version per layer, in map order.
    const versions = /\/tiles\/onemap\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=([\d.]+)$/.exec(tj.tiles[0])?.[1];
    expect(versions?.split('.')).toHaveLength(LAYERS.length);
  });
});

describe('versioned tile URLs', () => {
  const tileUrl = (template: string, z: number, x: number, y: number) => {
    const u = new URL(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
    return u.pathname + u.search;
  };

  it('a tile under the TileJSON\'s URL is immutable; after a write the TileJSON names a new one and the old URL redirects', async () => {
    const shelter = await firstItem('shelters');
    const { z, x, y } = tileAt(...(shelter.geometry.coordinates as [number, number]), 14);
    const before = (await request(ctx.app).get('/tiles/shelters.json').expect(200)).body.tiles[0] as string;
    const old = tileUrl(before, z, x, y);
    const first = await getTile(old).expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const got = await request(ctx.app).get(`/ogc/collections/shelters/items/${shelter.id}`).expect(200);
    await request(ctx.app)
      .patch(`/ogc/collections/shelters/items/${shelter.id}`)
      .set({ Authorization: bearer('planner'), 'If-Match': got.headers.etag, 'Content-Type': 'application/merge-patch+json' })
      .send({ properties: { capacity: Number(got.body.properties.capacity) + 7 } })
      .expect(200);

    const after = (await request(ctx.app).get('/tiles/shelters.json').expect(200)).body.tiles[0] as string;
    expect(after).not.toBe(before);
    // One feature changed: the index was patched with it, not rebuilt from the whole layer.
    const [report] = await ctx.tiles.layersOf([LAYERS.find((l) => l.id === 'shelters')!]);
    expect(report.patched).toBe(true);
    const fresh = tileUrl(after, z, x, y);
    const moved = await request(ctx.app).get(old).redirects(0).expect(302);
    expect(new URL(moved.headers.location).pathname + new URL(moved.headers.location).search).toBe(fresh);
    expect(moved.headers['cache-control']).not.toMatch(/immutable/);
    const res = await getTile(fresh).expect(200);
    const found = features(decode(res.body as Buffer).layers.shelters, z, x, y).find((f) => f.id === shelter.id);
    expect(found!.properties.capacity).toBe(Number(got.body.properties.capacity) + 7);
  });

  it('refuses a malformed version with 400 naming v', async () => {
    const res = await request(ctx.app).get('/tiles/onemap/3/6/3.mvt?v=1.2').expect(400);
    expect(res.body.error.details[0].field).toBe('v');
    await request(ctx.app).get('/tiles/shelters/3/6/3.mvt?v=abc').expect(400);
  });
});

describe('OGC API – Tiles naming', () => {
  it('lists the WebMercatorQuad tileset of a collection and describes it', async () => {
    const list = (await request(ctx.app).get('/ogc/collections/shelters/tiles').expect(200)).body;
    expect(list.tilesets[0]).toMatchObject({ dataType: 'vector', tileMatrixSetURI: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad' });
    const meta = (await request(ctx.app).get('/ogc/collections/shelters/tiles/WebMercatorQuad').expect(200)).body;
    const item = meta.links.find((l: { rel: string }) => l.rel === 'item');
    expect(item).toMatchObject({ type: MVT, templated: true });
    expect(item.href).toMatch(/\/ogc\/collections\/shelters\/tiles\/WebMercatorQuad\/\{tileMatrix\}\/\{tileRow\}\/\{tileCol\}$/);
    expect(meta.layers[0]).toMatchObject({ id: 'shelters', geometryDimension: 0 });
    await request(ctx.app).get('/ogc/collections/shelters/tiles/WorldCRS84Quad').expect(404);
    await request(ctx.app).get('/ogc/collections/nowhere/tiles').expect(404);
  });

  it('serves the same bytes as /tiles, with row before column', async () => {
    const shelter = await firstItem('shelters');
    const { z, x, y } = tileAt(...(shelter.geometry.coordinates as [number, number]), 12);
    const a = await getTile(`/tiles/shelters/${z}/${x}/${y}.mvt`).expect(200);
    const b = await getTile(`/ogc/collections/shelters/tiles/WebMercatorQuad/${z}/${y}/${x}`).expect(200);
    expect(b.headers['content-type']).toBe(MVT);
    expect(Buffer.compare(a.body as Buffer, b.body as Buffer)).toBe(0);
    expect(b.headers.etag).toBe(a.headers.etag);
    const all = await getTile(`/ogc/tiles/WebMercatorQuad/${z}/${y}/${x}`).expect(200);
    expect((await getTile(`/tiles/onemap/${z}/${x}/${y}.mvt`)).headers.etag).toBe(all.headers.etag);
    const bad = await request(ctx.app).get(`/ogc/collections/shelters/tiles/WebMercatorQuad/${z}/${2 ** z}/${x}`).expect(400);
    expect(bad.body.error.details[0].field).toBe('tileRow');
  });
});

describe('GET /ogc/api', () => {
  it('describes the tile routes, and stays a valid OpenAPI document', async () => {
    const doc = JSON.parse((await request(ctx.app).get('/ogc/api').expect(200)).text);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/tiles/{source}/{z}/{x}/{y}.mvt',
      '/tiles/{source}.json',
      // OGC paths relative to the document's server, /ogc.
      '/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}',
      '/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}',
    ]));
    expect(Object.keys(doc.paths['/tiles/{source}/{z}/{x}/{y}.mvt'].get.responses)).toEqual(expect.arrayContaining(['200', '204', '304', '400', '404']));
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
  });
});
