import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { FIXTURES, fixture } from '../fixtures/import/hostile-files.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

interface Known {
  shelters_gk111: Array<{ code: string; wgs84: [number, number]; capacity: number; area: number }>;
  zones_gk37: Array<{ code: string; ring_wgs84: Array<[number, number]> }>;
  depots_gcj02: Array<{ code: string; wgs84: [number, number] }>;
  villages_3857: Array<{ code: string; wgs84: [number, number]; population: number }>;
}
const known = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'known-positions.json'), 'utf8')) as Known;

const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;

function upload(collection: string, file: string | Buffer, query = '', role: keyof TestContext['tokens'] = 'admin', name?: string) {
  const body = typeof file === 'string' ? fixture(file) : file;
  return request(ctx.app)
    .post(`/api/import/${collection}${query ? `?${query}` : ''}`)
    .set('Authorization', bearer(role))
    .attach('file', body, name ?? (typeof file === 'string' ? file : 'upload.csv'));
}

async function feature(collection: string, code: string, role?: keyof TestContext['tokens']) {
  const req = request(ctx.app).get(`/ogc/collections/${collection}/items?code=${encodeURIComponent(code)}`);
  if (role) req.set('Authorization', bearer(role));
  const res = await req.expect(200);
  return res.body.features[0] as { id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> } | undefined;
}

/** Metres between two WGS84 positions (equirectangular: fine at these distances). */
function metres(a: number[], b: number[]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_008;
}

describe('a zipped Shapefile in CGCS2000 3-degree Gauss–Krüger (111°E) with GBK Chinese field names', () => {
  const FILE = 'shelters-cgcs2000-gk111-gbk.zip';

  it('dry run: reads the .prj as EPSG:4546 and the .cpg as GBK, maps the Chinese fields, writes nothing', async () => {
    const res = await upload('shelters', FILE, 'mode=dry-run', 'planner').expect(200);
    expect(res.body.outcome).toBe('dry-run');
    expect(res.body.crs).toMatchObject({ id: 'EPSG:4546', how: 'file' });
    expect(res.body.file).toMatchObject({ format: 'shapefile', layer: '避难场所', encoding: 'gb18030' });
    const mapped = Object.fromEntries(res.body.mapping.map((m: { field: string; attribute: string | null }) => [m.field, m.attribute]));
    // "有效避难面积" arrives cut to 10 bytes of GBK by the .dbf format.
    expect(mapped).toMatchObject({ 编号: 'code', 名称: 'name', 场所类型: 'shelter_type', 级别: 'level', 容纳人数: 'capacity', 有效避难面: 'effective_area_m2', 状态: 'status', 设施: 'facilities', 联系人: 'contact_name', 联系电话: 'contact_phone' });
    expect(res.body.counts).toMatchObject({ read: 4, accepted: 4, rejected: 0, inserted: 4 });
    expect(res.body.rows.map((r: { action: string }) => r.action)).toEqual(['insert', 'insert', 'insert', 'insert']);
    expect(await feature('shelters', 'GK-BN-001')).toBeUndefined();
  });

  it('commit: the shelters land at their WGS84 positions, with labels read as values and updated_by the importer', async () => {
    const res = await upload('shelters', FILE, 'mode=commit', 'planner').expect(200);
    expect(res.body).toMatchObject({ outcome: 'committed', counts: { inserted: 4 } });
    for (const s of known.shelters_gk111) {
      const f = await feature('shelters', s.code, 'planner');
      expect(f, s.code).toBeDefined();
      expect(metres(f!.geometry.coordinates as number[], s.wgs84)).toBeLessThan(0.01);
      expect(f!.properties).toMatchObject({ capacity: s.capacity, effective_area_m2: s.area, updated_by: 'test-planner', version: 1 });
    }
    expect((await feature('shelters', 'GK-BN-001'))!.properties).toMatchObject({
      name: '东镇街道文化广场避难场所', shelter_type: 'emergency', level: 'town', status: 'open', facilities: ['应急供水', '厕所', '照明'], contact_phone: '0668-8823001',
    });
    expect((await feature('shelters', 'GK-BN-004'))!.properties).toMatchObject({ shelter_type: 'mid_term', status: 'planned' });
  });

  it('the job of an import reads back done, with its report', async () => {
    const res = await upload('shelters', FILE, 'mode=dry-run&on_duplicate=skip', 'planner').expect(200);
    const job = await request(ctx.app).get(`/api/import/jobs/${res.body.job}`).set('Authorization', bearer('planner')).expect(200);
    expect(job.body).toMatchObject({ status: 'done', collection: 'shelters', created_by: 'test-planner', progress: { rows_read: 4, percent: 100 } });
    expect(job.body.report.counts.skipped).toBe(4);
  });
});

