/**
 * "Where do I go?": the nearest usable shelter that does not stand in a high or very-high
 * hazard zone, with the straight line to it, its distance and the walking time.
 *
 * @example
 * const find = safeShelterFinder(shelters.features, zones.features, DEFAULT_STANDARDS);
 * find(110.94, 22.35); // { shelter, distance_m: 412.7, walking_minutes: 7, line, excluded_unsafe: 1 }
 */
import type { Feature, LineString } from 'geojson';
import { routeToShelter } from '../routing/route.ts';
import { unsafeShelters } from './coverage-unsafe.ts';
import { greatCircleM } from './great-circle.ts';
import { nearestIndex } from './nearest-index.ts';
import { nearestShelters } from '../routing/nearest-shelters.ts';
import { shelterField } from '../routing/shelter-field.ts';
import { positionsOf, type Travel } from './travel.ts';
import type { Standards } from './standards.ts';
import type { HazardZoneFeature, ShelterFeature } from './types.ts';

/** An unhurried walk, including the elderly and children: 4 km/h (documented assumption). */
export const WALKING_SPEED_M_PER_MIN = 4000 / 60;

export interface SafeShelterAnswer {
  shelter: ShelterFeature;
  distance_m: number;
  walking_minutes: number;
  /** The way to go: the straight line, or by travel the route along the roads. */
  line: Feature<LineString, { distance_m: number; offroad_m?: number; minutes?: number; roads?: string[] }>;
  /** Usable shelters nearer than the answer that were passed over as unsafe. */
  excluded_unsafe: number;
  /** By travel only: the mode, minutes along the way (walking_minutes is then these, rounded up) and metres off the roads. */
  mode?: 'walk' | 'drive';
  minutes?: number;
  offroad_m?: number;
}

/**
 * Builds the finder once per set of shelters and zones (the expensive part), then answers
 * each position with a nearest-neighbour search. Inputs are not mutated.
 */
export function safeShelterFinder(
  shelters: readonly ShelterFeature[],
  zones: readonly HazardZoneFeature[],
  standards: Readonly<Standards>,
  travel?: Travel,
): (lon: number, lat: number) => SafeShelterAnswer | null {
  const usableStatuses = new Set<string>(standards.usable_statuses);
  const usable = shelters.filter((s) => usableStatuses.has(s.properties.status));
  const { unsafe } = unsafeShelters(usable, zones, standards);
  const index = nearestIndex(usable);
  const byTravel = travel ? travelFinder(usable, unsafe, travel) : null;
  return (lon, lat) => {
    const answer = byTravel?.(lon, lat);
    if (answer) return answer;
    const hit = index.nearest(lon, lat, Infinity, (_s, i) => !unsafe.has(i));
    if (!hit) return null;
    const excluded = index.around(lon, lat, Infinity, hit.distance_m, (_s, i) => unsafe.has(i)).length;
    const distance_m = Math.round(hit.distance_m * 10) / 10;
    return {
      shelter: hit.feature,
      distance_m,
      walking_minutes: Math.max(1, Math.ceil(hit.distance_m / WALKING_SPEED_M_PER_MIN)),
      line: { type: 'Feature', geometry: { type: 'LineString', coordinates: [[lon, lat], hit.feature.geometry.coordinates] }, properties: { distance_m } },
      excluded_unsafe: excluded,
    };
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The quickest safe shelter along the roads and the route to it; null where no way leads to one
 * (the finder then answers with the straight line). Unsafe shelters passed over are those a route
 * reaches sooner, among the ones no farther in a straight line than the answer is along its way.
 */
function travelFinder(usable: readonly ShelterFeature[], unsafe: ReadonlySet<number>, travel: Travel): (lon: number, lat: number) => SafeShelterAnswer | null {
  const safe = usable.filter((_s, i) => !unsafe.has(i));
  const unsafeList = usable.filter((_s, i) => unsafe.has(i));
  const options = { mode: travel.mode, blocked: travel.blocked };
  // One search from every safe shelter, then each position only snaps and looks up its edge's ends.
  const field = shelterField(travel.graph, positionsOf(safe), options);
  return (lon, lat) => {
    const near = nearestShelters(travel.graph, field, [[lon, lat]]);
    const k = near.shelter[0];
    if (k < 0) return null;
    const shelter = safe[k];
    const route = routeToShelter(travel.graph, [lon, lat], shelter.geometry.coordinates, options);
    if (!route) return null;
    const minutes = route.properties.minutes ?? near.minutes[0];
    const distance_m = round1(route.properties.length_m);
    let excluded = 0;
    for (const u of unsafeList) {
      const [x, y] = u.geometry.coordinates;
      if (greatCircleM(lon, lat, x, y) > route.properties.length_m) continue;
      const other = routeToShelter(travel.graph, [lon, lat], u.geometry.coordinates, options);
      if (other && (other.properties.minutes ?? Infinity) < minutes) excluded++;
    }
    return {
      shelter,
      distance_m,
      walking_minutes: Math.max(1, Math.ceil(minutes)),
      line: { type: 'Feature', geometry: route.geometry, properties: { distance_m, offroad_m: round1(route.properties.offroad_m), minutes: round1(minutes), roads: route.properties.roads } },
      excluded_unsafe: excluded,
      mode: travel.mode,
      minutes: round1(minutes),
      offroad_m: round1(route.properties.offroad_m),
    };
  };
}
