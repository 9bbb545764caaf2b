/**
 * The analyses by travel time on the county sample (17,651 road edges), on the database the run
 * uses: the modes and their defaults, routes, isochrones and what-if closures.
 */
import { area, booleanPointInPolygon } from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Point } from 'geojson';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greatCircleM } from '../../server/analysis/great-circle.ts';
import { DEFAULT_STANDARDS } from '../../server/analysis/standards.ts';
import { buildRoadGraph } from '../../server/routing/build-graph.ts';
import type { RoadFeature } from '../../server/routing/types.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { sampleLayer } from '../helpers/sample.ts';

let ctx: TestContext;
let shelters: Map<number, Feature<Point, Record<string, unknown>>>;
let sites: Map<number, Feature<Point, Record<string, unknown>>>;
beforeAll(async () => {
  ctx = await openTestApp();
  const items = async (layer: string) => (await request(ctx.app).get(`/ogc/collections/${layer}/items?limit=10000`).expect(200)).body.features as Array<Feature<Point, Record<string, unknown>> & { id: number }>;
  shelters = new Map((await items('shelters')).map((f) => [f.id, f]));
  sites = new Map((await items('risk_sites')).map((f) => [f.id, f]));
});
afterAll(async () => ctx?.close());

interface Assignment { demand_id: number; shelter_id: number; residents: number; distance_m: number; offroad_m?: number; minutes?: number; within_radius: boolean }
const get = (url: string, status = 200) => request(ctx.app).get(url).expect(status);
const straightM = (a: Assignment) => {
  const [x1, y1] = sites.get(a.demand_id)!.geometry.coordinates;
  const [x2, y2] = shelters.get(a.shelter_id)!.geometry.coordinates;
  return greatCircleM(x1, y1, x2, y2);
};