describe('a zone-prefixed Gauss–Krüger Shapefile (EPSG:4525, eastings 37 500 000 m…) of polygons', () => {
  it('imports the hazard zones as MultiPolygons on their WGS84 vertices', async () => {
    const res = await upload('hazard_zones', 'hazard-zones-cgcs2000-gk37-gbk.zip', 'mode=commit').expect(200);
    expect(res.body.crs).toMatchObject({ id: 'EPSG:4525', how: 'file' });
    for (const z of known.zones_gk37) {
      const f = await feature('hazard_zones', z.code);
      expect(f!.geometry.type).toBe('MultiPolygon');
      const ring = (f!.geometry.coordinates as number[][][][])[0][0];
      expect(ring).toHaveLength(z.ring_wgs84.length);
      // Outer rings may come back in the other direction; every known vertex must be there.
      for (const v of z.ring_wgs84) expect(Math.min(...ring.map((p) => metres(p, v)))).toBeLessThan(0.01);
    }
    expect((await feature('hazard_zones', 'GK37-FX-01'))!.properties).toMatchObject({ hazard: 'landslide', grade: 'high', source: '县自然资源局' });
  });
});

describe('points copied from a Chinese web map (GCJ-02 CSV)', () => {
  const FILE = 'depots-gcj02.csv';

  it('without crs the offset is not guessed: the dry run says it read WGS84 degrees', async () => {
    const res = await upload('depots', FILE, 'mode=dry-run', 'planner').expect(200);
    expect(res.body.crs).toMatchObject({ id: 'EPSG:4326', how: 'coordinates' });
  });

  it('with crs=gcj02 the depots land within half a metre of their WGS84 positions', async () => {
    const res = await upload('depots', FILE, 'mode=commit&crs=gcj02', 'planner').expect(200);
    expect(res.body.crs).toMatchObject({ id: 'GCJ-02', how: 'given' });
    for (const d of known.depots_gcj02) {
      const f = await feature('depots', d.code);
      expect(metres(f!.geometry.coordinates as number[], d.wgs84), d.code).toBeLessThan(0.5);
    }
    expect((await feature('depots', 'GCJ-CB-01'))!.properties).toMatchObject({ tier: 'town', inventory: { 帐篷: 50, 棉被: 200, '饮用水(升)': 1000 } });
  });

  it('refuses a crs it does not know, naming the ones it does', async () => {
    const res = await upload('depots', FILE, 'crs=EPSG:2383', 'planner').expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'crs' });
    expect(res.body.error.details[0].message).toContain('gcj02');
  });
});

