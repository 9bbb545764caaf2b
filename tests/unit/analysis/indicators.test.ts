import { describe, expect, it } from 'vitest';
import { indicators, type IndicatorResult } from '../../../server/analysis/indicators.ts';
import { DEFAULT_STANDARDS } from '../../../server/analysis/standards.ts';
import { TOWN_A, TOWN_B, tinyCity } from '../../fixtures/tiny-city.ts';
import { COUNTY, randomCity } from '../../fixtures/tiny-city-coverage/random-city.ts';

const town = (res: IndicatorResult, code: string) => res.towns.features.find((f) => f.properties.code === code)?.properties;

describe('indicators', () => {
  describe('on the tiny city (answers worked by hand, see the fixture README)', () => {
    const res = indicators(tinyCity('tiny-city-coverage'));

    it('counts risk sites by grade, ungraded included, and by rectification status', () => {
      expect(town(res, TOWN_A)).toMatchObject({
        risk_sites: 4,
        sites_by_grade: { very_high: 1, high: 1, medium: 1, low: 1, ungraded: 0 },
        residents_by_grade: { very_high: 70, high: 40, medium: 30, low: 25, ungraded: 0 },
        sites_by_rectification: { not_started: 2, in_progress: 1, completed: 1, relocated: 0 },
      });
      expect(town(res, TOWN_B)).toMatchObject({
        sites_by_grade: { very_high: 0, high: 1, medium: 0, low: 0, ungraded: 1 },
        sites_by_rectification: { not_started: 1, in_progress: 0, completed: 0, relocated: 1 },
      });
    });

    it('counts as at risk the residents of sites not yet made safe', () => {
      expect(town(res, TOWN_A)).toMatchObject({ residents_total: 165, sites_at_risk: 3, residents_at_risk: 135 });
      expect(town(res, TOWN_B)).toMatchObject({ residents_total: 80, sites_at_risk: 1, residents_at_risk: 60 });
    });

    it('places at-risk residents in a shelter in reach with room, nearest first', () => {
      // R1 fills S1 to 40 of 100; R2's 70 no longer fit and no other shelter reaches R2
      expect(town(res, TOWN_A)).toMatchObject({ residents_within_reach: 40, within_reach_pct: 29.6, residents_within_radius: 110, within_radius_pct: 81.5 });
      expect(town(res, TOWN_B)).toMatchObject({ residents_within_reach: 60, within_reach_pct: 100, residents_within_radius: 60, within_radius_pct: 100 });
      expect(res.city).toMatchObject({ residents_at_risk: 195, residents_within_reach: 100, within_reach_pct: 51.3, residents_within_radius: 170, within_radius_pct: 87.2 });
    });

    it('sets shelter places and area per resident at risk against the standard', () => {
      expect(town(res, TOWN_A)).toMatchObject({ usable_shelters: 2, capacity: 150, effective_area_m2: 140, capacity_per_resident: 1.111, area_per_resident_m2: 1.037, area_standard_m2: 2, capacity_ok: true, area_ok: false, shelters_below_area_standard: 1 });
      expect(town(res, TOWN_B)).toMatchObject({ capacity_per_resident: 3.333, area_per_resident_m2: 11.667, area_ok: true });
      expect(res.city).toMatchObject({ capacity: 350, capacity_per_resident: 1.795, area_per_resident_m2: 4.308, area_ok: true });
    });

    it('counts depots per tier and unsafe shelters', () => {
      expect(town(res, TOWN_A)).toMatchObject({ depots: { city: 1, town: 1, village: 1 }, unsafe_shelters: 0, unsafe_usable_shelters: 0 });
      expect(town(res, TOWN_B)).toMatchObject({ depots: { city: 0, town: 0, village: 0 }, unsafe_shelters: 2, unsafe_usable_shelters: 1 });
      expect(res.city).toMatchObject({ depots: { city: 1, town: 1, village: 1 }, unsafe_shelters: 2, towns: 2, unassigned: { sites: 0, shelters: 0, depots: 0 } });
    });

    it("returns the plan's targets and the parameters used", () => {
      expect(res.plan_targets).toEqual(DEFAULT_STANDARDS.plan_targets);
      expect(res.parameters).toMatchObject({ at_risk_statuses: ['not_started', 'in_progress'], count_unsafe_shelters: true, town_area_reference_type: 'short_term' });
    });

    it('takes other at-risk statuses when asked', () => {
      const all = indicators({ ...tinyCity('tiny-city-coverage'), options: { atRiskStatuses: ['not_started', 'in_progress', 'completed', 'relocated'] } });
      // R3 (30) now counts too and fits in S2; R6 (20) has no shelter in reach
      expect(all.city).toMatchObject({ residents_at_risk: 245, residents_within_reach: 130, residents_within_radius: 200 });
    });

    it('drops shelters in unsafe zones from the reach when asked', () => {
      const strict = indicators({ ...tinyCity('tiny-city-coverage'), options: { countUnsafeShelters: false } });
      expect(town(strict, TOWN_B)).toMatchObject({ residents_within_reach: 0, usable_shelters: 0, capacity: 0, capacity_ok: false });
    });

    it('does not change its input', () => {
      const input = tinyCity('tiny-city-coverage');
      const before = structuredClone(input);
      indicators(input);
      expect(input).toEqual(before);
    });
  });

  describe('on a random county (seeded)', () => {
    const city = randomCity(4242, COUNTY);
    const res = indicators(city);

    it('adds the towns up to the city and never places more than is at risk or in radius', () => {
      const c = res.city;
      const sum = (f: (p: (typeof res.towns.features)[number]['properties']) => number) => res.towns.features.reduce((a, t) => a + f(t.properties), 0);
      expect(sum((p) => p.risk_sites)).toBe(c.risk_sites - c.unassigned.sites);
      expect(sum((p) => p.residents_at_risk)).toBe(c.residents_at_risk);
      expect(sum((p) => p.residents_within_reach)).toBe(c.residents_within_reach);
      expect(Object.values(c.sites_by_grade).reduce((a, b) => a + b, 0)).toBe(c.risk_sites);
      expect(Object.values(c.sites_by_rectification).reduce((a, b) => a + b, 0)).toBe(c.risk_sites);
      expect(c.residents_within_reach).toBeLessThanOrEqual(c.residents_within_radius);
      expect(c.residents_within_radius).toBeLessThanOrEqual(c.residents_at_risk);
      expect(c.depots.city + c.depots.town + c.depots.village).toBe(city.depots.features.length);
    });
  });
});
