import { describe, expect, it } from 'vitest';
import { assignWithCapacity, type CapacityProblem } from '../../../server/analysis/capacity-assign.ts';
import { catchments } from '../../../server/analysis/catchments.ts';
import { evacuationPlan } from '../../../server/analysis/evacuation-plan.ts';
import type { ShelterFeature } from '../../../server/analysis/types.ts';
import { COUNTY, randomCity } from '../../fixtures/tiny-city-coverage/random-city.ts';
import { crowdedInstance, handProblem, hugeInstance, smallInstance } from './support/capacity-instances.ts';
import { readCityLayers } from '../../fixtures/tiny-city.ts';
import { expectGolden } from './support/golden.ts';

const GOLDEN = 'tests/fixtures/golden/capacity-assign';
const RADII = { emergency: 500, short_term: 1000, mid_term: 1500, long_term: 2500 };
const DOUBLE_RADII = { emergency: 1000, short_term: 2000, mid_term: 3000, long_term: 5000 };

/** One problem's answer: the shelter of each point and the objective, to the last digit. */
function answer(p: CapacityProblem) {
  const res = assignWithCapacity(p);
  let placed = 0;
  let cost = 0;
  for (let i = 0; i < res.shelter.length; i++) {
    if (res.shelter[i] < 0) continue;
    placed += p.residents[i];
    cost += p.residents[i] * res.distance[i];
  }
  return { shelter: Array.from(res.shelter), placed, cost };
}

const usable = (shelters: readonly ShelterFeature[]) => shelters.filter((s) => s.properties.status === 'open' || s.properties.status === 'standby');

describe('assignWithCapacity', () => {
  it('gives point 0 its second choice when point 1 can only go to shelter 0', () => {
    // points of 5; shelter 0 has 5 places, shelter 1 has 10; point 0 lists shelter 0 at 100 m and
    // shelter 1 at 300 m, point 1 only shelter 0 at 200 m: both placed, 2,500 person-metres
    const res = assignWithCapacity(handProblem([5, 5], [5, 10], [[[0, 100], [1, 300]], [[0, 200]]]));
    expect(Array.from(res.shelter)).toEqual([1, 0]);
    expect(Array.from(res.distance)).toEqual([300, 200]);
  });

  it('leaves a point without candidates unplaced, with no distance', () => {
    const res = assignWithCapacity(handProblem([5, 2], [5], [[[0, 100]], []]));
    expect(Array.from(res.shelter)).toEqual([0, -1]);
    expect(res.distance[1]).toBeNaN();
  });

  it('solves groups that share no shelter each on its own', () => {
    // two copies of the first case, on shelters 0–1 and 2–3
    const res = assignWithCapacity(handProblem([5, 5, 5, 5], [5, 10, 5, 10], [[[0, 100], [1, 300]], [[0, 200]], [[2, 100], [3, 300]], [[2, 200]]]));
    expect(Array.from(res.shelter)).toEqual([1, 0, 3, 2]);
  });

  it('rejects candidate rows that do not match the points', () => {
    const p = handProblem([5, 5], [5], [[[0, 100]], [[0, 100]]]);
    expect(() => assignWithCapacity({ ...p, residents: [5] })).toThrow(RangeError);
  });
});

describe('assignWithCapacity gives exactly the recorded answers (seeded tie-breaks included)', () => {
  it('on 300 small random problems', () => {
    expectGolden(`${GOLDEN}/small-random.json`, Array.from({ length: 300 }, (_, k) => ({ seed: k + 1, ...answer(smallInstance(k + 1)) })));
  });

  it('on 40 crowded random problems', () => {
    expectGolden(`${GOLDEN}/crowded-random.json`, Array.from({ length: 40 }, (_, k) => ({ seed: k + 1, ...answer(crowdedInstance(k + 1)) })));
  });

  it('on a huge single group', () => {
    expectGolden(`${GOLDEN}/huge-random.json`, [{ seed: 1, ...answer(hugeInstance(1)) }]);
  });

  it('on the county sample: risk sites and villages to usable shelters, and an evacuation plan', () => {
    const county = readCityLayers('data/sample/county', { numberIds: true });
    const shelters = usable(county.shelters.features);
    const pairs = (r: { assignments: { demand_id: number; shelter_id: number }[] }) => r.assignments.map((a) => [a.demand_id, a.shelter_id]);
    const sites = catchments(county.sites, shelters, { method: 'capacity', serviceRadiusM: RADII });
    const villages = catchments(county.villages, shelters, { method: 'capacity', serviceRadiusM: RADII });
    // a 0.2° × 0.2° warning area round the median site, as in the benchmark
    const xs = county.sites.features.map((f) => f.geometry.coordinates[0]).sort((a, b) => a - b);
    const ys = county.sites.features.map((f) => f.geometry.coordinates[1]).sort((a, b) => a - b);
    const [x, y] = [xs[xs.length >> 1], ys[ys.length >> 1]];
    const warningArea = { type: 'Polygon' as const, coordinates: [[[x - 0.1, y - 0.1], [x + 0.1, y - 0.1], [x + 0.1, y + 0.1], [x - 0.1, y + 0.1], [x - 0.1, y - 0.1]]] };
    const plan = evacuationPlan({ ...county, warningArea, serviceRadiusM: RADII });
    expectGolden(`${GOLDEN}/county-sample.json`, {
      risk_sites: { summary: sites.summary, assignments: pairs(sites) },
      villages: { summary: villages.summary, assignments: pairs(villages) },
      evacuation: { summary: plan.summary, assignments: pairs(plan) },
    });
  });

  it('on three random counties with twice the service radius (more competition for places)', () => {
    const out = [7, 8, 9].map((seed) => {
      const city = randomCity(seed, COUNTY);
      const res = catchments(city.sites, usable(city.shelters.features), { method: 'capacity', serviceRadiusM: DOUBLE_RADII });
      return { seed, summary: res.summary, assignments: res.assignments.map((a) => [a.demand_id, a.shelter_id]) };
    });
    expectGolden(`${GOLDEN}/random-county.json`, out);
  });

  it('records answers that place people at all', () => {
    // guards the golden files themselves: an empty answer recorded by mistake would pass forever
    expect(answer(crowdedInstance(1)).placed).toBeGreaterThan(0);
  });
});
