/**
 * "Who goes where" along the roads: for each placed demand point, the way to its shelter (off-road
 * leg, road path, the shelter's off-road leg), as a line small enough for a province's plan. One
 * search per used shelter serves all its points (ways-to-shelter.ts); each line is simplified to
 * 5 m and its positions rounded to 6 decimals (0.1 m), while length_m, offroad_m and minutes are
 * the way's own, measured before simplifying. Past MAX_WAYS points the lines stay straight: the
 * caller says so.
 *
 * @example
 * const ways = assignmentWays(travel, plan.assignments, positionsById(sites), positionsById(shelters));
 * ways.get(siteId)?.coordinates; ways.get(siteId)?.length_m;
 */
import { lineString, simplify } from '@turf/turf';
import type { Position } from 'geojson';
import { waysToShelter } from '../routing/ways-to-shelter.ts';
import type { LonLat } from '../routing/types.ts';
import type { Travel } from './travel.ts';

/** Most ways drawn along the roads in one answer (each needs its part of a search). */
export const MAX_WAYS = 20_000;

/** About 5 m in degrees of latitude: detail below it does not show on a planner's map. */
const TOLERANCE_DEG = 5 / 111_320;

export interface AssignmentWay {
  coordinates: Position[];
  length_m: number;
  offroad_m: number;
  minutes: number;
}

/** Who goes where: an assignment names its demand point and its shelter, and by travel its minutes. */
export interface WayAssignment {
  demand_id: number;
  shelter_id: number;
  /** Minutes to the shelter (rounded to 0.1 or not): they bound the shelter's search. */
  minutes?: number;
}

/** The way of each assignment along the roads, by demand id (missing where none was found). */
export function assignmentWays(travel: Travel, assignments: readonly WayAssignment[], demandAt: ReadonlyMap<number, LonLat>, shelterAt: ReadonlyMap<number, LonLat>): Map<number, AssignmentWay> {
  const out = new Map<number, AssignmentWay>();
  const byShelter = new Map<number, WayAssignment[]>();
  for (const a of assignments) {
    if (!demandAt.has(a.demand_id) || !shelterAt.has(a.shelter_id)) continue;
    const list = byShelter.get(a.shelter_id);
    if (list) list.push(a);
    else byShelter.set(a.shelter_id, [a]);
  }
  for (const [shelterId, members] of byShelter) {
    // 0.1 min of slack: the minutes may come rounded.
    let farthest = 0;
    for (const a of members) farthest = Math.max(farthest, (a.minutes ?? Infinity) + 0.1);
    const ways = waysToShelter(travel.graph, shelterAt.get(shelterId) as LonLat, members.map((a) => demandAt.get(a.demand_id) as LonLat), {
      mode: travel.mode,
      blocked: travel.blocked,
      maxMinutes: Number.isFinite(farthest) ? farthest : undefined,
    });
    ways.forEach((w, k) => {
      if (!w || w.properties.minutes === null) return;
      out.set(members[k].demand_id, { coordinates: compact(w.geometry.coordinates), length_m: w.properties.length_m, offroad_m: w.properties.offroad_m, minutes: w.properties.minutes });
    });
  }
  return out;
}

/** Positions by id, for {@link assignmentWays}. */
export function positionsById(features: readonly { id: number; geometry: { coordinates: LonLat } | null }[]): Map<number, LonLat> {
  return new Map(features.flatMap((f) => (f.geometry ? [[f.id, f.geometry.coordinates] as const] : [])));
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function compact(line: Position[]): Position[] {
  const simple = line.length > 2 ? simplify(lineString(line), { tolerance: TOLERANCE_DEG, highQuality: true }).geometry.coordinates : line;
  return simple.map((p) => [r6(p[0]), r6(p[1])]);
}