describe('catchments by travel time', () => {
  it('walking (mode=walk): every site gets minutes, metres along the way (never shorter than the straight line) and off-road metres', async () => {
    const res = (await get('/api/analysis/catchments?method=nearest&mode=walk')).body;
    expect(res.summary.mode).toBe('walk');
    expect(res.assignments.length + res.unassigned.length).toBe(sampleLayer('risk_sites').length);
    for (const a of res.assignments as Assignment[]) {
      expect(a.minutes).toBeGreaterThan(0);
      expect(a.offroad_m).toBeGreaterThanOrEqual(0);
      expect(a.offroad_m).toBeLessThanOrEqual(a.distance_m + 0.1);
      // Along the way (cheap-ruler metres) is at least the great circle, give or take the two rulers' 0.5 %.
      expect(a.distance_m).toBeGreaterThanOrEqual(straightM(a) * 0.995 - 0.1);
    }
    // Some sites go elsewhere than the straight line would send them, and the summary says how many.
    const straight = (await get('/api/analysis/catchments?method=nearest&mode=straight')).body;
    const before = new Map((straight.assignments as Assignment[]).map((a) => [a.demand_id, a.shelter_id]));
    const changed = (res.assignments as Assignment[]).filter((a) => before.get(a.demand_id) !== a.shelter_id);
    expect(changed.length).toBeGreaterThan(0);
    expect(res.summary.straight_line.demand_points_changing_shelter).toBe(changed.length);
  });

  it('mode=straight answers as before travel time: no minutes, the straight-line distance', async () => {
    const res = (await get('/api/analysis/catchments?method=nearest&mode=straight')).body;
    expect(res.summary.mode).toBeUndefined();
    const a = res.assignments[0] as Assignment;
    expect(a.minutes).toBeUndefined();
    expect(a.distance_m).toBeCloseTo(straightM(a), 0);
  });

  it('method=capacity by car: no shelter over capacity, and nobody further than the drive time of the shelter’s type', async () => {
    const res = (await get('/api/analysis/catchments?method=capacity&mode=drive')).body;
    expect(res.summary.mode).toBe('drive');
    for (const f of res.features) expect(f.properties.load).toBeLessThanOrEqual(f.properties.capacity);
    for (const a of res.assignments as Assignment[]) {
      const type = shelters.get(a.shelter_id)!.properties.shelter_type as keyof typeof DEFAULT_STANDARDS.shelter_types;
      expect(a.minutes!).toBeLessThanOrEqual(DEFAULT_STANDARDS.shelter_types[type].service_drive_minutes + 0.05);
    }
    for (const u of res.unassigned) expect(['no_shelter_within_time', 'capacity_exhausted']).toContain(u.reason);
  });

  it('closes roads for a what-if: a site next to them walks further, and the answer names the roads', async () => {
    const site = [...sites.values()][0];
    const [lon, lat] = site.geometry.coordinates;
    const box = [lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002].join(',');
    const ids: number[] = (await get(`/ogc/collections/roads/items?bbox=${box}&limit=200`)).body.features.map((f: { id: number }) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    const open = (await get('/api/analysis/catchments?method=nearest&mode=walk')).body;
    const cut = (await get(`/api/analysis/catchments?method=nearest&closures=${ids.join(',')}&mode=walk`)).body;
    expect(cut.summary.closed_roads.map((r: { id: number }) => r.id)).toEqual([...ids].sort((a, b) => a - b));
    expect(open.summary.closed_roads).toBeUndefined();
    const before = (open.assignments as Assignment[]).find((a) => a.demand_id === site.id)!;
    const after = (cut.assignments as Assignment[]).find((a) => a.demand_id === site.id)!;
    expect(after.offroad_m!).toBeGreaterThan(before.offroad_m!);
    expect(after.minutes!).toBeGreaterThan(before.minutes!);
  });

  it('closes every road through the hazard zones of some grades, and says which zones and how many roads', async () => {
    const veryHigh = sampleLayer('hazard_zones').filter((z) => z.properties?.grade === 'very_high').map((z) => z.properties!.code as string);
    const open = (await get('/api/analysis/coverage?mode=walk')).body;
    const cut = (await get('/api/analysis/coverage?close_zones=very_high&mode=walk')).body;
    expect(cut.summary.closed_zones.grades).toEqual(['very_high']);
    expect([...cut.summary.closed_zones.zones].sort()).toEqual([...veryHigh].sort());
    expect(cut.summary.closed_zones.roads).toBeGreaterThan(0);
    expect(cut.summary.city.uncovered_sites).not.toBe(open.summary.city.uncovered_sites);
    const nearest = (await get('/api/analysis/catchments?close_zones=very_high&mode=walk')).body;
    expect(nearest.summary.closed_zones).toEqual(cut.summary.closed_zones);
    expect((await get('/api/analysis/catchments?close_zones=severe&mode=walk', 400)).body.error.details[0].field).toBe('close_zones');
    expect((await get('/api/analysis/coverage?close_zones=high&mode=straight', 422)).body.error.details[0].field).toBe('close_zones');
  });

  it('answers 400 naming mode and closures when they are wrong, 422 for roads that do not exist', async () => {
    expect((await get('/api/analysis/catchments?mode=fly', 400)).body.error.details[0].field).toBe('mode');
    expect((await get('/api/analysis/catchments?closures=1,x&mode=walk', 400)).body.error.details[0].field).toBe('closures');
    expect((await get(`/api/analysis/catchments?closures=${Array.from({ length: 201 }, (_, i) => i + 1).join(',')}`, 400)).body.error.details[0].field).toBe('closures');
    expect((await get('/api/analysis/catchments?closures=999999999&mode=walk', 422)).body.error.details[0].field).toBe('closures');
    expect((await get('/api/analysis/catchments?closures=1&mode=straight', 422)).body.error.details[0].field).toBe('closures');
  });
});

describe("the catchments' lines follow the roads (lines=roads)", () => {
  type Line = Feature<LineString, { demand_id: number; shelter_id: number; length_m: number; offroad_m: number; minutes: number }>;
  // The sample's roads, to check where each line runs: every position but the two ends lies on a road.
  const roads = () => buildRoadGraph(sampleLayer('roads') as unknown as RoadFeature[]);

  for (const [method, mode] of [['nearest', 'walk'], ['capacity', 'drive']] as const) {
    // 2,000 ways along the roads, each position checked: a minute or more on a loaded machine.
    it(`method=${method}&mode=${mode}: each line runs from the site over the roads to its shelter, never shorter than the straight line`, { timeout: 300_000 }, async () => {
      const res = (await get(`/api/analysis/catchments?method=${method}&mode=${mode}&lines=roads`)).body;
      const lines = res.lines.features as Line[];
      expect(lines.length).toBe(res.assignments.length);
      expect(lines.length).toBeGreaterThan(0);
      const graph = roads();
      const byDemand = new Map((res.assignments as Assignment[]).map((a) => [a.demand_id, a]));
      let alongRoads = 0;
      // Checked line by line, reported together: one failure names the lines that break the rule.
      const offRoads: string[] = [];
      const wrong: string[] = [];
      for (const f of lines) {
        const a = byDemand.get(f.properties.demand_id)!;
        const line = f.geometry.coordinates;
        const [site, shelter] = [sites.get(a.demand_id)!.geometry.coordinates, shelters.get(a.shelter_id)!.geometry.coordinates];
        const drawn = line.slice(1).reduce((m, p, i) => m + greatCircleM(line[i][0], line[i][1], p[0], p[1]), 0);
        const p = f.properties;
        const checks = {
          // The two ends are the site and the shelter (to 6 decimals); the off-road legs join them to the roads.
          ends: Math.abs(line[0][0] - site[0]) + Math.abs(line[0][1] - site[1]) < 2e-6 && Math.abs(line.at(-1)![0] - shelter[0]) + Math.abs(line.at(-1)![1] - shelter[1]) < 2e-6,
          shelter: p.shelter_id === a.shelter_id,
          // Length and minutes are the assignment's (both rounded to 0.1), the off-road metres part of the length.
          length: Math.abs(p.length_m - a.distance_m) <= 0.11,
          minutes: Math.abs(p.minutes - a.minutes!) <= 0.11,
          offroad: p.offroad_m >= 0 && p.offroad_m <= p.length_m + 0.1,
          // Never shorter than the straight line (two rulers: 0.5 %); the drawn line, simplified to 5 m, no longer than the way.
          straight: p.length_m >= straightM(a) * 0.995 - 0.1 && drawn >= straightM(a) * 0.99 - 0.5,
          drawn: drawn <= p.length_m * 1.005 + 0.5,
        };
        const failed = Object.entries(checks).filter(([, ok]) => !ok).map(([k]) => k);
        if (failed.length) wrong.push(`site ${a.demand_id}: ${failed.join(', ')}`);
        for (const q of line.slice(1, -1)) {
          const hit = graph.segments.nearest(q[0], q[1], null);
          if (!(hit!.distanceM < 0.2)) offRoads.push(`site ${a.demand_id}: [${q.join(', ')}] is ${hit!.distanceM.toFixed(2)} m off the roads`);
        }
        if (line.length > 2) alongRoads++;
      }
      expect(wrong).toEqual([]);
      expect(offRoads).toEqual([]);
      expect(alongRoads).toBeGreaterThan(lines.length / 2);
    });
  }

  it('refuses lines=roads for straight lines, naming the parameter', async () => {
    expect((await get('/api/analysis/catchments?method=nearest&mode=straight&lines=roads', 422)).body.error.details[0].field).toBe('lines');
  });
});

describe('coverage by travel time', () => {
  it('reports who is beyond the time limits, and who the radii counted as covered', async () => {
    const res = (await get('/api/analysis/coverage?mode=walk')).body;
    expect(res.summary.parameters.mode).toBe('walk');
    expect(res.summary.parameters.service_minutes).toEqual({ emergency: 10, short_term: 20, mid_term: 30, long_term: 50 });
    expect(res.uncovered.features.length).toBeGreaterThan(0);
    for (const f of res.uncovered.features) {
      const p = f.properties;
      if (p.nearest_shelter_id === null) continue;
      const type = shelters.get(p.nearest_shelter_id)!.properties.shelter_type as keyof typeof DEFAULT_STANDARDS.shelter_types;
      // The quickest shelter is beyond its own reach, and nothing covers the point.
      expect(p.nearest_minutes).toBeGreaterThan(DEFAULT_STANDARDS.shelter_types[type].service_walk_minutes - 0.05);
      expect(p.shortfall_minutes).toBeGreaterThan(-0.05);
    }
    const straight = (await get('/api/analysis/coverage?mode=straight')).body;
    const straightUncovered = new Set(straight.uncovered.features.filter((f: Feature) => f.properties!.demand_type === 'risk_site').map((f: Feature) => f.properties!.source_id));
    const newly = res.uncovered.features.filter((f: Feature) => f.properties!.demand_type === 'risk_site' && !straightUncovered.has(f.properties!.source_id));
    expect(res.summary.straight_line.newly_uncovered_sites).toBe(newly.length);
    expect(straight.summary.straight_line).toBeUndefined();
  });
});

describe('the evacuation plan by car', () => {
  it('drives (mode=drive) within 60 minutes by default, and walks when asked', async () => {
    const town = sampleLayer('towns').find((t) => t.properties?.code === '440983122')!;
    const res = (await request(ctx.app).post('/api/analysis/evacuation').send({ mode: 'drive', warning_area: town.geometry, min_grade: 'medium' }).expect(200)).body;
    expect(res.summary.reach).toEqual({ mode: 'drive', max_minutes: 60 });
    expect(res.summary.placed_residents).toBeGreaterThan(0);
    for (const a of res.assignments as Assignment[]) expect(a.minutes!).toBeLessThanOrEqual(60);
    const walk = (await request(ctx.app).post('/api/analysis/evacuation').send({ warning_area: town.geometry, min_grade: 'medium', mode: 'walk', max_minutes: 30 }).expect(200)).body;
    expect(walk.summary.reach).toEqual({ mode: 'walk', max_minutes: 30 });
    for (const a of walk.assignments as Assignment[]) expect(a.minutes!).toBeLessThanOrEqual(30);
    const bad = await request(ctx.app).post('/api/analysis/evacuation').send({ mode: 'drive', warning_area: town.geometry, max_distance_m: 5000 }).expect(422);
    expect(bad.body.error.details[0].field).toBe('max_distance_m');
  });

  it('a draft cuts the roads of an area: fewer households reach a shelter, or later, and the cut is named', async () => {
    const town = sampleLayer('towns').find((t) => t.properties?.code === '440983122')!;
    const ask = { warning_area: town.geometry, min_grade: 'medium', mode: 'walk', max_minutes: 60 };
    const open = (await request(ctx.app).post('/api/analysis/evacuation').send(ask).expect(200)).body;
    const cut = (await request(ctx.app).post('/api/analysis/evacuation').send({ ...ask, draft: { close_area: town.geometry } }).expect(200)).body;
    expect(cut.summary.closed_area.roads).toBeGreaterThan(0);
    expect(cut.summary.placed_residents < open.summary.placed_residents || cut.summary.mean_minutes > open.summary.mean_minutes).toBe(true);
    for (const u of cut.unassigned) expect(['no_shelter_within_time', 'capacity_exhausted']).toContain(u.reason);
    const bad = await request(ctx.app).post('/api/analysis/evacuation').send({ ...ask, draft: { close_roads: [999999999] } }).expect(422);
    expect(bad.body.error.details[0].field).toBe('draft.close_roads');
    const straight = await request(ctx.app).post('/api/analysis/evacuation').send({ warning_area: town.geometry, mode: 'straight', draft: { close_area: town.geometry } }).expect(422);
    expect(straight.body.error.details[0].field).toBe('draft.close_area');
  });
});

describe("the evacuation plan's lines follow the roads", () => {
  const town = () => sampleLayer('towns').find((t) => t.properties?.code === '440983122')!;
  type Line = Feature<LineString, { demand_id: number; shelter_id: number; distance_m: number; minutes?: number; length_m?: number; offroad_m?: number }>;
  const r6 = (p: number[]) => p.map((x) => Math.round(x * 1e6) / 1e6);

  for (const mode of ['drive', 'walk'] as const) {
    it(`mode=${mode}: each line runs from the site along the roads to its shelter, as long as the way it measures`, async () => {
      const res = (await request(ctx.app).post('/api/analysis/evacuation').send({ mode, warning_area: town().geometry, min_grade: 'medium' }).expect(200)).body;
      expect(res.summary.lines).toBe('roads');
      expect(res.features.length).toBe(res.assignments.length);
      expect(res.features.length).toBeGreaterThan(0);
      const byDemand = new Map((res.assignments as Assignment[]).map((a) => [a.demand_id, a]));
      let bent = 0;
      for (const f of res.features as Line[]) {
        const a = byDemand.get(f.properties.demand_id)!;
        const line = f.geometry.coordinates;
        expect(line[0]).toEqual(r6(sites.get(a.demand_id)!.geometry.coordinates));
        expect(line.at(-1)).toEqual(r6(shelters.get(a.shelter_id)!.geometry.coordinates));
        expect(f.properties).toMatchObject({ shelter_id: a.shelter_id, minutes: a.minutes, offroad_m: a.offroad_m });
        expect(Math.abs(f.properties.length_m! - a.distance_m)).toBeLessThanOrEqual(0.1);
        // Simplified to 5 m: the drawn line is a little shorter than the way, never longer; never shorter than the straight line.
        const drawn = line.slice(1).reduce((m, p, i) => m + greatCircleM(line[i][0], line[i][1], p[0], p[1]), 0);
        expect(drawn).toBeLessThanOrEqual(a.distance_m * 1.005 + 0.5);
        expect(drawn).toBeGreaterThanOrEqual(straightM(a) * 0.99 - 0.5);
        if (line.length > 2) bent++;
      }
      expect(bent).toBeGreaterThan(0);
    });
  }

  it('mode=straight keeps straight lines', async () => {
    const res = (await request(ctx.app).post('/api/analysis/evacuation').send({ mode: 'straight', warning_area: town().geometry, min_grade: 'medium' }).expect(200)).body;
    expect(res.summary.lines).toBe('straight');
    for (const f of res.features as Line[]) {
      expect(f.geometry.coordinates).toHaveLength(2);
      expect(f.properties.length_m).toBeUndefined();
    }
  });
});

describe('siting by travel time', () => {
  const site = (body: object) => request(ctx.app).post('/api/analysis/siting').send({ count: 5, shelter_type: 'short_term', ...body });

  it('walks by default: a pick covers the sites within the 20 minutes of a short-term shelter, and today’s coverage is the coverage analysis’s', async () => {
    const res = (await site({}).expect(200)).body;
    expect(res.mode).toBe('walk');
    const gains = res.picks.features.map((p: { properties: { marginal_gain: number } }) => p.properties.marginal_gain);
    expect(gains.every((g: number) => g > 0)).toBe(true);
    expect(res.after.residents_covered - res.before.residents_covered).toBeCloseTo(gains.reduce((a: number, b: number) => a + b, 0), 3);
    for (const p of res.picks.features) expect(p.properties).toMatchObject({ service_radius_m: 1000, service_minutes: 20 });
    const cover = (await get('/api/analysis/coverage?mode=walk')).body;
    expect(res.before.residents_uncovered).toBe(cover.summary.city.uncovered_residents);
    expect(res.straight_line.newly_uncovered_sites).toBe(cover.summary.straight_line.newly_uncovered_sites);
    expect(res.straight_line.newly_uncovered_sites).toBeGreaterThan(0);
    expect(res.straight_line.picks_radius_not_time_sites).toBeGreaterThanOrEqual(0);
  });

  it('mode=drive counts the 10 minutes’ drive; mode=straight the radius, as before', async () => {
    const drive = (await site({ mode: 'drive' }).expect(200)).body;
    expect(drive.mode).toBe('drive');
    expect(drive.picks.features[0].properties.service_minutes).toBe(10);
    const straight = (await site({ mode: 'straight' }).expect(200)).body;
    expect(straight.mode).toBeUndefined();
    expect(straight.straight_line).toBeUndefined();
    expect(straight.picks.features[0].properties.service_minutes).toBeUndefined();
    const cover = (await get('/api/analysis/coverage?mode=straight')).body;
    expect(straight.before.residents_uncovered).toBe(cover.summary.city.uncovered_residents);
    const walk = (await site({ mode: 'walk' }).expect(200)).body;
    expect(walk.before.residents_covered).not.toBe(straight.before.residents_covered);
  });

  it('refuses an unknown mode, naming it', async () => {
    const res = await site({ mode: 'fly' }).expect(422);
    expect(res.body.error.details[0].field).toBe('mode');
  });
});

describe('GET /api/analysis/route and "where do I go?"', () => {
  const aSite = () => [...sites.values()][0];

  it('gives the way along the roads from a point to a shelter, the same as "where do I go?" draws', async () => {
    const [lon, lat] = aSite().geometry.coordinates;
    const nearest = (await get(`/api/analysis/nearest-shelter?lon=${lon}&lat=${lat}&mode=walk`)).body;
    expect(nearest.mode).toBe('walk');
    const route = (await get(`/api/analysis/route?from=${lon},${lat}&shelter_id=${nearest.shelter.id}`)).body;
    expect(route.type).toBe('Feature');
    expect(route.geometry.type).toBe('LineString');
    expect(route.geometry.coordinates[0]).toEqual([lon, lat]);
    expect(route.geometry.coordinates.at(-1)).toEqual(nearest.shelter.geometry.coordinates);
    expect(route.properties).toMatchObject({ mode: 'walk', shelter_id: nearest.shelter.id, length_m: nearest.distance_m, minutes: nearest.minutes });
    expect(route.properties.roads.length).toBeGreaterThan(0);
    expect(nearest.line.geometry).toEqual(route.geometry);
    expect(route.properties.length_m).toBeGreaterThanOrEqual(greatCircleM(lon, lat, ...(nearest.shelter.geometry.coordinates as [number, number])) * 0.995);
  });

  it('goes round roads closed in a what-if, and says which', async () => {
    const [lon, lat] = aSite().geometry.coordinates;
    const shelterId = (await get(`/api/analysis/nearest-shelter?lon=${lon}&lat=${lat}&mode=walk`)).body.shelter.id;
    const open = (await get(`/api/analysis/route?from=${lon},${lat}&shelter_id=${shelterId}`)).body;
    // Close every road within about 200 m of the house: it must walk further off the roads to reach one.
    const box = [lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002].join(',');
    const ids: number[] = (await get(`/ogc/collections/roads/items?bbox=${box}&limit=200`)).body.features.map((f: { id: number }) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    const closed = await request(ctx.app).get(`/api/analysis/route?from=${lon},${lat}&shelter_id=${shelterId}&closures=${ids.join(',')}`);
    if (closed.status === 422) return void expect(closed.body.error.code).toBe('no_way');
    expect(closed.status).toBe(200);
    expect(closed.body.properties.offroad_m).toBeGreaterThan(open.properties.offroad_m);
    expect(closed.body.properties.minutes).toBeGreaterThan(open.properties.minutes);
    expect(closed.body.properties.closed_roads.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('answers 404 for an unknown shelter, 400 for bad parameters, 422 when no way exists', async () => {
    const id = [...shelters.keys()][0];
    expect((await get(`/api/analysis/route?from=110.9,22.4&shelter_id=99999999`, 404)).body.error.code).toBe('not_found');
    expect((await get(`/api/analysis/route?from=110.9&shelter_id=${id}`, 400)).body.error.details[0].field).toBe('from');
    expect((await get(`/api/analysis/route?from=200,22&shelter_id=${id}`, 400)).body.error.details[0].field).toBe('from');
    expect((await get(`/api/analysis/route?from=110.9,22.4&shelter_id=abc`, 400)).body.error.details[0].field).toBe('shelter_id');
    expect((await get(`/api/analysis/route?from=110.9,22.4&shelter_id=${id}&mode=straight`, 400)).body.error.details[0].field).toBe('mode');
    expect((await get(`/api/analysis/route?shelter_id=${id}`, 400)).body.error.details[0].field).toBe('from');
    // A footpath on its own, far from every other road: nothing leads from it to the shelter.
    const island = {
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: [[[111.9, 23.4], [111.901, 23.4]]] },
      properties: { code: 'TEST-ISLAND', road_class: 'footpath', name: '孤岛小路' },
    };
    await request(ctx.app).post('/ogc/collections/roads/items').set('Authorization', `Bearer ${ctx.tokens.planner}`).send(island).expect(201);
    const none = await get(`/api/analysis/route?from=111.9005,23.4001&shelter_id=${id}`, 422);
    expect(none.body.error.code).toBe('no_way');
  });
});

describe('GET /api/analysis/isochrones', () => {
  it('gives nested areas around the shelter, one per number of minutes', async () => {
    const [id, shelter] = [...shelters.entries()][0];
    const res = (await get(`/api/analysis/isochrones?shelter_id=${id}&minutes=15,5,10`)).body;
    expect(res.type).toBe('FeatureCollection');
    expect(res.features.map((f: Feature) => f.properties!.minutes)).toEqual([5, 10, 15]);
    const areas = res.features.map((f: Feature<MultiPolygon>) => area(f));
    expect(areas[0]).toBeGreaterThan(0);
    expect(areas[1]).toBeGreaterThan(areas[0]);
    expect(areas[2]).toBeGreaterThan(areas[1]);
    // A walker covers at most 6 km/h × 15 min = 1.5 km: the 15-minute area fits in a circle of that radius (π·1.5² ≈ 7.07 km²).
    expect(areas[2]).toBeLessThan(Math.PI * 1500 ** 2);
    expect(booleanPointInPolygon(shelter.geometry.coordinates, res.features[0])).toBe(true);
  });

  it('caps the thresholds and names the parameter', async () => {
    const id = [...shelters.keys()][0];
    for (const minutes of ['0', '121', '1,2,3,4,5,6,7', 'ten', '']) {
      expect((await get(`/api/analysis/isochrones?shelter_id=${id}&minutes=${minutes}`, 400)).body.error.details[0].field).toBe('minutes');
    }
    await get(`/api/analysis/isochrones?shelter_id=99999999&minutes=5`, 404);
  });
});

describe('the OpenAPI document', () => {
  it('describes the modes, closures, routes and isochrones', async () => {
    const doc = JSON.parse((await get('/ogc/api')).text);
    const names = (path: string) => (doc.paths[path].get.parameters as Array<{ name: string }>).map((p) => p.name);
    expect(names('/api/analysis/route')).toEqual(['from', 'shelter_id', 'mode', 'closures']);
    expect(names('/api/analysis/isochrones')).toEqual(['shelter_id', 'minutes', 'mode', 'closures']);
    expect(names('/api/analysis/catchments')).toEqual(expect.arrayContaining(['mode', 'closures', 'close_zones']));
    expect(names('/api/analysis/coverage')).toEqual(expect.arrayContaining(['mode', 'closures', 'close_zones']));
    expect(names('/api/analysis/nearest-shelter')).toEqual(expect.arrayContaining(['lon', 'lat', 'mode']));
  });
});
