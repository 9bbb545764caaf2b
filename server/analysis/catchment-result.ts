/**
 * The result shape of a catchment computation, and the code that builds it from an assignment.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { DemandPoints, DemandType } from './demand-points.ts';
import type { TravelMeasures } from './travel.ts';
import type { Areal, ServiceRadiusM, ShelterFeature, ShelterType } from './types.ts';

/** `no_shelter_within_time`: by travel time, no shelter within its reach; `no_way`: no road leads to any shelter. */
export type UnassignedReason = 'no_shelter_within_radius' | 'no_shelter_within_time' | 'no_way' | 'capacity_exhausted';

export interface CatchmentAssignment {
  demand_id: number;
  demand_type: DemandType;
  residents: number;
  households: number;
  shelter_id: number;
  /** Straight-line metres, or by travel: metres along the way, off-road legs included. */
  distance_m: number;
  /** Within the service reach of the shelter's type (radius, or minutes by travel; always true for method capacity). */
  within_radius: boolean;
  /** By travel only: metres of the way off the roads, and minutes. */
  offroad_m?: number;
  minutes?: number;
}

export interface CatchmentUnassigned {
  demand_id: number;
  demand_type: DemandType;
  residents: number;
  households: number;
  reason: UnassignedReason;
}

export interface CatchmentShelterProps {
  shelter_id: number;
  code: string;
  name: string;
  shelter_type: ShelterType;
  status: string;
  load: number;
  capacity: number;
  /** load / capacity; null when the capacity is 0. */
  utilisation: number | null;
  max_distance_m: number | null;
  mean_distance_m: number | null;
  demand_count: number;
  households: number;
}

export interface CatchmentSummary {
  method: 'nearest' | 'capacity';
  demand_points: number;
  residents: number;
  households: number;
  placed_residents: number;
  unassigned_residents: number;
  /** Residents whose shelter is beyond its service radius (method nearest; 0 for capacity). */
  beyond_radius_residents: number;
  /** Σ residents × distance over placed points, metres (person-metres). */
  total_distance_m: number;
  /** total_distance_m / placed_residents; null when nobody is placed. */
  mean_distance_m: number | null;
  shelters: number;
  shelters_used: number;
  over_capacity_shelters: number;
  /** By travel only: the mode, Σ residents × minutes over placed points and its mean per resident. */
  mode?: 'walk' | 'drive';
  total_minutes?: number;
  mean_minutes?: number | null;
  /** By travel, method nearest: demand the straight line would send to another shelter. */
  straight_line?: { demand_points_changing_shelter: number; households_changing_shelter: number };  /** The roads a what-if closed. */
  closed_roads?: ClosedRoad[];
  /** The what-if closing every road through the hazard zones of some grades. */
  closed_zones?: ZoneClosure;
}

/** What travel adds to an assignment: per demand point minutes and off-road metres, per shelter its reach in minutes. */
export interface AssembledTravel extends TravelMeasures {
  mode: 'walk' | 'drive';
  reachMinutes: Float64Array;
  /** Why a point is unplaced when it had no candidate (default no_shelter_within_time). */
  noCandidateReason?: (i: number) => UnassignedReason;
}

export interface ZoneClosure {
  grades: string[];
  /** Codes of the zones. */
  zones: string[];
  /** How many roads they close. */
  roads: number;
}

export interface ClosedRoad {
  id: number;
  code: string | null;
  name: string | null;
}

export interface CatchmentResult extends FeatureCollection<Areal | null, CatchmentShelterProps> {
  features: (Feature<Areal | null, CatchmentShelterProps> & { id: number })[];
  assignments: CatchmentAssignment[];
  unassigned: CatchmentUnassigned[];
  summary: CatchmentSummary;
}

/**
 * Turns an assignment (shelter position and distance per demand point, −1 when unplaced) into
 * the catchment result: assignments, unassigned with reasons, per-shelter loads and totals.
 * Shared by {@link catchments} and the evacuation plan; geometries are left null for the caller.
 *
 * @example
 * const res = assembleCatchments(demand, shelters, shelterOf, distOf, radiusM, (i) => false, 'capacity');
 */
