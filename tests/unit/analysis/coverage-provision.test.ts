import { describe, expect, it } from 'vitest';
import { pct, provision, round } from '../../../server/analysis/coverage-provision.ts';
import { usableShelters } from '../../../server/analysis/coverage-shelters.ts';
import { DEFAULT_STANDARDS } from '../../../server/analysis/standards.ts';
import type { ShelterFeature, ShelterType } from '../../../server/analysis/types.ts';

const shelter = (id: number, type: ShelterType, capacity: number, area: number | null): ShelterFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9 + id / 100, 22.3] },
  properties: { code: `S${id}`, name: `S${id}`, shelter_type: type, level: 'town', capacity, effective_area_m2: area, status: 'open' },
});

// emergency 0.5 m² a person, short-term 2 m² (the reference type by default)
const set = usableShelters([shelter(1, 'emergency', 100, 60), shelter(2, 'short_term', 50, 80), shelter(3, 'short_term', 30, null)], DEFAULT_STANDARDS);

describe('provision', () => {
  it('adds up places and area, and the places the area allows at each type’s standard', () => {
    // standard capacity: min(100, ⌊60 ÷ 0.5⌋ = 120) + min(50, ⌊80 ÷ 2⌋ = 40) = 140; shelter 3 has no area
    const p = provision([0, 1, 2], set, 120, DEFAULT_STANDARDS);
    expect(p).toMatchObject({ usable_shelters: 3, capacity: 180, effective_area_m2: 140, standard_capacity: 140, shelters_below_area_standard: 1, shelters_without_area: 1 });
  });

  it('measures per resident against the reference type: 180 places and 140 m² for 120 people', () => {
    const p = provision([0, 1, 2], set, 120, DEFAULT_STANDARDS);
    // 1.5 places each (enough); 1.167 m² each, below short-term's 2 m²
    expect(p).toMatchObject({ capacity_per_resident: 1.5, area_per_resident_m2: 1.167, area_standard_m2: 2, capacity_ok: true, area_ok: false });
  });

  it('has no per-resident figures for nobody', () => {
    expect(provision([], set, 0, DEFAULT_STANDARDS)).toMatchObject({ usable_shelters: 0, capacity_per_resident: null, area_per_resident_m2: null, capacity_ok: true, area_ok: true });
  });
});

describe('round and pct', () => {
  it('round to the digits asked, pct to one decimal with null for an empty whole', () => {
    expect(round(2 / 3, 3)).toBe(0.667);
    expect(pct(200, 245)).toBe(81.6);
    expect(pct(1, 0)).toBeNull();
  });
});
