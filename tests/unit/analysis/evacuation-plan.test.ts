import { distance } from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { evacuationPlan, type EvacuationPlanInput } from '../../../server/analysis/evacuation-plan.ts';
import { M_PER_DEG, tinyCity } from '../../fixtures/tiny-city.ts';
import { deepFreeze } from './support/deep-freeze.ts';

const RADII = { emergency: 500, short_term: 1000, mid_term: 1500, long_term: 2500 };
/** The south of the city, across both towns, up to latitude 22.3275. */
const SOUTH: Polygon = { type: 'Polygon', coordinates: [[[110.9, 22.3], [110.96, 22.3], [110.96, 22.3275], [110.9, 22.3275], [110.9, 22.3]]] };

function input(over: Partial<EvacuationPlanInput> = {}): EvacuationPlanInput {
  const c = tinyCity('tiny-city');
  return { warningArea: SOUTH, sites: c.sites, shelters: c.shelters, depots: c.depots, zones: c.zones, towns: c.towns, minGrade: 'high', serviceRadiusM: RADII, ...over };
}

describe('evacuationPlan on the tiny city, southern warning, grade high and above', () => {
  const plan = evacuationPlan(input());

  it('evacuates sites 1, 2 and 5: in the area and graded high or very high', () => {
    // site 3 is low, site 8 is not graded (counted as skipped), site 9 is relocated, sites 4, 6, 7 lie north
    expect(plan.sites.map((s) => s.site_id)).toEqual([1, 2, 5]);
    expect(plan.summary).toMatchObject({ sites: 3, households: 3 + 5 + 8, residents: 12 + 20 + 30, skipped_ungraded_sites: 1 });
  });

  it('uses only safe shelters and says why the others are out', () => {
    expect(plan.excluded_shelters).toEqual([
      { shelter_id: 1, code: 'BN-01', reason: 'in_warning_area' },
      { shelter_id: 4, code: 'BN-04', reason: 'not_open_or_standby' },
      { shelter_id: 5, code: 'BN-05', reason: 'in_hazard_zone', zone_code: 'FXQ-01', zone_hazard: 'landslide', zone_grade: 'high' },
    ]);
    expect(plan.summary.eligible_shelters).toBe(2);
  });

  it('assigns within twice the service radius: site 2 to shelter 2 (1,890 m of 2,000), site 5 to shelter 3', () => {
    expect(plan.assignments.map((a) => [a.demand_id, a.shelter_id])).toEqual([[2, 2], [5, 3]]);
    expect(plan.assignments[0].distance_m).toBeCloseTo(0.017 * M_PER_DEG, 0);
    expect(plan.assignments[1].distance_m).toBeCloseTo(0.008 * M_PER_DEG, 0);
    // site 1 is 2,669 m from shelter 2 (reach 2,000) and ~3.4 km from shelter 3 (reach 3,000)
    expect(plan.unassigned).toEqual([{ demand_id: 1, demand_type: 'risk_site', residents: 12, households: 3, reason: 'no_shelter_within_radius' }]);
    expect(plan.summary).toMatchObject({ placed_residents: 50, unassigned_residents: 12, reach: { radius_factor: 2 } });
    expect(plan.summary.total_distance_m).toBeCloseTo(20 * 0.017 * M_PER_DEG + 30 * 0.008 * M_PER_DEG, 0);
  });

  it('opens the standby shelter 2 and names the nearest depot of each used shelter', () => {
    expect(plan.shelters_to_open).toEqual([2]);
    expect(plan.summary).toMatchObject({ shelters_used: 2, shelters_to_open: 1 });
    const s2 = plan.shelters.find((s) => s.shelter_id === 2)!;
    const s3 = plan.shelters.find((s) => s.shelter_id === 3)!;
    expect(s2).toMatchObject({ open_required: true, load: 20, capacity: 100, reach_m: 2000 });
    expect(s3).toMatchObject({ open_required: false, load: 30, capacity: 50, reach_m: 3000 });
    expect(s2.nearest_depot).toMatchObject({ depot_id: 1, code: 'CK-01', tier: 'city' });
    expect(s2.nearest_depot!.distance_m).toBeCloseTo(0.012 * M_PER_DEG, 0); // due north
    expect(s3.nearest_depot).toMatchObject({ depot_id: 2, code: 'CK-02' });
    expect(s3.nearest_depot!.distance_m).toBeCloseTo(0.025 * M_PER_DEG, 0);
  });

  it('totals by town', () => {
    expect(plan.towns).toEqual([
      { town_code: '440983100', town_name: '西镇', sites: 2, households: 8, residents: 32, placed_residents: 20, unassigned_residents: 12 },
      { town_code: '440983101', town_name: '东镇', sites: 1, households: 8, residents: 30, placed_residents: 30, unassigned_residents: 0 },
    ]);
  });

  it('draws a line from each site to its shelter, as long as the assignment says', () => {
    expect(plan.type).toBe('FeatureCollection');
    expect(plan.features).toHaveLength(2);
    for (const f of plan.features) {
      const [a, b] = f.geometry.coordinates;
      expect(distance(a, b, { units: 'meters' })).toBeCloseTo(f.properties.distance_m, 0);
    }
  });
});

describe('evacuationPlan options', () => {
  it('keeps only sites in a zone of the given hazard', () => {
    const plan = evacuationPlan(input({ hazard: 'landslide' }));
    // sites 1 and 2 lie in the very-high landslide zone FXQ-02; site 5 only in a flood zone
    expect(plan.sites.map((s) => s.site_id)).toEqual([1, 2]);
    expect(plan.assignments.map((a) => a.demand_id)).toEqual([2]);
  });

  it('takes every grade, ungraded included, without minGrade', () => {
    const plan = evacuationPlan(input({ minGrade: undefined }));
    expect(plan.sites.map((s) => s.site_id)).toEqual([1, 2, 3, 5, 8]);
    expect(plan.summary.skipped_ungraded_sites).toBe(0);
  });

  it('uses a flat reach when maxDistanceM is given', () => {
    const plan = evacuationPlan(input({ maxDistanceM: 3000 }));
    // site 1 now reaches shelter 2 (2,669 m); shelter 2 holds sites 1 and 2 (32 of 100)
    expect(plan.assignments.map((a) => [a.demand_id, a.shelter_id])).toEqual([[1, 2], [2, 2], [5, 3]]);
    expect(plan.unassigned).toEqual([]);
    expect(plan.summary.reach).toEqual({ max_distance_m: 3000 });
  });

  it('can limit the unsafe zones to some hazards', () => {
    const plan = evacuationPlan(input({ unsafeZoneHazards: ['flood'] }));
    expect(plan.excluded_shelters.map((e) => e.shelter_id)).toEqual([1, 4]);
    expect(plan.summary.eligible_shelters).toBe(3);
  });

  it('does not mutate its input', () => {
    const frozen = deepFreeze(structuredClone(input({ hazard: 'landslide' })));
    const before = JSON.stringify(frozen);
    evacuationPlan(frozen);
    expect(JSON.stringify(frozen)).toBe(before);
  });
});
