/**
 * Coverage by travel time, per reach: one search per group of shelters sharing a reach, each
 * search serving several lists of points. The river town of the travel tests (walking 1.3990950 m/s on the
 * flat, 0.69444 m/s off the roads), answers worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { reachGroups, travelProbes } from '../../../server/analysis/coverage-travel.ts';
import { usableShelters } from '../../../server/analysis/coverage-shelters.ts';
import { DEFAULT_STANDARDS, serviceMinutes } from '../../../server/analysis/standards.ts';
import type { Travel } from '../../../server/analysis/travel.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { at, minutesWalked, riverWithBridge } from '../routing/support/network.ts';
import { shelter } from './support/travel-features.ts';

describe('coverage by travel time across a river with one bridge', () => {
  const travel: Travel = { graph: buildRoadGraph(riverWithBridge()), mode: 'walk' };
  // Across the river a short-term shelter (20 min), down the south bank an emergency one (10 min).
  const set = usableShelters([shelter(1, at(0, 210), 'short_term', 100), shelter(2, at(-1500, -110), 'emergency', 100)], DEFAULT_STANDARDS);
  const minutes = serviceMinutes(DEFAULT_STANDARDS, 'walk');

  it('makes one group per reach, in the order the shelters come', () => {
    const groups = reachGroups(set, minutes);
    expect(groups.map((g) => [g.reach, g.members])).toEqual([[20, [0]], [10, [1]]]);
  });

  it('probes two lists of points against the same searches', () => {
    // The house at (0, −110): 18.349 min down the bank (10 min reach: 8.349 short), 27.879 min across (20: 7.879 short).
    const [far, near] = travelProbes(set, minutes, travel, [[at(0, -110)], [at(-1400, -110), at(0, -110)]]);
    expect(far.coverJ[0]).toBe(-1);
    expect(far.nearestJ[0]).toBe(1);
    expect(far.nearestMinutes[0]).toBeCloseTo(minutesWalked(1500, 20), 3);
    expect(far.nearestM[0]).toBeCloseTo(1520, 6);
    expect(far.nearestOffroadM[0]).toBeCloseTo(20, 6);
    expect(far.shortfallMinutes[0]).toBeCloseTo(minutesWalked(2300, 20) - 20, 3);
    // A house 100 m from the emergency shelter along the bank: 1.671 min, covered by it.
    expect(near.coverJ[0]).toBe(1);
    expect(near.nearestMinutes[0]).toBeCloseTo(minutesWalked(100, 20), 3);
    expect(Number.isNaN(near.shortfallMinutes[0])).toBe(true);
    // The same answers as probing each list alone.
    expect(near).toEqual(travelProbes(set, minutes, travel, [[at(-1400, -110), at(0, -110)]])[0]);
    expect(far).toEqual(travelProbes(set, minutes, travel, [[at(0, -110)]])[0]);
    expect(near.shortfallMinutes[1]).toBe(far.shortfallMinutes[0]);
  });
});
