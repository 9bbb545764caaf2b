/**
 * The catchment answer's `lines` (asked with `lines=roads`): who goes where, each line the way
 * along the roads from the demand point to its shelter, for the planner's map.
 */
import type { FeatureCollection, LineString } from 'geojson';
import { assignmentWays, positionsById } from './assignment-ways.ts';
import type { CatchmentAssignment } from './catchment-result.ts';
import type { Travel } from './travel.ts';

export interface CatchmentLineProps {
  demand_id: number;
  shelter_id: number;
  residents: number;
  within_radius: boolean;
  length_m: number;
  offroad_m: number;
  minutes: number;
}

type Located = { id: number; geometry: { coordinates: number[] } | null };

export function catchmentLines(travel: Travel, assignments: readonly CatchmentAssignment[], demand: readonly Located[], shelters: readonly Located[]): FeatureCollection<LineString, CatchmentLineProps> {
  const ways = assignmentWays(travel, assignments, positionsById(demand), positionsById(shelters));
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    type: 'FeatureCollection',
    features: assignments.flatMap((a) => {
      const w = ways.get(a.demand_id);
      if (!w) return [];
      return [
        {
          type: 'Feature' as const,
          id: a.demand_id,
          geometry: { type: 'LineString' as const, coordinates: w.coordinates },
          properties: { demand_id: a.demand_id, shelter_id: a.shelter_id, residents: a.residents, within_radius: a.within_radius, length_m: r1(w.length_m), offroad_m: r1(w.offroad_m), minutes: r1(w.minutes) },
        },
      ];
    }),
  };
}
