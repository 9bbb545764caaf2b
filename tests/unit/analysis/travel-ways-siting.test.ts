/**
 * The evacuation plan's lines and shelter siting by travel time, across a river with one bridge
 * (tests/unit/routing/support/network.ts draws it in metres). Walking on the flat is Tobler's
 * 5.0367 km/h = 1.3990950 m/s, off the roads 2.5 km/h = 0.69444 m/s.
 *
 * The river runs along y = 0: the south bank road (y = −100) and the north bank road (y = +200),
 * from x = −2000 to 2000, meet only at the bridge at x = 1000.
 */
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { evacuationPlan } from '../../../server/analysis/evacuation-plan.ts';
import { siting } from '../../../server/analysis/siting.ts';
import { DEFAULT_STANDARDS, serviceRadii } from '../../../server/analysis/standards.ts';
import type { Travel } from '../../../server/analysis/travel.ts';
import type { VillageFeature } from '../../../server/analysis/types.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { shelter, site } from './support/travel-features.ts';
import { FLAT_WALK_MPS, OFFROAD_MPS, at, road, xy } from '../routing/support/network.ts';

const empty = { type: 'FeatureCollection' as const, features: [] };
const collection = <F>(features: F[]) => ({ type: 'FeatureCollection' as const, features });
const minutesWalked = (roadM: number, offroadM: number) => (roadM / FLAT_WALK_MPS + offroadM / OFFROAD_MPS) / 60;

function candidate(id: number, p: Position): VillageFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: p }, properties: { code: `V${id}`, town_code: 'T1', name: `村${id}`, population: 0, households: 0 } };
}

const graph = buildRoadGraph([
  road({ id: 1, name: '南岸路', road_class: 'county' }, at(-2000, -100), at(1000, -100), at(2000, -100)),
  road({ id: 2, name: '北岸路', road_class: 'county' }, at(-2000, 200), at(1000, 200), at(2000, 200)),
  road({ id: 3, name: '信宜大桥', road_class: 'county', bridge: true }, at(1000, -100), at(1000, 200)),
]);
const walk: Travel = { graph, mode: 'walk' };

/** Metres east and north of each position of a line, to the nearest metre. */
const drawn = (line: Position[]) => line.map((p) => xy(p).map((v) => Math.round(v)));

describe("the evacuation plan's lines follow the roads", () => {
  // A house at (0, −110), 320 m across the river from its shelter at (0, 210).
  const house = site(7, at(0, -110), 10, 3, 'high');
  const area: Polygon = { type: 'Polygon', coordinates: [[at(-100, -200), at(100, -200), at(100, -50), at(-100, -50), at(-100, -200)]] };
  const plan = (travel?: Travel) =>
    evacuationPlan({
      warningArea: area,
      sites: [house],
      shelters: [shelter(1, at(0, 210), 'long_term', 100)],
      depots: empty, zones: empty, towns: empty,
      serviceRadiusM: serviceRadii(DEFAULT_STANDARDS),
      travel,
    });

  it('on foot: over the bridge, 1000 + 300 + 1000 m of road and 2 × 10 m off it = 2320 m, 27.879 min', () => {
    expect(minutesWalked(2300, 20)).toBeCloseTo(27.879, 3);
    const p = plan(walk);
    expect(p.summary.lines).toBe('roads');
    const line = p.features[0];
    expect(drawn(line.geometry.coordinates)).toEqual([[0, -110], [0, -100], [1000, -100], [1000, 200], [0, 200], [0, 210]]);
    expect(line.properties).toEqual({ demand_id: 7, shelter_id: 1, residents: 10, households: 3, distance_m: 2320, minutes: 27.9, length_m: 2320, offroad_m: 20 });
  });

  it('by car the same way, its minutes those of the assignment', () => {
    const p = plan({ graph, mode: 'drive' });
    expect(drawn(p.features[0].geometry.coordinates)).toEqual([[0, -110], [0, -100], [1000, -100], [1000, 200], [0, 200], [0, 210]]);
    expect(p.features[0].properties).toMatchObject({ length_m: 2320, offroad_m: 20, minutes: p.assignments[0].minutes });
  });

  it('straight lines keep the straight line', () => {
    const p = plan();
    expect(p.summary.lines).toBe('straight');
    expect(drawn(p.features[0].geometry.coordinates)).toEqual([[0, -110], [0, 210]]);
    expect(p.features[0].properties.length_m).toBeUndefined();
  });
});

