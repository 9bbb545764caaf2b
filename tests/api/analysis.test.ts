import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Point } from 'geojson';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greatCircleM } from '../../server/analysis/great-circle.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { fingerprint, sampleLayer } from '../helpers/sample.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

interface Assignment { demand_id: number; shelter_id: number; residents: number; distance_m: number; demand_type: string }
const totalResidents = sampleLayer('risk_sites').reduce((s, f) => s + (f.properties?.residents as number), 0);
const usableCount = sampleLayer('shelters').filter((f) => ['open', 'standby'].includes(f.properties?.status as string)).length;

async function feature(collection: string, id: number) {
  return (await request(ctx.app).get(`/ogc/collections/${collection}/items/${id}`).expect(200)).body;
}

describe('GET /api/analysis/catchments', () => {
  it('method=nearest sends every site to its nearest usable shelter, with one clipped cell per shelter', async () => {
    const res = await request(ctx.app).get('/api/analysis/catchments?method=nearest&mode=straight').expect(200);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features).toHaveLength(usableCount);
    expect(res.body.assignments).toHaveLength(sampleLayer('risk_sites').length);
    expect(res.body.summary.placed_residents + res.body.summary.unassigned_residents).toBe(totalResidents);
    // Spot-check three assignments against the features the OGC API serves.
    for (const a of (res.body.assignments as Assignment[]).slice(0, 3)) {
      const site = await feature('risk_sites', a.demand_id);
      const shelter = await feature('shelters', a.shelter_id);
      expect(['open', 'standby']).toContain(shelter.properties.status);
      const [x1, y1] = (site.geometry as Point).coordinates;
      const [x2, y2] = (shelter.geometry as Point).coordinates;
      expect(a.distance_m).toBeCloseTo(greatCircleM(x1, y1, x2, y2), 0);
      expect(a.residents).toBe(site.properties.residents);
    }
    const cell = res.body.features.find((f: { geometry: unknown }) => f.geometry);
    expect(['Polygon', 'MultiPolygon']).toContain(cell.geometry.type);
    expect(cell.properties).toEqual(expect.objectContaining({ shelter_id: expect.any(Number), load: expect.any(Number), capacity: expect.any(Number) }));
  });

  it('method=capacity never fills a shelter beyond capacity nor splits a household, and accounts for everyone', async () => {
    const res = await request(ctx.app).get('/api/analysis/catchments?method=capacity&mode=straight').expect(200);
    for (const f of res.body.features) expect(f.properties.load).toBeLessThanOrEqual(f.properties.capacity);
    const ids = [...res.body.assignments, ...res.body.unassigned].map((a: { demand_id: number }) => a.demand_id);
    expect(new Set(ids).size).toBe(sampleLayer('risk_sites').length);
    expect(ids).toHaveLength(sampleLayer('risk_sites').length);
    for (const u of res.body.unassigned) expect(['no_shelter_within_radius', 'capacity_exhausted']).toContain(u.reason);
    expect(res.body.summary.over_capacity_shelters).toBe(0);
    expect(res.body.summary.mean_distance_m).toBeGreaterThan(0);
  });

  it('takes village populations as demand, and filters shelters by type', async () => {
    const res = await request(ctx.app).get('/api/analysis/catchments?demand=villages&shelter_type=long_term,mid_term').expect(200);
    expect(res.body.assignments[0].demand_type).toBe('village');
    const types = new Set<string>();
    for (const f of res.body.features) types.add((await feature('shelters', f.properties.shelter_id)).properties.shelter_type);
    expect([...types].every((t) => t === 'long_term' || t === 'mid_term')).toBe(true);
  });

  it('answers 400 for unknown methods, values and parameters', async () => {
    expect((await request(ctx.app).get('/api/analysis/catchments?method=fastest').expect(400)).body.error.details[0].field).toBe('method');
    expect((await request(ctx.app).get('/api/analysis/catchments?shelter_type=bunker').expect(400)).body.error.details[0].field).toBe('shelter_type');
    expect((await request(ctx.app).get('/api/analysis/catchments?colour=red').expect(400)).body.error.details[0].field).toBe('colour');
  });

  it('tags the answer, so a client holding it is told 304 until a layer changes', async () => {
    const first = await request(ctx.app).get('/api/analysis/catchments?method=nearest').expect(200);
    expect(first.headers.etag).toMatch(/^W\/"[\w-]{27}"$/);
    await request(ctx.app).get('/api/analysis/catchments?method=nearest').set('If-None-Match', first.headers.etag).expect(304);
    // Gzipped once when it was computed, for clients that take gzip; the same answer either way.
    const plain = await request(ctx.app).get('/api/analysis/catchments?method=nearest').set('Accept-Encoding', 'identity').expect(200);
    const zipped = await request(ctx.app).get('/api/analysis/catchments?method=nearest').set('Accept-Encoding', 'gzip').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body).toEqual(plain.body);
    // Another question, another answer and tag.
    const other = await request(ctx.app).get('/api/analysis/catchments?method=capacity').expect(200);
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });
});

