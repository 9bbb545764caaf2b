/**
 * The analyses by travel time on hand-made networks (tests/unit/routing/support/network.ts draws
 * them in metres), with every answer worked out by hand. Walking on the flat is Tobler's
 * 5.0367 km/h = 1.3990950 m/s, off the roads 2.5 km/h = 0.69444 m/s.
 */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { catchments } from '../../../server/analysis/catchments.ts';
import { coverage } from '../../../server/analysis/coverage.ts';
import { evacuationPlan } from '../../../server/analysis/evacuation-plan.ts';
import { safeShelterFinder } from '../../../server/analysis/nearest-safe-shelter.ts';
import { DEFAULT_STANDARDS, parseStandards, serviceMinutes, serviceRadii } from '../../../server/analysis/standards.ts';
import type { Travel } from '../../../server/analysis/travel.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { shelter, site } from './support/travel-features.ts';
import { closureMask } from '../../../server/routing/closures.ts';
import { FLAT_WALK_MPS, OFFROAD_MPS, at, road } from '../routing/support/network.ts';

const empty = { type: 'FeatureCollection' as const, features: [] };
const minutesWalked = (roadM: number, offroadM: number) => (roadM / FLAT_WALK_MPS + offroadM / OFFROAD_MPS) / 60;

/**
 * A river along y = 0: the south bank road (y = −100) and the north bank road (y = +200) meet
 * only at a bridge at x = 1000. A house at (0, −110) has shelter 1 across the river at (0, 210),
 * 320 m in a straight line, and shelter 2 down its own bank at (−1500, −110), 1500 m away.
 */
