/**
 * Travel along the roads for the analyses: a road graph, a mode (walk or drive) and a what-if
 * mask of closed roads. An analysis given no travel measures straight lines, as it always has.
 *
 * @example
 * const travel = { graph: buildRoadGraph(roads.features), mode: 'walk' as const };
 * const near = nearestByTravel(travel, shelterPositions, sitePositions);
 * near.shelter[0], near.minutes[0], near.distance_m[0], near.offroad_m[0];
 */
import { kNearestShelters } from '../routing/k-nearest.ts';
import { nearestShelters, type NearestShelters } from '../routing/nearest-shelters.ts';
import type { RoadGraph } from '../routing/road-graph.ts';
import { shelterField } from '../routing/shelter-field.ts';
import { snapPoints } from '../routing/snap.ts';
import type { LonLat } from '../routing/types.ts';
import type { CandidateLists } from './capacity-assign.ts';

export const ANALYSIS_MODES = ['walk', 'drive', 'straight'] as const;
export type AnalysisMode = (typeof ANALYSIS_MODES)[number];

export interface Travel {
  graph: RoadGraph;
  mode: 'walk' | 'drive';
  /** What-if closures (1 = the edge is impassable), from closureMask. */
  blocked?: Uint8Array | null;
}

/** Per shelter or demand point, what travel measures besides the metres. */
export interface TravelMeasures {
  /** Minutes along the way, off-road legs included; NaN where not placed. */
  minutes: Float64Array;
  /** Metres of the way that are off-road (to the network and from it to the shelter). */
  offroad_m: Float64Array;
}

/** Each point's nearest shelter by travel time (−1 where no way exists). */
export function nearestByTravel(travel: Travel, shelters: readonly LonLat[], points: readonly LonLat[]): NearestShelters {
  const field = shelterField(travel.graph, shelters, { mode: travel.mode, blocked: travel.blocked });
  return nearestShelters(travel.graph, field, points);
}

/**
 * For each point, the shelters it can reach within their own reach (minutes per shelter), quickest
 * first, as candidate rows whose "distance" is minutes: the capacity assignment then minimises
 * person-minutes. `metres` and `offroad` give each entry's way in metres.
 */
export function travelCandidates(
  travel: Travel,
  shelters: readonly LonLat[],
  points: readonly LonLat[],
  reachMinutes: ArrayLike<number>,
  maxCandidates: number,
): { candidates: CandidateLists; metres: Float64Array; offroad: Float64Array } {
  let maxReach = 0;
  for (let j = 0; j < reachMinutes.length; j++) maxReach = Math.max(maxReach, reachMinutes[j]);
  const k = Math.max(1, Math.min(255, maxCandidates, shelters.length));
  const n = points.length;
  const start = new Int32Array(n + 1);
  if (shelters.length === 0 || n === 0) return { candidates: { start, shelter: new Int32Array(0), distance: new Float64Array(0) }, metres: new Float64Array(0), offroad: new Float64Array(0) };
  // Snapped once: the search and the off-road metres below read the same snaps.
  const pointSnaps = snapPoints(travel.graph, points, travel.mode, travel.blocked);
  const near = kNearestShelters(travel.graph, shelters, points, { mode: travel.mode, blocked: travel.blocked, k, maxMinutes: maxReach, demandSnaps: pointSnaps });
  const shelterSnaps = snapPoints(travel.graph, shelters, travel.mode, travel.blocked);
  const shelter: number[] = [];
  const minutes: number[] = [];
  const metres: number[] = [];
  const offroad: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < near.count[i]; m++) {
      const o = i * k + m;
      const j = near.shelter[o];
      if (!(near.minutes[o] <= reachMinutes[j])) continue; // beyond this shelter type's reach
      shelter.push(j);
      minutes.push(near.minutes[o]);
      metres.push(near.distance_m[o]);
      offroad.push((pointSnaps[i]?.offroadM ?? 0) + (shelterSnaps[j]?.offroadM ?? 0));
    }
    start[i + 1] = shelter.length;
  }
  return {
    candidates: { start, shelter: Int32Array.from(shelter), distance: Float64Array.from(minutes) },
    metres: Float64Array.from(metres),
    offroad: Float64Array.from(offroad),
  };
}

/** Metres and travel measures of the chosen shelter of each point, read back from its candidate row. */
export function chosenMeasures(
  chosen: Int32Array,
  c: { candidates: CandidateLists; metres: Float64Array; offroad: Float64Array },
): { metres: Float64Array } & TravelMeasures {
  const n = chosen.length;
  const out = { metres: new Float64Array(n).fill(NaN), minutes: new Float64Array(n).fill(NaN), offroad_m: new Float64Array(n).fill(NaN) };
  for (let i = 0; i < n; i++) {
    if (chosen[i] < 0) continue;
    for (let e = c.candidates.start[i]; e < c.candidates.start[i + 1]; e++) {
      if (c.candidates.shelter[e] !== chosen[i]) continue;
      out.metres[i] = c.metres[e];
      out.minutes[i] = c.candidates.distance[e];
      out.offroad_m[i] = c.offroad[e];
      break;
    }
  }
  return out;
}

export function positionsOf(features: readonly { geometry: { coordinates: readonly number[] } }[]): LonLat[] {
  return features.map((f) => f.geometry.coordinates);
}