/**
 * Siting one emergency shelter (500 m, 10 minutes' walk). Sites: the house H (0, −110) with 10
 * residents, S8 (−300, 190) on the north bank with 4, S9 (2000, −110) with 6. Candidates: A
 * (0, 210) across from H, B (−600, −110) down H's bank. Today's shelter 5 (2000, 210) stands 320 m
 * across from S9.
 *
 * By radius: shelter 5 covers S9; A covers H (320 m) and S8 (301 m), B only S8 (424 m; H is
 * 600 m away): A is picked, all 20 residents covered.
 * By walking time nothing is covered today (S9 → 5 goes over the bridge: 2300 m, 27.9 min);
 * H → B is 600 m of road and 20 m off it, 7.627 min; S8 → A 300 m and 20 m, 4.054 min; H → A
 * 27.879 min and S8 → B (3200 m) are beyond 10. B covers 10 residents, A 4: B is picked.
 */
describe('siting by walking time across the river', () => {
  const input = {
    count: 1,
    shelterType: 'emergency' as const,
    sites: collection([site(7, at(0, -110), 10, 3, 'high'), site(8, at(-300, 190), 4, 1, 'high'), site(9, at(2000, -110), 6, 2, 'high')]),
    villages: collection([candidate(1, at(0, 210)), candidate(2, at(-600, -110))]),
    shelters: collection([shelter(5, at(2000, 210), 'emergency', 100)]),
    zones: empty,
  };

  it('works the ways by hand', () => {
    expect(minutesWalked(600, 20)).toBeCloseTo(7.627, 3);
    expect(minutesWalked(300, 20)).toBeCloseTo(4.054, 3);
    expect(minutesWalked(2300, 20)).toBeGreaterThan(10);
  });

  it('by radius: picks A, across the river from the house', () => {
    const res = siting(input);
    expect(res.picks.features[0].properties).toMatchObject({ candidate_id: 1, marginal_gain: 14, covered_site_ids: [8, 7] });
    expect(res.before).toMatchObject({ residents: 20, residents_covered: 6 });
    expect(res.after).toMatchObject({ residents_covered: 20, covered_pct: 100 });
    expect(res.mode).toBeUndefined();
    expect(res.straight_line).toBeUndefined();
  });

  it('by walking time: picks B, down the house’s own bank, and counts what the radii would have covered', () => {
    const res = siting({ ...input, travel: walk });
    expect(res.picks.features[0].properties).toMatchObject({ candidate_id: 2, marginal_gain: 10, covered_site_ids: [7], service_radius_m: 500, service_minutes: 10 });
    expect(res.before).toEqual({ sites: 3, residents: 20, residents_covered: 0, residents_uncovered: 20, covered_pct: 0 });
    expect(res.after).toMatchObject({ residents_covered: 10, covered_pct: 50 });
    expect(res.mode).toBe('walk');
    // S9 is within 500 m of shelter 5 but 27.9 min from it; S8 is within 500 m of B but not within its minutes.
    expect(res.straight_line).toEqual({ newly_uncovered_sites: 1, newly_uncovered_residents: 6, picks_radius_not_time_sites: 1, picks_radius_not_time_residents: 4 });
  });

  it('a candidate off the roads reaches them by its off-road leg: B 200 m south of the road is 600 + 210 m from H', () => {
    // 600 m of road, 10 + 200 m off it: 7.148 + 5.040 = 12.187 min, beyond 10; A then covers S8 alone.
    expect(minutesWalked(600, 210)).toBeCloseTo(12.187, 3);
    const res = siting({ ...input, villages: collection([candidate(1, at(0, 210)), candidate(2, at(-600, -300))]), travel: walk });
    expect(res.picks.features[0].properties).toMatchObject({ candidate_id: 1, marginal_gain: 4, covered_site_ids: [8] });
  });
});
