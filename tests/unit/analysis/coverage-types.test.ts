import { describe, expect, it } from 'vitest';
import { coverage } from '../../../server/analysis/coverage.ts';
import type { CityCoverageFigures, CoverageSummary, GapAreaProps, OverloadedProps, TownCoverageFigures, UncoveredProps } from '../../../server/analysis/coverage-types.ts';
import { tinyCity } from '../../fixtures/tiny-city.ts';

// Each list must name exactly the fields of its type (the compiler checks that), and the answer
// must carry exactly those fields (this test checks that): a client reading the documented
// shape finds every field and nothing undocumented.
const fields = <T>(keys: Record<keyof T, true>) => Object.keys(keys).sort();
// Straight lines (these tests): the travel-only fields are absent.
const UNCOVERED = fields<Omit<UncoveredProps, 'nearest_minutes' | 'offroad_m' | 'shortfall_minutes'>>({
  demand_type: true, source_id: true, code: true, name: true, town_code: true, residents: true, households: true,
  nearest_shelter_id: true, nearest_shelter_code: true, nearest_shelter_type: true, nearest_distance_m: true, shortfall_m: true,
});
const OVERLOADED = fields<OverloadedProps>({
  source_id: true, code: true, name: true, town_code: true, shelter_type: true, status: true,
  capacity: true, load: true, excess: true, load_ratio: true, demand_points: true,
});
const GAP_AREA = fields<Omit<GapAreaProps, 'cell'>>({
  cells: true, area_km2: true, uncovered_residents: true, uncovered_sites: true, uncovered_village_population: true, uncovered_villages: true, town_codes: true,
});
const FIGURES: Record<keyof Omit<CityCoverageFigures, 'towns' | 'towns_beyond_town_depot' | 'towns_beyond_city_depot' | 'unassigned_sites' | 'unassigned_villages' | 'unassigned_shelters'>, true> = {
  risk_sites: true, residents: true, uncovered_sites: true, uncovered_residents: true, covered_residents_pct: true,
  villages: true, village_population: true, uncovered_villages: true, uncovered_village_population: true, covered_village_population_pct: true,
  usable_shelters: true, capacity: true, effective_area_m2: true, standard_capacity: true, shelters_below_area_standard: true, shelters_without_area: true,
  capacity_per_resident: true, area_per_resident_m2: true, area_standard_m2: true, capacity_ok: true, area_ok: true,
  overloaded_shelters: true, unsafe_shelters: true, villages_beyond_depot: true, gap_cells: true,
};
const TOWN = fields<Omit<TownCoverageFigures, keyof typeof FIGURES>>({ town_depot_distance_m: true, city_depot_distance_m: true, town_depot_ok: true, city_depot_ok: true });
const CITY = fields<Omit<CityCoverageFigures, keyof typeof FIGURES>>({
  towns: true, towns_beyond_town_depot: true, towns_beyond_city_depot: true, unassigned_sites: true, unassigned_villages: true, unassigned_shelters: true,
});
const SUMMARY = fields<Omit<CoverageSummary, 'straight_line' | 'closed_roads' | 'closed_zones'>>({ city: true, parameters: true, counts: true });

describe('the coverage answer has exactly the documented fields', () => {
  const res = coverage(tinyCity('tiny-city-coverage'));
  const keys = (o: object) => Object.keys(o).sort();

  it('on uncovered points, overloaded shelters and gap areas', () => {
    expect(keys(res.uncovered.features[0].properties)).toEqual(UNCOVERED);
    expect(keys(res.overloaded.features[0].properties)).toEqual(OVERLOADED);
    expect(keys(res.gap_areas.features[0].properties)).toEqual(GAP_AREA);
  });

  it('on the towns and the city', () => {
    const town = keys(res.towns.features[0].properties);
    expect(town).toEqual([...Object.keys(FIGURES), ...TOWN, 'code', 'name', 'name_en', 'population', 'households'].sort());
    expect(keys(res.summary)).toEqual(SUMMARY);
    expect(keys(res.summary.city)).toEqual([...Object.keys(FIGURES), ...CITY].sort());
  });
});