describe('a town office sheet in GBK with two bad rows: dry run, then all or nothing', () => {
  const FILE = 'risk-sites-town-gbk.csv';
  const countSites = async () => (await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=1').expect(200)).body.numberMatched as number;

  it('dry run: every row accepted or rejected with its reason, naming the file column', async () => {
    const res = await upload('risk_sites', FILE, 'mode=dry-run', 'geohazard').expect(200);
    expect(res.body.file.encoding).toBe('gb18030');
    expect(res.body.counts).toMatchObject({ read: 5, accepted: 3, rejected: 2 });
    const byRow = Object.fromEntries(res.body.rows.map((r: { row: number }) => [r.row, r]));
    expect(byRow[3]).toMatchObject({ action: 'reject', code: 'XP-T105-0003', reasons: [{ field: 'properties.households', column: '户数', message: '"三" is not a number' }] });
    expect(byRow[4]).toMatchObject({ action: 'reject', reasons: [{ field: 'geometry', message: 'the row has no geometry' }] });
    expect(byRow[1]).toMatchObject({ action: 'insert', code: 'XP-T105-0001' });
  });

  it('commit with rejected rows writes nothing: 422 with the report', async () => {
    const before = await countSites();
    const res = await upload('risk_sites', FILE, 'mode=commit', 'geohazard').expect(422);
    expect(res.body.error.code).toBe('import_refused');
    expect(res.body.error.report.outcome).toBe('refused');
    expect(res.body.error.details[0]).toMatchObject({ row: 3, column: '户数' });
    expect(await countSites()).toBe(before);
    expect(await feature('risk_sites', 'XP-T105-0001')).toBeUndefined();
  });

  it('once the bad rows are fixed (here: removed), commit writes all; private columns only reach signed-in readers', async () => {
    // GBK never uses CR or LF inside a character, so the sheet splits safely into lines as bytes.
    const lines = fixture(FILE).toString('latin1').split('\r\n');
    const fixed = Buffer.from(lines.filter((_, i) => i !== 3 && i !== 4).join('\r\n'), 'latin1');
    const res = await upload('risk_sites', fixed, 'mode=commit', 'geohazard', 'risk-sites-fixed.csv').expect(200);
    expect(res.body.counts).toMatchObject({ inserted: 3, rejected: 0 });
    const pub = await feature('risk_sites', 'XP-T105-0001');
    expect(pub!.properties).toMatchObject({ town_code: '440983105', village: '金垌村', households: 1, residents: 4, slope_height_m: 6.5, rectification_status: 'not_started' });
    expect(pub!.properties).not.toHaveProperty('monitor_phone');
    expect((await feature('risk_sites', 'XP-T105-0001', 'geohazard'))!.properties).toMatchObject({ monitor_name: '罗永华', monitor_phone: '13500001111' });
  });
});

describe('a GeoPackage in CGCS2000 with a self-crossing polygon', () => {
  const FILE = 'hazard-zones-cgcs2000.gpkg';

  it('dry run offers the repair; a commit without it is refused; with repair=true all three land, valid', async () => {
    const dry = await upload('hazard_zones', FILE, 'mode=dry-run').expect(200);
    expect(dry.body.crs).toMatchObject({ id: 'EPSG:4490', how: 'file' });
    expect(dry.body.file).toMatchObject({ format: 'geopackage', layer: '风险区' });
    const bowTie = dry.body.rows.find((r: { code: string }) => r.code === 'GP-FX-03');
    expect(bowTie).toMatchObject({ action: 'reject', repair: { applied: false } });
    expect(bowTie.repair.problem).toMatch(/Self-intersection/);
    await upload('hazard_zones', FILE, 'mode=commit').expect(422);
    const res = await upload('hazard_zones', FILE, 'mode=commit&repair=true').expect(200);
    expect(res.body.counts).toMatchObject({ inserted: 3, repaired: 1 });
    const f = await feature('hazard_zones', 'GP-FX-03');
    expect(f!.properties).toMatchObject({ hazard: 'forest_fire', grade: 'medium' });
    const valid = await ctx.db.knex.raw<{ rows: Array<{ ok: boolean }> }>("SELECT ST_IsValid(geom) AS ok FROM hazard_zones WHERE code = 'GP-FX-03'");
    expect(valid.rows[0].ok).toBe(true);
  });
});

describe('GeoJSON in Web Mercator with a crs member: duplicates of existing codes', () => {
  const FILE = 'villages-webmercator.geojson';

  it('rejects existing codes by default, skips them, or updates them by code', async () => {
    const dry = await upload('villages', FILE).expect(200);
    expect(dry.body.crs).toMatchObject({ id: 'EPSG:3857', how: 'file' });
    expect(dry.body.rows[0]).toMatchObject({ action: 'reject', code: '440983105201' });
    expect(dry.body.rows[0].reasons[0].message).toMatch(/already has code 440983105201/);
    expect((await upload('villages', FILE, 'on_duplicate=skip').expect(200)).body.counts).toMatchObject({ skipped: 3, accepted: 0, rejected: 0 });

    const before = await feature('villages', '440983105201');
    const res = await upload('villages', FILE, 'mode=commit&on_duplicate=update').expect(200);
    expect(res.body.counts).toMatchObject({ updated: 3 });
    for (const v of known.villages_3857) {
      const f = await feature('villages', v.code);
      expect(metres(f!.geometry.coordinates as number[], v.wgs84)).toBeLessThan(0.01);
      expect(f!.properties.population).toBe(v.population);
    }
    const after = await feature('villages', '440983105201');
    expect(after!.id).toBe(before!.id);
    expect(after!.properties.version).toBe((before!.properties.version as number) + 1);
    // The same file again changes nothing.
    expect((await upload('villages', FILE, 'mode=commit&on_duplicate=update').expect(200)).body.counts).toMatchObject({ unchanged: 3, updated: 0 });
  });
});

describe('attribute mapping: given, then saved for the source', () => {
  const sheet = Buffer.from('站点,叫法,类别,层级,能住多少人,现状,lon,lat\r\nMAP-1,马贵镇文化站,紧急避难场所,村级,120,开放,111.05,22.49\r\n');

  it('a mapping sent with the file is used, and saved under the source name for next time', async () => {
    const mapping = JSON.stringify({ 站点: 'code', 叫法: 'name', 类别: 'shelter_type', 层级: 'level', 能住多少人: 'capacity', 现状: 'status' });
    const first = await request(ctx.app).post('/api/import/shelters?source=马贵镇报表').set('Authorization', bearer('planner')).attach('file', sheet, 'mg.csv').field('mapping', mapping).expect(200);
    expect(first.body.counts).toMatchObject({ accepted: 1, rejected: 0 });
    expect(first.body.mapping.find((m: { field: string }) => m.field === '能住多少人')).toMatchObject({ attribute: 'capacity', how: 'given' });
    const again = await request(ctx.app).post('/api/import/shelters?source=马贵镇报表&mode=commit').set('Authorization', bearer('planner')).attach('file', sheet, 'mg.csv').expect(200);
    expect(again.body.mapping.find((m: { field: string }) => m.field === '能住多少人')).toMatchObject({ attribute: 'capacity', how: 'saved' });
    expect((await feature('shelters', 'MAP-1'))!.properties).toMatchObject({ name: '马贵镇文化站', capacity: 120, level: 'village' });
    const saved = await request(ctx.app).get('/api/import/shelters/mappings').set('Authorization', bearer('planner')).expect(200);
    expect(saved.body.mappings.find((m: { source_key: string }) => m.source_key === 'name:马贵镇报表').mapping).toMatchObject({ 站点: 'code', 能住多少人: 'capacity' });
  });

  it('without a mapping, unknown fields are listed as unmapped and required attributes reported missing', async () => {
    const res = await request(ctx.app).post('/api/import/shelters').set('Authorization', bearer('planner')).attach('file', sheet, 'other.csv').expect(200);
    expect(res.body.mapping.find((m: { field: string }) => m.field === '能住多少人')).toMatchObject({ attribute: null, how: 'none' });
    expect(res.body.rows[0].reasons.map((r: { field: string }) => r.field)).toEqual(expect.arrayContaining(['properties.code', 'properties.capacity']));
  });

  it('a mapping to an unknown or service-set attribute is a 400 naming the field', async () => {
    const bad = await request(ctx.app).post('/api/import/shelters').set('Authorization', bearer('planner')).attach('file', sheet, 'x.csv').field('mapping', JSON.stringify({ 站点: 'codes' })).expect(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'mapping.站点' });
    const ro = await request(ctx.app).post('/api/import/risk_sites').set('Authorization', bearer('geohazard')).attach('file', sheet, 'x.csv').field('mapping', JSON.stringify({ 现状: 'grade' })).expect(400);
    expect(ro.body.error.details[0].message).toMatch(/set by the service/);
    await request(ctx.app).post('/api/import/shelters').set('Authorization', bearer('planner')).attach('file', sheet, 'x.csv').field('mapping', '{not json').expect(400);
  });
});

