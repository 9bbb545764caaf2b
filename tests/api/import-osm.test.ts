/**
 * An OpenStreetMap extract imported into roads over HTTP: the hand-made extract
 * (tests/fixtures/osm/roads.osm, and an .osm.pbf written from it) lands as the roads worked out
 * by hand, reads back through the features API, and the road graph routes along it — with its
 * one-way street reversed and its closures closed. Hostile and oversize files write nothing.
 */
import path from 'node:path';
import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app.ts';
import { readOsmFixture, writeOsmPbf } from '../fixtures/osm/osm-pbf-writer.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/osm/roads.osm');
const XML = fs.readFileSync(FIXTURE);
const PBF = writeOsmPbf(readOsmFixture(FIXTURE));

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const bearer = () => `Bearer ${ctx.tokens.planner}`;
const upload = (app: TestContext['app'], collection: string, body: Buffer, name: string, query = '') =>
  request(app).post(`/api/import/${collection}${query ? `?${query}` : ''}`).set('Authorization', bearer()).attach('file', body, name);

async function road(code: string) {
  const res = await request(ctx.app).get(`/ogc/collections/roads/items?code=${code}`).set('Authorization', bearer()).expect(200);
  return res.body.features[0] as { geometry: { type: string; coordinates: number[][][] }; properties: Record<string, unknown> } | undefined;
}

const lonLat = (lines: number[][][]) => lines.map((l) => l.map((p) => p.slice(0, 2)));

async function osmRoadCount(): Promise<number> {
  const res = await request(ctx.app).get('/ogc/collections/roads/items?bbox=112.29,23.09,112.31,23.11&limit=100').expect(200);
  return res.body.features.length;
}

const TALLY = {
  nodes: 12, ways: 11, relations: 1, highway_ways: 10, kept: 7, clipped: 1,
  skipped: { 'nodes missing from the file (clipped extract)': 1, 'highway=proposed': 1, 'area=yes': 1 },
};

describe('POST /api/import/roads with an OpenStreetMap extract', () => {
  it('hostile, oversize and misdirected files are refused with a 4xx naming the problem, and write nothing', async () => {
    const lol = Buffer.from('<?xml version="1.0"?><!DOCTYPE osm [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><osm version="0.6"/>');
    const hostile = await upload(ctx.app, 'roads', lol, 'lol.osm', 'mode=commit').expect(422);
    expect(hostile.body.error).toMatchObject({ code: 'unsafe_xml', details: [{ field: 'file' }] });
    const tight = createApp({ db: ctx.db, config: { PUBLIC_URL: undefined, IMPORT_MAX_UPLOAD_BYTES: 2048, IMPORT_MAX_OSM_NODES: 11 }, log: () => {} });
    try {
      const big = await upload(tight.app, 'roads', XML, 'roads.osm', 'mode=commit').expect(413);
      expect(big.body.error.code).toBe('file_too_large');
      const nodes = await upload(tight.app, 'roads', PBF, 'roads.osm.pbf', 'mode=commit').expect(413);
      expect(nodes.body.error.message).toBe('the file has more than 11 nodes; at most 11 are read (IMPORT_MAX_OSM_NODES)');
    } finally {
      await tight.close();
    }
    const shelters = await upload(ctx.app, 'shelters', XML, 'roads.osm', 'mode=commit').expect(422);
    expect(shelters.body.error.message).toBe('an OpenStreetMap file imports into roads, not shelters');
    expect(await osmRoadCount()).toBe(0);
  });

  it('dry run: reports the ways read, kept, clipped and left out, and writes nothing', async () => {
    const res = await upload(ctx.app, 'roads', XML, 'roads.osm').expect(200);
    expect(res.body).toMatchObject({ outcome: 'dry-run', file: { format: 'osm-xml' }, crs: { id: 'EPSG:4326', how: 'file' }, osm: TALLY });
    expect(res.body.counts).toMatchObject({ read: 7, accepted: 7, rejected: 0, inserted: 7 });
    expect(res.body.mapping.every((m: { field: string; attribute: string }) => m.field === m.attribute)).toBe(true);
    expect(await osmRoadCount()).toBe(0);
  });

  it('commit: the roads read back through /ogc/collections/roads/items as worked out by hand', async () => {
    const res = await upload(ctx.app, 'roads', XML, 'roads.osm', 'mode=commit').expect(200);
    expect(res.body).toMatchObject({ outcome: 'committed', counts: { inserted: 7 } });
    expect(await osmRoadCount()).toBe(7);
    const w101 = (await road('OSM-W101'))!;
    expect(w101.properties).toMatchObject({ name: '测试大道', road_class: 'provincial', surface: 'paved', speed_kmh: 60, updated_by: 'test-planner' });
    expect(w101.geometry.type).toBe('MultiLineString');
    expect(lonLat(w101.geometry.coordinates)).toEqual([[[112.3, 23.1], [112.301, 23.1], [112.302, 23.1]]]);
    // OpenStreetMap has no elevations: the layer's third value, if any, is 0 (flat for walking times).
    expect(w101.geometry.coordinates.flat().every((p) => (p[2] ?? 0) === 0)).toBe(true);
    const w102 = (await road('OSM-W102'))!;
    // oneway=-1: stored from node 4 to node 3, the direction of travel.
    expect(w102.properties).toMatchObject({ road_class: 'township', oneway: true, bridge: true, speed_kmh: 48 });
    expect(lonLat(w102.geometry.coordinates)).toEqual([[[112.303, 23.1], [112.302, 23.1]]]);
    expect((await road('OSM-W103'))!.properties).toMatchObject({ name: 'Ford & Track', road_class: 'track', surface: 'earth', ford: true });
    expect((await road('OSM-W104'))!.properties).toMatchObject({ closed: true, closure_reason: 'access=no' });
    expect((await road('OSM-W105'))!.properties).toMatchObject({ road_class: 'county', closed: true, closure_reason: 'under construction' });
    expect(lonLat((await road('OSM-W107'))!.geometry.coordinates)).toEqual([[[112.3, 23.1], [112.3, 23.101], [112.3, 23.102]]]);
    expect((await road('OSM-W111'))!.properties).toMatchObject({ name: 'G15', road_class: 'expressway', oneway: true });
    expect(await road('OSM-W106')).toBeUndefined();
  });

  it('the .osm.pbf of the same extract finds every road unchanged', async () => {
    const res = await upload(ctx.app, 'roads', PBF, 'roads.osm.pbf', 'on_duplicate=update').expect(200);
    expect(res.body).toMatchObject({ file: { format: 'osm-pbf' }, osm: TALLY, counts: { read: 7, accepted: 7, unchanged: 7, inserted: 0, updated: 0 } });
  });
});

