/**
 * Shelter catchments: which shelter serves each demand point (a risk site or a village), and
 * the area each shelter serves.
 *
 * - `method: "nearest"` — every demand point goes to its nearest shelter, capacity ignored
 *   (loads may exceed capacity: `over_capacity_shelters` counts them, and `within_radius`
 *   tells whether the point is within that shelter's service radius). The
 *   polygons are the shelters' Voronoi cells clipped to `options.boundary` (the city outline;
 *   without one, to the data's extent plus 10 %); see {@link shelterVoronoi} for the
 *   projection used. A shelter whose cell falls outside the boundary gets a null geometry.
 * - `method: "capacity"` — a demand point goes whole to one shelter (households are never
 *   split), only to a shelter within the service radius of that shelter's type, and no
 *   shelter takes more than its capacity; most residents placed first, then least total
 *   distance (see {@link assignWithCapacity}). What cannot be placed is listed in `unassigned`
 *   with the reason. The polygon of a shelter is the convex hull of the shelter and its
 *   assigned points, widened by `hullMarginM` (50 m) so that one or two points still make an
 *   area; hulls of neighbouring shelters may overlap.
 *
 * Distances are great-circle metres (see great-circle.ts), or with `options.travel` metres along
 * the roads, off-road legs included, with minutes and a reach in minutes per type (see byTravel).
 * `summary.total_distance_m` is the distance walked by all placed residents together,
 * Σ residents × distance (person-metres, the quantity the capacity method minimises by straight
 * lines; by travel it minimises person-minutes), and `mean_distance_m` is that total per placed
 * resident; a shelter's `mean_distance_m` is weighted by residents the same way.
 *
 * @example
 * const c = catchments(riskSites, openShelters, { method: 'capacity', serviceRadiusM });
 * c.summary.placed_residents; c.unassigned[0]?.reason; // 'capacity_exhausted'
 * const v = catchments(villages, openShelters, { method: 'nearest', boundary: cityOutline });
 */
import type { Feature, Point, Position } from 'geojson';
import { assignWithCapacity } from './capacity-assign.ts';
import { catchmentHull } from './catchment-hull.ts';
import { demandPoints, type DemandFeature, type DemandPoints, type DemandType } from './demand-points.ts';
import { nearestIndex } from './nearest-index.ts';
import { shelterCandidates } from './shelter-candidates.ts';
import { shelterVoronoi } from './shelter-voronoi.ts';
import { assembleCatchments, radiusFor, type CatchmentResult } from './catchment-result.ts';
import { chosenMeasures, nearestByTravel, positionsOf, travelCandidates, type Travel } from './travel.ts';
import type { Areal, ServiceRadiusM, ShelterFeature } from './types.ts';

export type * from './catchment-result.ts';

/** Service radius per shelter type when the caller passes none (GB 51143-2015 style defaults). */
export const DEFAULT_SERVICE_RADIUS_M: Readonly<ServiceRadiusM> = { emergency: 500, short_term: 1000, mid_term: 1500, long_term: 2500 };

export interface CatchmentOptions {
  method: 'nearest' | 'capacity';
  /** nearest: clip the cells to this area (the city outline, the union of towns). */
  boundary?: Areal | Feature<Areal> | null;
  /** Reach of a shelter by type; defaults to {@link DEFAULT_SERVICE_RADIUS_M}. */
  serviceRadiusM?: ServiceRadiusM;
  /** Read every demand feature as this type (default: risk site if it has `residents`). */
  demandType?: DemandType;
  /** capacity: candidate shelters kept per demand point, nearest first (default 64). */
  maxCandidates?: number;
  /** capacity: widening of the hull polygons in metres (default 50). */
  hullMarginM?: number;
  /** Measure by travel along the roads instead of straight lines (reach then in `serviceMinutes`). */
  travel?: Travel;
  /** travel: reach of a shelter by type, minutes (required with `travel`). */
  serviceMinutes?: ServiceRadiusM;
}

/**
 * @param demand risk sites or villages (points; not mutated)
 * @param shelters the shelters to use, already filtered by the caller (e.g. open and standby)
 */
