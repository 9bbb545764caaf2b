/**
 * The travel helpers on a river with one bridge (tests/unit/routing/support/network.ts draws it
 * in metres). Walking on the flat is Tobler's 1.3990950 m/s, off the roads 0.69444 m/s.
 *
 * South bank road y = −100, north bank road y = +200, the bridge at x = 1000. The house at
 * (0, −110); shelter 0 across the river at (0, 210): 1000 + 300 + 1000 m of road and 2 × 10 m off
 * it = 2320 m, 27.879 min; shelter 1 down the bank at (−1500, −110): 1500 + 20 m = 1520 m, 18.349 min.
 */
import { describe, expect, it } from 'vitest';
import { ANALYSIS_MODES, chosenMeasures, nearestByTravel, positionsOf, travelCandidates, type Travel } from '../../../server/analysis/travel.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { FLAT_WALK_MPS, OFFROAD_MPS, at, road } from '../routing/support/network.ts';

const minutesWalked = (roadM: number, offroadM: number) => (roadM / FLAT_WALK_MPS + offroadM / OFFROAD_MPS) / 60;

const graph = buildRoadGraph([
  road({ id: 1, name: '南岸路', road_class: 'county' }, at(-2000, -100), at(1000, -100), at(2000, -100)),
  road({ id: 2, name: '北岸路', road_class: 'county' }, at(-2000, 200), at(1000, 200), at(2000, 200)),
  road({ id: 3, name: '信宜大桥', road_class: 'county', bridge: true }, at(1000, -100), at(1000, 200)),
]);
const walk: Travel = { graph, mode: 'walk' };
const house = at(0, -110);
const shelters = [at(0, 210), at(-1500, -110)];
const acrossMin = minutesWalked(2300, 20);
const alongMin = minutesWalked(1500, 20);

describe('travel', () => {
  it('offers walk, drive and the straight line, and reads positions off point features', () => {
    expect(acrossMin).toBeCloseTo(27.879, 3);
    expect(alongMin).toBeCloseTo(18.349, 3);
    expect([...ANALYSIS_MODES]).toEqual(['walk', 'drive', 'straight']);
    expect(positionsOf([{ geometry: { coordinates: [110.9, 22.3] } }])).toEqual([[110.9, 22.3]]);
  });

  it('nearestByTravel picks the shelter down the bank, not the one 320 m across the river', () => {
    const near = nearestByTravel(walk, shelters, [house]);
    expect(near.shelter[0]).toBe(1);
    expect(near.minutes[0]).toBeCloseTo(alongMin, 3);
    expect(near.distance_m[0]).toBeCloseTo(1520, 0);
    expect(near.offroad_m[0]).toBeCloseTo(20, 0);
  });

  it('travelCandidates lists the shelters in reach quickest first, and drops one beyond its own minutes', () => {
    const both = travelCandidates(walk, shelters, [house], [30, 20], 5);
    expect([...both.candidates.start]).toEqual([0, 2]);
    expect([...both.candidates.shelter]).toEqual([1, 0]);
    expect(both.candidates.distance[0]).toBeCloseTo(alongMin, 3);
    expect(both.candidates.distance[1]).toBeCloseTo(acrossMin, 3);
    expect([...both.metres].map(Math.round)).toEqual([1520, 2320]);
    expect([...both.offroad].map(Math.round)).toEqual([20, 20]);
    // Shelter 0 given only 25 minutes: 27.879 is beyond them.
    const near = travelCandidates(walk, shelters, [house], [25, 20], 5);
    expect([...near.candidates.shelter]).toEqual([1]);
  });

  it('chosenMeasures reads back the chosen way, and NaN for a point left unplaced', () => {
    const c = travelCandidates(walk, shelters, [house, house], [30, 20], 5);
    const m = chosenMeasures(Int32Array.from([0, -1]), c);
    expect(m.metres[0]).toBeCloseTo(2320, 0);
    expect(m.minutes[0]).toBeCloseTo(acrossMin, 3);
    expect(m.offroad_m[0]).toBeCloseTo(20, 0);
    expect([m.metres[1], m.minutes[1], m.offroad_m[1]]).toEqual([NaN, NaN, NaN]);
  });
});