describe('who may import', () => {
  it('401 without a token, 403 for a role that may not write the layer, 404 for an unknown layer', async () => {
    await request(ctx.app).post('/api/import/shelters').attach('file', fixture('depots-gcj02.csv'), 'd.csv').expect(401);
    const res = await upload('shelters', 'depots-gcj02.csv', '', 'geohazard').expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await upload('bunkers', 'depots-gcj02.csv').expect(404);
  });

  it('unknown options are a 400 naming them', async () => {
    const res = await upload('depots', 'depots-gcj02.csv', 'mode=yolo&colour=red').expect(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['mode', 'colour']));
  });
});

describe('import jobs', () => {
  it('Prefer: respond-async returns 202 at once; the job reports rows read, accepted, rejected and percent', async () => {
    const res = await request(ctx.app)
      .post('/api/import/risk_sites?mode=dry-run&on_duplicate=update')
      .set('Authorization', bearer('geohazard'))
      .set('Prefer', 'respond-async')
      .attach('file', fixture('risk-sites-town-gbk.csv'), 'sites.csv')
      .expect(202);
    expect(res.headers.location).toBe(`/api/import/jobs/${res.body.job}`);
    let job;
    for (let i = 0; i < 100; i++) {
      job = (await request(ctx.app).get(res.headers.location).set('Authorization', bearer('geohazard')).expect(200)).body;
      expect(job.progress).toEqual({ rows_read: expect.any(Number), accepted: expect.any(Number), rejected: expect.any(Number), percent: expect.any(Number) });
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'done', progress: { rows_read: 5, accepted: 3, rejected: 2, percent: 100 } });
    // Someone else's job is not theirs to read; anonymous readers see none.
    await request(ctx.app).get(res.headers.location).set('Authorization', bearer('planner')).expect(404);
    await request(ctx.app).get(res.headers.location).set('Authorization', bearer('admin')).expect(200);
    await request(ctx.app).get(res.headers.location).expect(401);
  });

  it('a job that fails records why', async () => {
    const res = await request(ctx.app).post('/api/import/depots').set('Authorization', bearer('planner')).set('Prefer', 'respond-async').attach('file', Buffer.from('{"type":"FeatureCollection","features":[{"type":'), 'cut.geojson').expect(202);
    let job;
    for (let i = 0; i < 100; i++) {
      job = (await request(ctx.app).get(res.headers.location).set('Authorization', bearer('planner')).expect(200)).body;
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job).toMatchObject({ status: 'failed', error: { status: 422, code: 'unreadable_file' } });
  });
});