describe('GET /api/analysis/coverage', () => {
  it('reports uncovered demand, unsafe and overloaded shelters, depot gaps, gap areas and a per-town summary', async () => {
    const res = await request(ctx.app).get('/api/analysis/coverage').expect(200);
    for (const k of ['uncovered', 'overloaded', 'unsafe_shelters', 'depot_gaps', 'gap_areas', 'towns']) expect(res.body[k].type).toBe('FeatureCollection');
    expect(res.body.towns.features).toHaveLength(sampleLayer('towns').length);
    const city = res.body.summary.city;
    expect(city.risk_sites).toBe(sampleLayer('risk_sites').length);
    expect(city.uncovered_residents).toBe(res.body.uncovered.features.filter((f: { properties: { demand_type?: string } }) => f.properties.demand_type !== 'village').reduce((s: number, f: { properties: { residents?: number } }) => s + (f.properties.residents ?? 0), 0));
    expect(res.body.gap_areas.features.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/monitor_/);
  });

  it('what-if: a draft shelter beside an uncovered site covers it, and nothing is saved', async () => {
    const before = await request(ctx.app).get('/api/analysis/coverage').expect(200);
    const gap = before.body.uncovered.features.find((f: { properties: { demand_type?: string } }) => f.properties.demand_type !== 'village');
    const stored = await fingerprint(ctx.db.knex);
    const draft = {
      add: [{ type: 'Feature', geometry: gap.geometry, properties: { code: 'DRAFT-1', name: '拟建避难场所', shelter_type: 'emergency', level: 'village', capacity: 5000, status: 'planned' } }],
    };
    // A planned shelter does not serve yet; an open one does.
    const planned = await request(ctx.app).post('/api/analysis/coverage').send({ draft }).expect(200);
    expect(planned.body.summary.city.uncovered_residents).toBe(before.body.summary.city.uncovered_residents);
    draft.add[0].properties.status = 'open';
    const after = await request(ctx.app).post('/api/analysis/coverage').send({ draft }).expect(200);
    expect(after.body.summary.city.uncovered_residents).toBeLessThanOrEqual(before.body.summary.city.uncovered_residents - gap.properties.residents);
    expect(await fingerprint(ctx.db.knex)).toEqual(stored);
  });

  it('what-if: switching off a shelter moves its sites to others', async () => {
    const base = await request(ctx.app).get('/api/analysis/catchments?method=nearest').expect(200);
    const busiest = [...base.body.features].sort((a, b) => b.properties.load - a.properties.load)[0].properties.shelter_id;
    const res = await request(ctx.app).post('/api/analysis/catchments?method=nearest').send({ draft: { change: [{ id: busiest, properties: { status: 'closed' } }] } }).expect(200);
    expect(res.body.assignments.some((a: Assignment) => a.shelter_id === busiest)).toBe(false);
    expect(res.body.features).toHaveLength(base.body.features.length - 1);
  });

  it('rejects an invalid draft with the field named', async () => {
    const res = await request(ctx.app).post('/api/analysis/coverage').send({ draft: { add: [{ geometry: { type: 'Point', coordinates: [500, 0] }, properties: { code: 'X' } }], remove: [99999999] } }).expect(422);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['draft.remove', 'draft.add[0].geometry.coordinates', 'draft.add[0].properties.shelter_type']));
  });
});

describe('GET /api/analysis/nearest-shelter', () => {
  it('from a safe shelter’s own door, answers that shelter at distance 0', async () => {
    const cov = await request(ctx.app).get('/api/analysis/coverage').expect(200);
    const unsafe = new Set(cov.body.unsafe_shelters.features.map((f: { properties: { source_id: number } }) => f.properties.source_id));
    const shelters = (await request(ctx.app).get('/ogc/collections/shelters/items?status=open&limit=1000')).body.features;
    const safe = shelters.find((s: { id: number }) => !unsafe.has(s.id));
    const [lon, lat] = safe.geometry.coordinates;
    const res = await request(ctx.app).get(`/api/analysis/nearest-shelter?lon=${lon}&lat=${lat}&mode=straight`).expect(200);
    expect(res.body.shelter.id).toBe(safe.id);
    expect(res.body.distance_m).toBe(0);
    expect(res.body.line.geometry.type).toBe('LineString');
  });

  it('never sends people to a shelter inside a high-risk zone', async () => {
    const cov = await request(ctx.app).get('/api/analysis/coverage').expect(200);
    const unsafeUsable = cov.body.unsafe_shelters.features.find((f: { properties: { usable: boolean } }) => f.properties.usable);
    const [lon, lat] = unsafeUsable.geometry.coordinates;
    const res = await request(ctx.app).get(`/api/analysis/nearest-shelter?lon=${lon}&lat=${lat}&mode=straight`).expect(200);
    expect(res.body.shelter.id).not.toBe(unsafeUsable.properties.source_id);
    expect(res.body.excluded_unsafe).toBeGreaterThanOrEqual(1);
    expect(res.body.walking_minutes).toBeGreaterThanOrEqual(Math.ceil(res.body.distance_m / (4000 / 60)));
  });

  it('answers 400 without a valid position', async () => {
    await request(ctx.app).get('/api/analysis/nearest-shelter?lon=abc&lat=22').expect(400);
    await request(ctx.app).get('/api/analysis/nearest-shelter?lon=110.9').expect(400);
  });
});

