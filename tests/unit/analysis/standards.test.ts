import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDARDS, StandardsError, loadStandards, parseStandards, serviceRadii } from '../../../server/analysis/standards.ts';

const file = path.resolve(import.meta.dirname, '../../../data/shelter-standards.json');

describe('standards', () => {
  describe('DEFAULT_STANDARDS', () => {
    it('gives the GB 51143-2015 service radii, emergency shelters within 500 m on foot', () => {
      expect(serviceRadii(DEFAULT_STANDARDS)).toEqual({ emergency: 500, short_term: 1000, mid_term: 1500, long_term: 2500 });
    });

    it('gives the area per person of each shelter type, growing with the length of stay', () => {
      const a = DEFAULT_STANDARDS.shelter_types;
      expect([a.emergency, a.short_term, a.mid_term, a.long_term].map((t) => t.area_per_person_m2)).toEqual([0.5, 2, 3, 4.5]);
    });

    it("carries the plan's targets (专栏2)", () => {
      expect(DEFAULT_STANDARDS.plan_targets).toEqual({ initial_relief_hours: 8, forest_fire_watch_coverage_pct: 90, rain_gauges_per_100km2: 5, warning_coverage_pct: 95 });
    });

    it('cannot be changed by accident', () => {
      expect(() => {
        (DEFAULT_STANDARDS.shelter_types.emergency as { service_radius_m: number }).service_radius_m = 1;
      }).toThrow(TypeError);
    });
  });

  describe('data/shelter-standards.json', () => {
    it('holds exactly the defaults', () => {
      expect(loadStandards(file)).toEqual(DEFAULT_STANDARDS);
      expect(parseStandards(JSON.parse(readFileSync(file, 'utf8')), { ...DEFAULT_STANDARDS, usable_statuses: ['open'] })).toEqual(DEFAULT_STANDARDS);
    });
  });

  describe('#parseStandards', () => {
    it('keeps the defaults for what a deployment leaves out', () => {
      const s = parseStandards({ shelter_types: { emergency: { service_radius_m: 400 } }, depot_max_distance_m: { village: 3000 } });
      expect(s.shelter_types.emergency).toEqual({ ...DEFAULT_STANDARDS.shelter_types.emergency, service_radius_m: 400 });
      expect(s.shelter_types.long_term).toEqual(DEFAULT_STANDARDS.shelter_types.long_term);
      expect(s.depot_max_distance_m).toEqual({ village: 3000, town: 20000, city: 60000 });
      expect(s.plan_targets).toEqual(DEFAULT_STANDARDS.plan_targets);
    });

    it('accepts an empty object as the defaults', () => {
      expect(parseStandards({})).toEqual(DEFAULT_STANDARDS);
    });

    it('overrides lists whole', () => {
      const s = parseStandards({ usable_statuses: ['open'], unsafe_zone_grades: ['very_high'] });
      expect(s.usable_statuses).toEqual(['open']);
      expect(s.unsafe_zone_grades).toEqual(['very_high']);
    });

    it('lays the overrides over another base when given one', () => {
      const base = parseStandards({ town_area_reference_type: 'mid_term' });
      expect(parseStandards({ plan_targets: { warning_coverage_pct: 98 } }, base).town_area_reference_type).toBe('mid_term');
    });

    it('rejects bad values and names each one', () => {
      try {
        parseStandards({ shelter_types: { emergency: { service_radius_m: -5 }, huge: {} }, usable_statuses: ['open', 'demolished'], plan_targets: { warning_coverage_pct: 120 } });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(StandardsError);
        const paths = (e as StandardsError).issues.map((i) => i.path);
        expect(paths).toEqual(expect.arrayContaining(['shelter_types.emergency.service_radius_m', 'shelter_types.huge', 'usable_statuses[1]', 'plan_targets.warning_coverage_pct']));
      }
    });

    it('rejects unknown keys, so a typo is not silently ignored', () => {
      expect(() => parseStandards({ depot_max_distance: { village: 1 } })).toThrow(StandardsError);
    });

    it('does not change its arguments', () => {
      const json = { shelter_types: { mid_term: { area_per_person_m2: 3.5 } }, usable_statuses: ['open' as const] };
      const copy = structuredClone(json);
      const s = parseStandards(json);
      s.usable_statuses.push('standby');
      expect(json).toEqual(copy);
      expect(DEFAULT_STANDARDS.usable_statuses).toEqual(['open', 'standby']);
    });
  });
});