describe('catchments across a river with one bridge', () => {
  const graph = buildRoadGraph([
    road({ id: 1, name: '南岸路', road_class: 'county' }, at(-2000, -100), at(1000, -100), at(2000, -100)),
    road({ id: 2, name: '北岸路', road_class: 'county' }, at(-2000, 200), at(1000, 200), at(2000, 200)),
    road({ id: 3, name: '信宜大桥', road_class: 'county', bridge: true }, at(1000, -100), at(1000, 200)),
  ]);
  const travel: Travel = { graph, mode: 'walk' };
  const house = site(7, at(0, -110), 10, 3);
  // Across: 1000 + 300 + 1000 m of road, 10 m off-road at each end = 27.879 min over 2320 m.
  const acrossMin = minutesWalked(2300, 20);
  // Down the bank: 1500 m of road and 2 × 10 m off-road = 18.349 min over 1520 m.
  const alongMin = minutesWalked(1500, 20);

  it('works the two ways out by hand', () => {
    expect(acrossMin).toBeCloseTo(27.879, 3);
    expect(alongMin).toBeCloseTo(18.349, 3);
  });

  it('method nearest: the straight line sends the house across the river, travel time down its own bank', () => {
    const shelters = [shelter(1, at(0, 210), 'short_term', 100), shelter(2, at(-1500, -110), 'short_term', 100)];
    const straight = catchments([house], shelters, { method: 'nearest', serviceRadiusM: serviceRadii(DEFAULT_STANDARDS) });
    expect(straight.assignments[0].shelter_id).toBe(1);
    expect(straight.assignments[0].distance_m).toBeCloseTo(320, -1); // great circle on the sphere: 321.3
    expect(straight.assignments[0].minutes).toBeUndefined();

    const res = catchments([house], shelters, { method: 'nearest', serviceRadiusM: serviceRadii(DEFAULT_STANDARDS), travel, serviceMinutes: serviceMinutes(DEFAULT_STANDARDS, 'walk') });
    // short_term reach: 20 minutes' walk; 18.349 min is within it.
    expect(res.assignments[0]).toEqual({ demand_id: 7, demand_type: 'risk_site', residents: 10, households: 3, shelter_id: 2, distance_m: 1520, offroad_m: 20, minutes: 18.3, within_radius: true });
    expect(res.summary).toMatchObject({ mode: 'walk', placed_residents: 10, total_distance_m: 15200, straight_line: { demand_points_changing_shelter: 1, households_changing_shelter: 3 } });
    expect(res.summary.total_minutes).toBeCloseTo(Math.round(10 * alongMin * 10) / 10, 6);
  });

  it('method capacity: with no room down the bank, the house crosses the bridge (27.879 min, within 30 for mid-term)', () => {
    const shelters = [shelter(1, at(0, 210), 'mid_term', 100), shelter(2, at(-1500, -110), 'mid_term', 5)];
    const res = catchments([house], shelters, { method: 'capacity', serviceRadiusM: serviceRadii(DEFAULT_STANDARDS), travel, serviceMinutes: serviceMinutes(DEFAULT_STANDARDS, 'walk') });
    expect(res.assignments).toEqual([{ demand_id: 7, demand_type: 'risk_site', residents: 10, households: 3, shelter_id: 1, distance_m: 2320, offroad_m: 20, minutes: 27.9, within_radius: true }]);
    expect(res.unassigned).toEqual([]);
  });

  it('method capacity: an emergency shelter (10 minutes) reaches nobody here, although one is 320 m away', () => {
    const shelters = [shelter(1, at(0, 210), 'emergency', 100), shelter(2, at(-1500, -110), 'emergency', 100)];
    const straight = catchments([house], shelters, { method: 'capacity', serviceRadiusM: serviceRadii(DEFAULT_STANDARDS) });
    expect(straight.assignments[0].shelter_id).toBe(1);
    const res = catchments([house], shelters, { method: 'capacity', serviceRadiusM: serviceRadii(DEFAULT_STANDARDS), travel, serviceMinutes: serviceMinutes(DEFAULT_STANDARDS, 'walk') });
    expect(res.unassigned).toEqual([{ demand_id: 7, demand_type: 'risk_site', residents: 10, households: 3, reason: 'no_shelter_within_time' }]);
  });

  it('"where do I go?" gives the way along the bank, with its roads', () => {
    const shelters = [shelter(1, at(0, 210), 'short_term', 100), shelter(2, at(-1500, -110), 'short_term', 100)];
    const answer = safeShelterFinder(shelters, [], DEFAULT_STANDARDS, travel)(house.geometry.coordinates[0], house.geometry.coordinates[1])!;
    expect(answer.shelter.id).toBe(2);
    expect(answer).toMatchObject({ mode: 'walk', distance_m: 1520, offroad_m: 20, minutes: 18.3, walking_minutes: 19, excluded_unsafe: 0 });
    expect(answer.line.properties.roads).toEqual(['南岸路']);
    expect(answer.line.geometry.coordinates).toHaveLength(4); // house, its road point, the shelter's road point, the shelter
  });
});

/**
 * A one-way street A (0, 0) → B (1000, 0), township road, paved: 30 km/h. The way back from B
 * to A is the two-way loop over (500, 1000): 2 × 1118.034 m = 2236.07 m, 4.472 min by car.
 */
describe('an evacuation by car on a one-way street', () => {
  const graph = buildRoadGraph([
    road({ id: 1, name: '单行街', road_class: 'township', oneway: true }, at(0, 0), at(1000, 0)),
    road({ id: 2, name: '环城路', road_class: 'township' }, at(0, 0), at(500, 1000), at(1000, 0)),
  ]);
  const travel: Travel = { graph, mode: 'drive' };
  const around = (x: number): Polygon => ({ type: 'Polygon', coordinates: [[at(x - 100, -100), at(x + 100, -100), at(x + 100, 100), at(x - 100, 100), at(x - 100, -100)]] });
  const plan = (from: number, to: number, maxMinutes: number) =>
    evacuationPlan({
      warningArea: around(from),
      sites: [site(1, at(from, 0), 6, 2)],
      shelters: [shelter(9, at(to, 0), 'long_term', 50)],
      depots: empty, zones: empty, towns: empty,
      serviceRadiusM: serviceRadii(DEFAULT_STANDARDS),
      travel,
      maxMinutes,
    });

  it('drives from A to B with the one-way street in 2 minutes', () => {
    const p = plan(0, 1000, 5);
    expect(p.assignments[0]).toMatchObject({ shelter_id: 9, distance_m: 1000, offroad_m: 0, minutes: 2 });
    expect(p.summary).toMatchObject({ mode: 'drive', reach: { mode: 'drive', max_minutes: 5 }, placed_residents: 6 });
  });

  it('drives from B to A round the loop: 4.472 min, so a 4-minute limit strands the household', () => {
    expect((2 * Math.hypot(500, 1000)) / (30 / 3.6) / 60).toBeCloseTo(4.472, 3);
    const p = plan(1000, 0, 5);
    expect(p.assignments[0]).toMatchObject({ shelter_id: 9, distance_m: 2236.1, minutes: 4.5 });
    expect(p.features[0].properties.minutes).toBe(4.5);
    const cut = plan(1000, 0, 4);
    expect(cut.assignments).toEqual([]);
    expect(cut.unassigned).toEqual([{ demand_id: 1, demand_type: 'risk_site', residents: 6, households: 2, reason: 'no_shelter_within_time' }]);
    expect(cut.shelters).toEqual([]);
  });
});

