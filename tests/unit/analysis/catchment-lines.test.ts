/**
 * The catchment answer's lines on a river with one bridge (tests/unit/routing/support/network.ts):
 * the house (0, −110) goes to the shelter across the river (0, 210) by the bridge at x = 1000:
 * 2320 m along the way, 20 m of them off the roads, 27.879 min on foot (rounded: 27.9).
 */
import { describe, expect, it } from 'vitest';
import { catchmentLines } from '../../../server/analysis/catchment-lines.ts';
import type { CatchmentAssignment } from '../../../server/analysis/catchment-result.ts';
import type { Travel } from '../../../server/analysis/travel.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { at, riverWithBridge } from '../routing/support/network.ts';

const walk: Travel = { graph: buildRoadGraph(riverWithBridge()), mode: 'walk' };
const demand = [
  { id: 7, geometry: { coordinates: at(0, -110) } },
  { id: 8, geometry: null },
];
const shelters = [{ id: 100, geometry: { coordinates: at(0, 210) } }];
const assigned = (demand_id: number): CatchmentAssignment => ({ demand_id, demand_type: 'risk_site', residents: 4, households: 1, shelter_id: 100, distance_m: 2320, within_radius: true });

describe('catchmentLines', () => {
  it('gives one line per household with a way: who, where, how many, and the way\'s figures to 0.1', () => {
    const lines = catchmentLines(walk, [assigned(7)], demand, shelters);
    expect(lines.features).toHaveLength(1);
    const [line] = lines.features;
    expect(line.id).toBe(7);
    expect(line.geometry.type).toBe('LineString');
    expect(line.properties).toEqual({ demand_id: 7, shelter_id: 100, residents: 4, within_radius: true, length_m: 2320, offroad_m: 20, minutes: 27.9 });
  });

  it('draws nothing for a household without a position', () => {
    expect(catchmentLines(walk, [assigned(8)], demand, shelters).features).toEqual([]);
  });
});
