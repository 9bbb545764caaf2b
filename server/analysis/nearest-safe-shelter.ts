/**
 * "Where do I go?": the nearest usable shelter that does not stand in a high or very-high
 * hazard zone, with the straight line to it, its distance and the walking time.
 *
 * @example
 * const find = safeShelterFinder(shelters.features, zones.features, DEFAULT_STANDARDS);
 * find(110.94, 22.35); // { shelter, distance_m: 412.7, walking_minutes: 7, line, excluded_unsafe: 1 }
 */
import type { Feature, LineString } from 'geojson';
import { unsafeShelters } from './coverage-unsafe.ts';
import { nearestIndex } from './nearest-index.ts';
import type { Standards } from './standards.ts';
import type { HazardZoneFeature, ShelterFeature } from './types.ts';

/** An unhurried walk, including the elderly and children: 4 km/h (documented assumption). */
export const WALKING_SPEED_M_PER_MIN = 4000 / 60;

export interface SafeShelterAnswer {
  shelter: ShelterFeature;
  distance_m: number;
  walking_minutes: number;
  line: Feature<LineString, { distance_m: number }>;
  /** Usable shelters nearer than the answer that were passed over as unsafe. */
  excluded_unsafe: number;
}

/**
 * Builds the finder once per set of shelters and zones (the expensive part), then answers
 * each position with a nearest-neighbour search. Inputs are not mutated.
 */
export function safeShelterFinder(
  shelters: readonly ShelterFeature[],
  zones: readonly HazardZoneFeature[],
  standards: Readonly<Standards>,
): (lon: number, lat: number) => SafeShelterAnswer | null {
  const usableStatuses = new Set<string>(standards.usable_statuses);
  const usable = shelters.filter((s) => usableStatuses.has(s.properties.status));
  const { unsafe } = unsafeShelters(usable, zones, standards);
  const index = nearestIndex(usable);
  return (lon, lat) => {
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