describe('the road graph after the import', () => {
  const shelterAt = async (code: string, coordinates: [number, number]) => {
    const properties = { code, name: code, shelter_type: 'emergency', level: 'village', capacity: 100, status: 'open' };
    const res = await request(ctx.app).post('/ogc/collections/shelters/items').set('Authorization', bearer()).send({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties }).expect(201);
    return Number(String(res.headers.location).split('/').pop());
  };
  const route = async (from: string, shelter: number, mode: string, status = 200) => {
    // The first question builds the road graph in a worker; a loaded machine may shed it (503 + Retry-After), as a client would see.
    for (let attempt = 0; ; attempt++) {
      const res = await request(ctx.app).get(`/api/analysis/route?from=${from}&shelter_id=${shelter}&mode=${mode}`);
      if (res.status === 503 && attempt < 3) continue;
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res;
    }
  };

  it('walks along the imported roads, and drives only with the one-way street and around the closures', async () => {
    const atNode6 = await shelterAt('OSM-TEST-6', [112.303, 23.102]);
    const atNode1 = await shelterAt('OSM-TEST-1', [112.3, 23.1]);
    // On foot from node 1 to node 6: 1→3 on 测试大道, 3→4 on 回头路 (one-way binds drivers only), 4→6 on the track.
    // 0.003° of longitude at 23.1°N ≈ 307.3 m and 0.002° of latitude ≈ 221.5 m: about 528.8 m.
    const walk = (await route('112.3,23.1', atNode6, 'walk')).body;
    expect(walk.properties.roads).toEqual(['测试大道', '回头路', 'Ford & Track']);
    expect(walk.properties.length_m).toBeGreaterThan(526);
    expect(walk.properties.length_m).toBeLessThan(532);
    expect(walk.properties.offroad_m).toBeLessThan(1);
    // By car node 3 → 4 is against 回头路's one-way, and the other ways out (104, 105) are closed.
    expect((await route('112.3,23.1', atNode6, 'drive', 422)).body.error.code).toBe('no_way');
    // The other way round, with the one-way.
    const back = (await route('112.303,23.102', atNode1, 'drive')).body;
    expect(back.properties.roads).toEqual(['Ford & Track', '回头路', '测试大道']);
  });
});
