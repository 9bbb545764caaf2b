/**
 * The ways of "who goes where" on a river with one bridge (tests/unit/routing/support/network.ts):
 * south bank road y = −100, north bank road y = +200, the bridge at x = 1000. The house (0, −110)
 * goes to the shelter across the river at (0, 210): 10 m down to the road, 1000 m east, 300 m over
 * the bridge, 1000 m back west, 10 m up: 2320 m, 20 m of them off the roads, 27.879 min on foot,
 * though the straight line is 320 m.
 */
import { describe, expect, it } from 'vitest';
import { assignmentWays, positionsById } from '../../../server/analysis/assignment-ways.ts';
import type { Travel } from '../../../server/analysis/travel.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { at, minutesWalked, riverWithBridge, xy } from '../routing/support/network.ts';

const walk: Travel = { graph: buildRoadGraph(riverWithBridge()), mode: 'walk' };
const demandAt = positionsById([
  { id: 7, geometry: { coordinates: at(0, -110) } },
  { id: 8, geometry: null },
]);
const shelterAt = positionsById([{ id: 100, geometry: { coordinates: at(0, 210) } }]);

describe('assignmentWays', () => {
  it('draws the way over the bridge, with its own length, off-road metres and minutes', () => {
    const ways = assignmentWays(walk, [{ demand_id: 7, shelter_id: 100 }], demandAt, shelterAt);
    const way = ways.get(7)!;
    expect(way.length_m).toBeCloseTo(2320, 0);
    expect(way.offroad_m).toBeCloseTo(20, 0);
    expect(way.minutes).toBeCloseTo(minutesWalked(2300, 20), 2);
    const metres = way.coordinates.map(xy);
    // From the house to the shelter, through both ends of the bridge (kept by the 5 m simplification).
    expect(metres[0][0]).toBeCloseTo(0, 0);
    expect(metres[0][1]).toBeCloseTo(-110, 0);
    expect(metres.at(-1)![1]).toBeCloseTo(210, 0);
    for (const [x, y] of [[1000, -100], [1000, 200]]) expect(metres.some(([mx, my]) => Math.hypot(mx - x, my - y) < 1)).toBe(true);
  });

  it('leaves out an assignment whose point or shelter has no position', () => {
    const ways = assignmentWays(walk, [{ demand_id: 8, shelter_id: 100 }, { demand_id: 7, shelter_id: 999 }], demandAt, shelterAt);
    expect(ways.size).toBe(0);
    expect([...demandAt.keys()]).toEqual([7]);
  });

  it('finds no way when the minutes given are far below the way\'s (the search is bounded by them)', () => {
    const ways = assignmentWays(walk, [{ demand_id: 7, shelter_id: 100, minutes: 5 }], demandAt, shelterAt);
    expect(ways.has(7)).toBe(false);
  });
});