export function assembleCatchments(
  d: DemandPoints,
  shelters: readonly ShelterFeature[],
  shelterOf: Int32Array,
  distOf: Float64Array,
  radiusM: Float64Array,
  noCandidate: (i: number) => boolean,
  method: 'nearest' | 'capacity',
  travel?: AssembledTravel,
): CatchmentResult {
  const m = shelters.length;
  const load = new Float64Array(m);
  const households = new Float64Array(m);
  const count = new Int32Array(m);
  const maxDist = new Float64Array(m);
  const sumDist = new Float64Array(m);
  const assignments: CatchmentAssignment[] = [];
  const unassigned: CatchmentUnassigned[] = [];
  let residents = 0;
  let totalHouseholds = 0;
  let placed = 0;
  let beyond = 0;
  let total = 0;
  let totalMinutes = 0;
  for (let i = 0; i < d.ids.length; i++) {
    const r = d.residents[i];
    residents += r;
    totalHouseholds += d.households[i];
    const j = shelterOf[i];
    if (j < 0) {
      unassigned.push({
        demand_id: d.ids[i],
        demand_type: d.type[i],
        residents: r,
        households: d.households[i],
        reason: !noCandidate(i) ? 'capacity_exhausted' : travel ? (travel.noCandidateReason?.(i) ?? 'no_shelter_within_time') : 'no_shelter_within_radius',
      });
      continue;
    }
    const dist = distOf[i];
    const within = travel ? travel.minutes[i] <= travel.reachMinutes[j] : dist <= radiusM[j];
    if (travel) totalMinutes += r * travel.minutes[i];
    if (!within) beyond += r;
    placed += r;
    total += r * dist;
    load[j] += r;
    households[j] += d.households[i];
    count[j]++;
    maxDist[j] = Math.max(maxDist[j], dist);
    sumDist[j] += r * dist;
    assignments.push({
      demand_id: d.ids[i],
      demand_type: d.type[i],
      residents: r,
      households: d.households[i],
      shelter_id: shelters[j].id,
      distance_m: round1(dist),
      within_radius: within,
      ...(travel ? { offroad_m: round1(travel.offroad_m[i]), minutes: round1(travel.minutes[i]) } : {}),
    });
  }
  let used = 0;
  let over = 0;
  const features = shelters.map((s, j) => {
    const cap = s.properties.capacity;
    if (count[j] > 0) used++;
    if (load[j] > cap) over++;
    return {
      type: 'Feature' as const,
      id: s.id,
      geometry: null as Areal | null,
      properties: {
        shelter_id: s.id,
        code: s.properties.code,
        name: s.properties.name,
        shelter_type: s.properties.shelter_type,
        status: s.properties.status,
        load: load[j],
        capacity: cap,
        utilisation: cap > 0 ? round3(load[j] / cap) : null,
        max_distance_m: count[j] > 0 ? round1(maxDist[j]) : null,
        mean_distance_m: load[j] > 0 ? round1(sumDist[j] / load[j]) : null,
        demand_count: count[j],
        households: households[j],
      },
    };
  });
  return {
    type: 'FeatureCollection',
    features,
    assignments,
    unassigned,
    summary: {
      method,
      demand_points: d.ids.length,
      residents,
      households: totalHouseholds,
      placed_residents: placed,
      unassigned_residents: residents - placed,
      beyond_radius_residents: beyond,
      total_distance_m: round1(total),
      mean_distance_m: placed > 0 ? round1(total / placed) : null,
      shelters: m,
      shelters_used: used,
      over_capacity_shelters: over,
      ...(travel ? { mode: travel.mode, total_minutes: round1(totalMinutes), mean_minutes: placed > 0 ? round1(totalMinutes / placed) : null } : {}),
    },
  };
}

/** The service radius of a shelter's type; throws on a type without one. */
export function radiusFor(s: ShelterFeature, radii: ServiceRadiusM): number {
  const r = radii[s.properties.shelter_type];
  if (!(r >= 0)) throw new RangeError(`no service radius for shelter type "${String(s.properties.shelter_type)}" (shelter ${s.id})`);
  return r;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
