/**
 * Loads the hand-worked tiny city (tests/fixtures/tiny-city, described in its README) as
 * typed collections. Each call returns fresh objects, so a test may freeze or compare them.
 *
 * @example
 * const city = tinyCity(); city.shelters.features[0].properties.capacity; // 30
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  DepotCollection,
  HazardZoneCollection,
  RiskSiteCollection,
  ShelterCollection,
  TownCollection,
  VillageCollection,
} from '../../../../server/analysis/types.ts';

const dir = fileURLToPath(new URL('../../../fixtures/tiny-city/', import.meta.url));
const read = <T>(name: string): T => JSON.parse(readFileSync(`${dir}${name}.geojson`, 'utf8')) as T;

export function tinyCity() {
  return {
    towns: read<TownCollection>('towns'),
    villages: read<VillageCollection>('villages'),
    sites: read<RiskSiteCollection>('risk_sites'),
    shelters: read<ShelterCollection>('shelters'),
    depots: read<DepotCollection>('depots'),
    zones: read<HazardZoneCollection>('hazard_zones'),
  };
}

/** Metres per degree of latitude on the 6,371,008.8 m sphere: north–south distances in the fixture are exact multiples. */
export const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;

/** Deep-freezes a value so that any write by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
