/**
 * Shelter provision of an area (a town, the city) against the standard: places and effective
 * area of its usable shelters per resident to be sheltered.
 *
 * - `standard_capacity`: persons the shelters may hold at their own type's area per person,
 *   Σ min(capacity, effective area ÷ area per person); a shelter with no recorded area adds
 *   nothing (it cannot be checked) and is counted in `shelters_without_area`.
 * - `area_ok`: effective area per resident ≥ the area per person of the reference type
 *   (`town_area_reference_type`, short-term by default).
 * - `capacity_ok`: places ≥ residents.
 *
 * @example
 * provision([0, 2], shelterSet, 1200, standards);
 * // { usable_shelters: 2, capacity: 1500, capacity_per_resident: 1.25, area_ok: true, ... }
 */
import type { ShelterSet } from './coverage-shelters.ts';
import type { Standards } from './standards.ts';

export interface ProvisionFigures {
  usable_shelters: number;
  capacity: number;
  effective_area_m2: number;
  standard_capacity: number;
  /** Shelters whose effective area per place is below their type's area per person. */
  shelters_below_area_standard: number;
  shelters_without_area: number;
  /** Places per resident; null when there is nobody to shelter. */
  capacity_per_resident: number | null;
  /** Effective area per resident, m²; null when there is nobody to shelter. */
  area_per_resident_m2: number | null;
  /** The yardstick: area per person of the reference shelter type. */
  area_standard_m2: number;
  capacity_ok: boolean;
  area_ok: boolean;
}

/**
 * @param shelters positions in `set` of the area's usable shelters
 * @param residents people the area must shelter
 */
export function provision(shelters: Iterable<number>, set: ShelterSet, residents: number, standards: Readonly<Standards>): ProvisionFigures {
  let count = 0, capacity = 0, area = 0, standardCapacity = 0, below = 0, without = 0;
  for (const j of shelters) {
    count++;
    capacity += set.capacity[j];
    area += set.area[j];
    const perPerson = standards.shelter_types[set.features[j].properties.shelter_type].area_per_person_m2;
    if (set.area[j] > 0) {
      standardCapacity += Math.min(set.capacity[j], Math.floor(set.area[j] / perPerson));
      if (set.area[j] < set.capacity[j] * perPerson) below++;
    } else {
      without++;
    }
  }
  const areaStandard = standards.shelter_types[standards.town_area_reference_type].area_per_person_m2;
  return {
    usable_shelters: count,
    capacity,
    effective_area_m2: round(area, 1),
    standard_capacity: standardCapacity,
    shelters_below_area_standard: below,
    shelters_without_area: without,
    capacity_per_resident: residents > 0 ? round(capacity / residents, 3) : null,
    area_per_resident_m2: residents > 0 ? round(area / residents, 3) : null,
    area_standard_m2: areaStandard,
    capacity_ok: capacity >= residents,
    area_ok: area >= residents * areaStandard,
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Per cent with one decimal; null when the whole is zero. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? round((100 * part) / whole, 1) : null;
}