export function catchments(
  demand: { features: readonly DemandFeature[] } | readonly DemandFeature[],
  shelters: { features: readonly ShelterFeature[] } | readonly ShelterFeature[],
  options: CatchmentOptions,
): CatchmentResult {
  const demandList = 'features' in demand ? demand.features : demand;
  const shelterList = 'features' in shelters ? shelters.features : shelters;
  const radii = options.serviceRadiusM ?? DEFAULT_SERVICE_RADIUS_M;
  const d = demandPoints(demandList, options.demandType);
  const radiusM = Float64Array.from(shelterList, (s) => radiusFor(s, radii));
  const n = d.ids.length;
  if (options.travel) return byTravel(d, shelterList, radiusM, options, options.travel);
  const index = nearestIndex(shelterList);

  let shelterOf: Int32Array;
  let distOf: Float64Array;
  let noCandidate: (i: number) => boolean;
  if (options.method === 'nearest') {
    shelterOf = new Int32Array(n).fill(-1);
    distOf = new Float64Array(n).fill(NaN);
    const hitDist = new Float64Array(1);
    let guess = 0; // running mean of nearest distances: a good first box for the next point
    for (let i = 0; i < n; i++) {
      const j = index.nearestGuess(d.lon[i], d.lat[i], guess * 1.5, hitDist);
      if (j < 0) continue;
      shelterOf[i] = j;
      distOf[i] = hitDist[0];
      guess = guess === 0 ? hitDist[0] : 0.9 * guess + 0.1 * hitDist[0];
    }
    noCandidate = () => true;
  } else if (options.method === 'capacity') {
    const cands = shelterCandidates(d, index, radiusM, options.maxCandidates ?? 64);
    const res = assignWithCapacity({ residents: d.residents, capacity: shelterList.map((s) => s.properties.capacity), candidates: cands });
    shelterOf = res.shelter;
    distOf = res.distance;
    noCandidate = (i) => cands.start[i + 1] === cands.start[i];
  } else {
    throw new RangeError(`catchments: unknown method "${String((options as { method: unknown }).method)}"`);
  }

  const result = assembleCatchments(d, shelterList, shelterOf, distOf, radiusM, noCandidate, options.method);
  const geometries =
    options.method === 'nearest'
      ? shelterVoronoi(shelterList, options.boundary ?? null)
      : hulls(d, shelterList, shelterOf, options.hullMarginM ?? 50);
  result.features.forEach((f, j) => {
    f.geometry = geometries[j];
  });
  return result;
}

/**
 * The same answer by travel time: nearest by minutes along the roads, or under capacity within
 * each type's reach in minutes. A site with no way to any shelter is unassigned (`no_way`).
 * The nearest method's summary also says how many sites and households the straight line
 * would have sent to another shelter.
 */
function byTravel(d: DemandPoints, shelterList: readonly ShelterFeature[], radiusM: Float64Array, options: CatchmentOptions, travel: Travel): CatchmentResult {
  if (!options.serviceMinutes) throw new RangeError('catchments: serviceMinutes is required with travel');
  const minutesOf = options.serviceMinutes;
  const reachMinutes = Float64Array.from(shelterList, (s) => radiusFor(s, minutesOf));
  const points = Array.from(d.lon, (lon, i) => [lon, d.lat[i]]);
  const shelterPos = positionsOf(shelterList);
  let result: CatchmentResult;
  let shelterOf: Int32Array;
  if (options.method === 'nearest') {
    const near = nearestByTravel(travel, shelterPos, points);
    shelterOf = near.shelter;
    result = assembleCatchments(d, shelterList, near.shelter, near.distance_m, radiusM, () => true, 'nearest', {
      mode: travel.mode,
      reachMinutes,
      minutes: near.minutes,
      offroad_m: near.offroad_m,
      noCandidateReason: () => 'no_way',
    });
    const index = nearestIndex(shelterList);
    let changed = 0;
    let households = 0;
    // The straight-line nearest, searched from a box as wide as the last answers (as the straight method does).
    const hitDist = new Float64Array(1);
    let guess = 0;
    for (let i = 0; i < d.ids.length; i++) {
      if (near.shelter[i] < 0) continue;
      const straight = index.nearestGuess(d.lon[i], d.lat[i], guess * 1.5, hitDist);
      if (straight < 0) continue;
      guess = guess === 0 ? hitDist[0] : 0.9 * guess + 0.1 * hitDist[0];
      if (straight === near.shelter[i]) continue;
      changed++;
      households += d.households[i];
    }
    result.summary.straight_line = { demand_points_changing_shelter: changed, households_changing_shelter: households };
  } else {
    const c = travelCandidates(travel, shelterPos, points, reachMinutes, options.maxCandidates ?? 16);
    const res = assignWithCapacity({ residents: d.residents, capacity: shelterList.map((s) => s.properties.capacity), candidates: c.candidates });
    shelterOf = res.shelter;
    const m = chosenMeasures(res.shelter, c);
    result = assembleCatchments(d, shelterList, res.shelter, m.metres, radiusM, (i) => c.candidates.start[i + 1] === c.candidates.start[i], 'capacity', {
      mode: travel.mode,
      reachMinutes,
      minutes: m.minutes,
      offroad_m: m.offroad_m,
    });
  }
  // Who travels where is not a Voronoi cell: both methods draw the hull of the points served.
  const geometries = hulls(d, shelterList, shelterOf, options.hullMarginM ?? 50);
  result.features.forEach((f, j) => {
    f.geometry = geometries[j];
  });
  return result;
}

function hulls(d: DemandPoints, shelters: readonly ShelterFeature[], shelterOf: Int32Array, marginM: number): Areal[] {
  const groups: Position[][] = shelters.map(() => []);
  for (let i = 0; i < shelterOf.length; i++) if (shelterOf[i] >= 0) groups[shelterOf[i]].push([d.lon[i], d.lat[i]]);
  return shelters.map((s: Feature<Point, unknown>, j) => catchmentHull(s.geometry.coordinates, groups[j], marginM));
}