/**
 * A house at A (0, 0) and a long-term shelter at B (2000, 0): village roads A–M–B straight (2000 m,
 * 23.825 min on foot), or a track over (1000, 800): 2 × 1280.625 m = 2561.25 m, 30.511 min.
 * The shelter's walking reach is set to 30 minutes; its radius stays 2500 m.
 */
describe('coverage with a closed road', () => {
  const roads = (closed: boolean) => [
    road({ id: 1, code: 'R1', name: '甲路', road_class: 'village', closed }, at(0, 0), at(1000, 0)),
    road({ id: 2, code: 'R2', name: '乙路', road_class: 'village' }, at(1000, 0), at(2000, 0)),
    road({ id: 3, code: 'R3', name: '山路', road_class: 'track' }, at(0, 0), at(1000, 800), at(2000, 0)),
  ];
  const standards = parseStandards({ shelter_types: { long_term: { service_walk_minutes: 30 } } });
  const run = (travel?: Travel) =>
    coverage({
      sites: { type: 'FeatureCollection', features: [site(4, at(0, 0), 12, 4)] },
      villages: empty, depots: empty, zones: empty, towns: empty,
      shelters: { type: 'FeatureCollection', features: [shelter(9, at(2000, 0), 'long_term', 50)] },
      standards,
      options: { travel },
    });

  it('works the two ways by hand', () => {
    expect(minutesWalked(2000, 0)).toBeCloseTo(23.825, 3);
    expect(minutesWalked(2 * Math.hypot(1000, 800), 0)).toBeCloseTo(30.511, 3);
  });

  it('covers the house while the road is open, by radius and by time', () => {
    expect(run().summary.city.uncovered_sites).toBe(0);
    const open = run({ graph: buildRoadGraph(roads(false)), mode: 'walk' });
    expect(open.summary.city.uncovered_sites).toBe(0);
    expect(open.summary.straight_line).toEqual({ newly_uncovered_sites: 0, newly_uncovered_residents: 0, newly_uncovered_villages: 0, newly_uncovered_population: 0 });
  });

  it('reports the house beyond the time limit once road 1 is closed, in the layer or as a what-if', () => {
    const marked = run({ graph: buildRoadGraph(roads(true)), mode: 'walk' });
    const graph = buildRoadGraph(roads(false));
    const whatIf = run({ graph, mode: 'walk', blocked: closureMask(graph, { roadIds: [1] }) });
    for (const res of [marked, whatIf]) {
      expect(res.summary.city).toMatchObject({ uncovered_sites: 1, uncovered_residents: 12 });
      expect(res.uncovered.features[0].properties).toMatchObject({
        source_id: 4, nearest_shelter_id: 9, nearest_distance_m: 2561.2, nearest_minutes: 30.5, offroad_m: 0, shortfall_minutes: 0.5, shortfall_m: null,
      });
      expect(res.summary.straight_line).toEqual({ newly_uncovered_sites: 1, newly_uncovered_residents: 12, newly_uncovered_villages: 0, newly_uncovered_population: 0 });
      expect(res.summary.parameters).toMatchObject({ mode: 'walk', service_minutes: { long_term: 30 } });
      expect(res.gap_areas.features).toHaveLength(1);
    }
  });
});
