/**
 * Which households a candidate shelter would serve by walking time, on a river with one bridge
 * (tests/unit/routing/support/network.ts: south bank road y = −100, north bank road y = +200, the
 * bridge at x = 1000; Tobler on the flat 1.3990950 m/s, off the roads 0.69444 m/s). Worked by hand:
 * - candidate 0 across the river at (0, 210): house 0 at (0, −110) walks 2300 m + 20 m off = 27.9 min;
 *   house 1 at (−1000, −110) walks 3300 m + 20 m off = 39.8 min;
 * - candidate 1 down the bank at (−1500, −110): house 0 walks 1500 m + 20 m = 18.3 min, house 1
 *   walks 500 m + 20 m = 6.4 min.
 */
import { describe, expect, it } from 'vitest';
import { travelCoverRows } from '../../../server/analysis/siting-travel.ts';
import type { Travel } from '../../../server/analysis/travel.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { at, minutesWalked, riverWithBridge } from '../routing/support/network.ts';

const walk: Travel = { graph: buildRoadGraph(riverWithBridge()), mode: 'walk' };
const candidates = [at(0, 210), at(-1500, -110)];
const houses = [at(0, -110), at(-1000, -110)];
const rowsOf = (r: { start: Int32Array; cover: Int32Array }) => [...r.start.slice(0, -1)].map((s, c) => [...r.cover.subarray(s, r.start[c + 1])]);

describe('travelCoverRows', () => {
  it('the worked times', () => {
    expect(minutesWalked(2300, 20)).toBeCloseTo(27.88, 2);
    expect(minutesWalked(3300, 20)).toBeCloseTo(39.79, 2);
    expect(minutesWalked(1500, 20)).toBeCloseTo(18.35, 2);
    expect(minutesWalked(500, 20)).toBeCloseTo(6.44, 2);
  });

  it('within 20 minutes: the candidate across the river serves nobody, the one down the bank both houses, quickest first', () => {
    expect(rowsOf(travelCoverRows(walk, candidates, houses, 20))).toEqual([[], [1, 0]]);
  });

  it('within 30 minutes: the bridge brings house 0 within reach of the candidate across the river', () => {
    expect(rowsOf(travelCoverRows(walk, candidates, houses, 30))).toEqual([[0], [1, 0]]);
  });

  it('answers empty rows without candidates or households', () => {
    expect(travelCoverRows(walk, [], houses, 30)).toEqual({ start: Int32Array.from([0]), cover: new Int32Array(0) });
    expect(rowsOf(travelCoverRows(walk, candidates, [], 30))).toEqual([[], []]);
  });
});
