import { describe, expect, it } from 'vitest';
import { assembleCatchments, radiusFor } from '../../../server/analysis/catchment-result.ts';
import { demandPoints, type DemandFeature } from '../../../server/analysis/demand-points.ts';
import type { ShelterFeature } from '../../../server/analysis/types.ts';

const site = (id: number, residents: number, households: number): DemandFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9, 22.3] }, properties: { residents, households } });
const shelter = (id: number, capacity: number): ShelterFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9, 22.3] },
  properties: { code: `BN-${id}`, name: `S${id}`, shelter_type: 'emergency', level: 'town', capacity, status: 'open' },
});

// Sites 1 (10 residents), 2 (20) and 3 (5); shelters 7 (25 places) and 8 (0 places).
// Site 1 → shelter 7 at 100 m, site 2 → shelter 7 at 600 m (beyond its 500 m radius), site 3 unplaced.
const d = demandPoints([site(1, 10, 3), site(2, 20, 6), site(3, 5, 2)]);
const shelters = [shelter(7, 25), shelter(8, 0)];
const res = assembleCatchments(d, shelters, Int32Array.of(0, 0, -1), Float64Array.of(100, 600, NaN), Float64Array.of(500, 500), (i) => i === 2, 'nearest');

describe('assembleCatchments', () => {
  it('lists each placed point with its shelter, distance and whether it is within the radius', () => {
    expect(res.assignments).toEqual([
      { demand_id: 1, demand_type: 'risk_site', residents: 10, households: 3, shelter_id: 7, distance_m: 100, within_radius: true },
      { demand_id: 2, demand_type: 'risk_site', residents: 20, households: 6, shelter_id: 7, distance_m: 600, within_radius: false },
    ]);
  });

  it('gives the reason a point is unplaced: no candidate at all, or no room', () => {
    expect(res.unassigned).toEqual([{ demand_id: 3, demand_type: 'risk_site', residents: 5, households: 2, reason: 'no_shelter_within_radius' }]);
    const full = assembleCatchments(d, shelters, Int32Array.of(0, 0, -1), Float64Array.of(100, 600, NaN), Float64Array.of(500, 500), () => false, 'capacity');
    expect(full.unassigned[0].reason).toBe('capacity_exhausted');
  });

  it('sums each shelter: load 30 of 25 (utilisation 1.2), mean walk (10 × 100 + 20 × 600) / 30 = 433.3 m', () => {
    expect(res.features[0].properties).toMatchObject({ shelter_id: 7, load: 30, capacity: 25, utilisation: 1.2, max_distance_m: 600, mean_distance_m: 433.3, demand_count: 2, households: 9 });
    // an unused shelter with no places: no utilisation to speak of
    expect(res.features[1].properties).toMatchObject({ load: 0, utilisation: null, max_distance_m: null, mean_distance_m: null, demand_count: 0 });
    expect(res.features.every((f) => f.geometry === null)).toBe(true);
  });

  it('sums the city: person-metres, placed and beyond-radius residents, shelters over capacity', () => {
    expect(res.summary).toEqual({
      method: 'nearest', demand_points: 3, residents: 35, households: 11, placed_residents: 30, unassigned_residents: 5,
      beyond_radius_residents: 20, total_distance_m: 13000, mean_distance_m: 433.3, shelters: 2, shelters_used: 1, over_capacity_shelters: 1,
    });
  });
});

describe('radiusFor', () => {
  it('reads the radius of the shelter’s type, and refuses a type without one', () => {
    expect(radiusFor(shelter(7, 1), { emergency: 500, short_term: 1000, mid_term: 1500, long_term: 2500 })).toBe(500);
    expect(() => radiusFor(shelter(7, 1), {} as never)).toThrow(/no service radius for shelter type "emergency"/);
  });
});