describe('POST /api/analysis/evacuation', () => {
  it('moves the sites inside a warning area to shelters outside it, with depots and town totals', async () => {
    const town = sampleLayer('towns').find((t) => t.properties?.code === '440983122')!; // 思贺镇, hilly, many sites
    const res = await request(ctx.app).post('/api/analysis/evacuation').send({ warning_area: town.geometry, min_grade: 'medium' }).expect(200);
    expect(res.body.sites.length).toBeGreaterThan(0);
    expect(res.body.assignments.length + res.body.unassigned.length).toBe(res.body.sites.length);
    expect(res.body.towns.length).toBeGreaterThan(0);
    for (const s of res.body.shelters) expect(s.nearest_depot).toBeDefined();
    const sheltersById = new Map((await request(ctx.app).get('/ogc/collections/shelters/items?limit=1000')).body.features.map((f: { id: number }) => [f.id, f]));
    for (const a of res.body.assignments as Assignment[]) {
      const shelter = sheltersById.get(a.shelter_id) as Feature<Point>;
      expect(booleanPointInPolygon(shelter.geometry.coordinates, town as Feature<MultiPolygon>)).toBe(false);
    }
  });

  it('rejects a warning area that is not a polygon', async () => {
    const res = await request(ctx.app).post('/api/analysis/evacuation').send({ warning_area: { type: 'Point', coordinates: [110.9, 22.3] } }).expect(422);
    expect(res.body.error.details[0].field).toMatch(/^warning_area/);
  });
});

describe('POST /api/analysis/siting', () => {
  it('picks new shelter sites that each cover more uncovered residents, never inside a high-risk zone', async () => {
    const res = await request(ctx.app).post('/api/analysis/siting').send({ count: 5, shelter_type: 'short_term' }).expect(200);
    const picks = res.body.picks.features;
    expect(picks.length).toBe(5);
    const gains = picks.map((p: { properties: { marginal_gain: number } }) => p.properties.marginal_gain);
    expect(gains.every((g: number, i: number) => g > 0 && (i === 0 || g <= gains[i - 1]))).toBe(true);
    expect(res.body.after.residents_covered - res.body.before.residents_covered).toBe(gains.reduce((a: number, b: number) => a + b, 0));
    expect(res.body.candidates.excluded).toBeGreaterThan(0);
    const zones = (await request(ctx.app).get('/ogc/collections/hazard_zones/items?limit=1000')).body.features.filter((z: { properties: { grade: string } }) => ['high', 'very_high'].includes(z.properties.grade));
    for (const p of picks) for (const z of zones) expect(booleanPointInPolygon(p.geometry.coordinates, z)).toBe(false);
  });

  it('takes candidate sites given by the planner', async () => {
    const site = sampleLayer('risk_sites')[0];
    const candidates = { type: 'FeatureCollection', features: [{ type: 'Feature', id: 'A', geometry: site.geometry, properties: { name: '候选A' } }] };
    const res = await request(ctx.app).post('/api/analysis/siting').send({ count: 1, shelter_type: 'long_term', candidates }).expect(200);
    expect(res.body.candidates.total).toBe(1);
  });

  it('rejects a bad request with the fields named', async () => {
    const res = await request(ctx.app).post('/api/analysis/siting').send({ count: 0, shelter_type: 'bunker' }).expect(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['count', 'shelter_type']));
  });
});

describe('GET /api/indicators', () => {
  it('gives the plan indicators per town and for the city, consistent with the sample', async () => {
    const res = await request(ctx.app).get('/api/indicators').expect(200);
    expect(res.body.city.risk_sites).toBe(sampleLayer('risk_sites').length);
    expect(res.body.city.residents_total).toBe(totalResidents);
    const byGrade = Object.values(res.body.city.sites_by_grade as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(byGrade).toBe(sampleLayer('risk_sites').length);
    expect(res.body.city.sites_by_grade.ungraded).toBe(0);
    expect(res.body.towns.features).toHaveLength(sampleLayer('towns').length);
    const townSites = res.body.towns.features.reduce((s: number, t: { properties: { risk_sites: number } }) => s + t.properties.risk_sites, 0);
    expect(townSites).toBe(res.body.city.risk_sites);
    const depots = sampleLayer('depots');
    expect(res.body.city.depots.town).toBe(depots.filter((d) => d.properties?.tier === 'town').length);
    expect(res.text).not.toMatch(/monitor_/);
  });
});
