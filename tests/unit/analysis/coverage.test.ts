import { booleanPointInPolygon, kinks, area as turfArea, polygon as turfPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { coverage, type CoverageResult } from '../../../server/analysis/coverage.ts';
import { gridFor, mergeCells } from '../../../server/analysis/coverage-grid.ts';
import { polygonIndex } from '../../../server/analysis/point-in-polygon.ts';
import { shelterGrid } from '../../../server/analysis/coverage-shelter-grid.ts';
import { greatCircleM } from '../../../server/analysis/great-circle.ts';
import { DEFAULT_STANDARDS, parseStandards, serviceRadii } from '../../../server/analysis/standards.ts';
import type { ShelterFeature } from '../../../server/analysis/types.ts';
import { TOWN_A, TOWN_B, tinyCity } from '../../fixtures/tiny-city.ts';
import { COUNTY, randomCity, rng } from '../../fixtures/tiny-city-coverage/random-city.ts';

const byId = <P extends { source_id: number }>(fc: { features: { properties: P }[] }) => new Map(fc.features.map((f) => [f.properties.source_id, f.properties]));
const town = (res: CoverageResult, code: string) => res.towns.features.find((f) => f.properties.code === code)?.properties;

describe('coverage', () => {
  describe('on the tiny city (answers worked by hand, see the fixture README)', () => {
    const res = coverage(tinyCity('tiny-city-coverage'));

    it('finds the demand beyond every usable shelter, with how far beyond', () => {
      const sites = res.uncovered.features.filter((f) => f.properties.demand_type === 'risk_site');
      const villages = res.uncovered.features.filter((f) => f.properties.demand_type === 'village');
      expect(sites.map((f) => f.properties.source_id)).toEqual([4, 6]);
      expect(villages.map((f) => f.properties.source_id)).toEqual([2, 3]);
      const r4 = sites[0].properties;
      expect(r4).toMatchObject({ code: 'XP440999101-0004', town_code: TOWN_A, residents: 25, nearest_shelter_id: 2, nearest_shelter_type: 'short_term' });
      expect(r4.nearest_distance_m).toBeCloseTo(2371.1, 0);
      expect(r4.shortfall_m).toBeCloseTo(1371.1, 0);
      // R6: the closed long-term shelter S3 is nearer, but only usable shelters count
      expect(sites[1].properties.nearest_shelter_id).toBe(4);
      expect(sites[1].properties.shortfall_m).toBeCloseTo(1678.9, 0);
      expect(villages[0].properties).toMatchObject({ name: '北村', residents: 500 });
      expect(villages[0].properties.shortfall_m).toBeCloseTo(1580.8, 0);
      expect(villages[1].properties.shortfall_m).toBeCloseTo(317.1, 0);
    });

    it('sends each site to its nearest shelter in reach and flags the one over capacity', () => {
      expect(res.overloaded.features).toHaveLength(1);
      expect(res.overloaded.features[0].properties).toMatchObject({ source_id: 1, capacity: 100, load: 110, excess: 10, load_ratio: 1.1, demand_points: 2 });
    });

    it('flags shelters in high and very-high zones, whatever their status, and not those in a medium zone', () => {
      const unsafe = byId(res.unsafe_shelters);
      expect([...unsafe.keys()]).toEqual([4, 5]);
      expect(unsafe.get(4)).toMatchObject({ usable: true, zone_codes: ['FX440999-0001'], hazards: ['landslide'], worst_grade: 'high' });
      expect(unsafe.get(5)).toMatchObject({ usable: false, zone_codes: ['FX440999-0002'], hazards: ['flood'], worst_grade: 'very_high' });
    });

    it('finds villages beyond a village-tier depot, and no town gap within the default 20 km', () => {
      const gaps = res.depot_gaps.features.map((f) => f.properties);
      expect(gaps.map((g) => [g.kind, g.tier, g.code])).toEqual([
        ['village', 'village', '440999102201'],
        ['village', 'village', '440999102202'],
      ]);
      expect(gaps[0].distance_m).toBeCloseTo(8230.2, 0);
      expect(gaps[1].distance_m).toBeCloseTo(6936.4, 0);
      expect(gaps[0]).toMatchObject({ max_distance_m: 5000, nearest_depot_code: 'CB440999101-03' });
    });

    it('measures towns from their centroid, against a depot of their own tier', () => {
      const b = town(res, TOWN_B);
      expect(b?.town_depot_distance_m).toBeCloseTo(6167.2, 0);
      expect(b?.city_depot_distance_m).toBeCloseTo(3640.3, 0);
      const strict = coverage({ ...tinyCity('tiny-city-coverage'), standards: parseStandards({ depot_max_distance_m: { town: 5000 } }) });
      const townGaps = strict.depot_gaps.features.filter((f) => f.properties.kind === 'town');
      expect(townGaps.map((f) => [f.properties.code, f.properties.tier, f.properties.point_method])).toEqual([[TOWN_B, 'town', 'centroid']]);
      expect(townGaps[0].geometry.coordinates[0]).toBeCloseTo(111.075, 9);
      expect(townGaps[0].geometry.coordinates[1]).toBeCloseTo(22.425, 9);
      expect(strict.summary.city.towns_beyond_town_depot).toBe(1);
    });

    it('lets a higher-tier depot serve a lower tier when asked', () => {
      const lenient = coverage({ ...tinyCity('tiny-city-coverage'), options: { higherTierDepotsServe: true } });
      // V4 is 4.0 km from the city depot D1; V3 is 5.3 km from it
      expect(lenient.depot_gaps.features.map((f) => f.properties.code)).toEqual(['440999102201']);
    });

    it('gives each town its coverage and its shelter provision against the standard', () => {
      expect(town(res, TOWN_A)).toMatchObject({
        risk_sites: 4, residents: 165, uncovered_sites: 1, uncovered_residents: 25, covered_residents_pct: 84.8,
        villages: 2, village_population: 1300, uncovered_villages: 1, uncovered_village_population: 500, covered_village_population_pct: 61.5,
        usable_shelters: 2, capacity: 150, effective_area_m2: 140, standard_capacity: 140, shelters_below_area_standard: 1,
        capacity_per_resident: 0.909, area_per_resident_m2: 0.848, area_standard_m2: 2, capacity_ok: false, area_ok: false,
        overloaded_shelters: 1, unsafe_shelters: 0, villages_beyond_depot: 0, gap_cells: 1, town_depot_ok: true, city_depot_ok: true,
      });
      expect(town(res, TOWN_B)).toMatchObject({
        risk_sites: 2, residents: 80, uncovered_sites: 1, uncovered_residents: 20, covered_residents_pct: 75,
        villages: 2, village_population: 700, uncovered_village_population: 300, covered_village_population_pct: 57.1,
        usable_shelters: 1, capacity: 200, effective_area_m2: 700, standard_capacity: 200, shelters_below_area_standard: 0,
        capacity_per_resident: 2.5, area_per_resident_m2: 8.75, capacity_ok: true, area_ok: true,
        overloaded_shelters: 0, unsafe_shelters: 2, villages_beyond_depot: 2, gap_cells: 2,
      });
    });

    it('sums the city', () => {
      expect(res.summary.city).toMatchObject({
        risk_sites: 6, residents: 245, uncovered_sites: 2, uncovered_residents: 45, covered_residents_pct: 81.6,
        villages: 4, village_population: 2000, uncovered_villages: 2, uncovered_village_population: 800, covered_village_population_pct: 60,
        usable_shelters: 3, capacity: 350, effective_area_m2: 840, standard_capacity: 340, capacity_per_resident: 1.429, area_per_resident_m2: 3.429,
        capacity_ok: true, area_ok: true, overloaded_shelters: 1, unsafe_shelters: 2, villages_beyond_depot: 2, gap_cells: 3,
        towns: 2, towns_beyond_town_depot: 0, towns_beyond_city_depot: 0, unassigned_sites: 0, unassigned_villages: 0, unassigned_shelters: 0,
      });
      expect(res.summary.counts).toEqual({ sites: 6, villages: 4, shelters: 5, usable_shelters: 3, depots: 3, zones: 3, towns: 2 });
      expect(res.summary.parameters.service_radius_m).toEqual(serviceRadii(DEFAULT_STANDARDS));
    });

    it('draws the gap areas: three, since two of the cells touch only at a corner', () => {
      const areas = res.gap_areas.features.map((f) => f.properties);
      expect(areas.map((a) => [a.cells, a.uncovered_residents, a.uncovered_village_population, a.town_codes])).toEqual([
        [1, 20, 0, [TOWN_B]],
        [1, 0, 300, [TOWN_B]],
        [1, 25, 500, [TOWN_A]],
      ]);
      for (const f of res.gap_areas.features) {
        expect(f.properties.area_km2).toBeGreaterThan(0.99);
        expect(f.properties.area_km2).toBeLessThan(1.01);
      }
      const r4 = [111.022, 22.43];
      expect(res.gap_areas.features.filter((f) => booleanPointInPolygon(r4, f.geometry))).toHaveLength(1);
    });

    it('gives the cells one by one when asked', () => {
      const cells = coverage({ ...tinyCity('tiny-city-coverage'), options: { gapAreas: 'cells', cellSizeM: 500 } });
      expect(cells.gap_areas.features).toHaveLength(3);
      expect(cells.gap_areas.features.every((f) => typeof f.properties.cell === 'number' && f.geometry.coordinates[0].length === 5)).toBe(true);
      expect(cells.summary.parameters).toMatchObject({ cell_size_m: 500, gap_areas: 'cells' });
    });

    it('stops counting a shelter in an unsafe zone when asked', () => {
      const strict = coverage({ ...tinyCity('tiny-city-coverage'), options: { countUnsafeShelters: false } });
      // S4 no longer covers R5 and V4
      expect(strict.summary.city).toMatchObject({ uncovered_sites: 3, uncovered_residents: 105, uncovered_villages: 3, usable_shelters: 2 });
    });

    it('can load shelters with village population instead', () => {
      const v = coverage({ ...tinyCity('tiny-city-coverage'), options: { loadDemand: 'villages' } });
      // S1 takes V1's 800 against 100 places; S4 takes V4's 400 against 200
      expect(v.overloaded.features.map((f) => [f.properties.source_id, f.properties.load])).toEqual([[1, 800], [4, 400]]);
    });

    it('does not change its input', () => {
      const input = tinyCity('tiny-city-coverage');
      const before = structuredClone(input);
      const out = coverage(input);
      expect(input).toEqual(before);
      expect(out.towns.features[0]).not.toBe(input.towns.features[0]);
    });

    it('answers for an empty city', () => {
      const empty = { type: 'FeatureCollection' as const, features: [] };
      const out = coverage({ sites: empty, villages: empty, shelters: empty, depots: empty, zones: empty, towns: empty });
      expect(out.summary.city).toMatchObject({ risk_sites: 0, covered_residents_pct: null, capacity_per_resident: null, gap_cells: 0 });
      expect(out.gap_areas.features).toEqual([]);
    });
  });

  describe('mergeCells', () => {
    const grid = gridFor([111, 22, 111.2, 22.2], 1000);
    const key = (c: number, r: number) => r * grid.cols + c;
    const rings = (cells: [number, number][]) => mergeCells(grid, new Set(cells.map(([c, r]) => key(c, r)))).map((m) => m.polygon.coordinates.length);

    it('merges side-by-side cells into one ring', () => {
      const [m] = mergeCells(grid, new Set([key(1, 1), key(2, 1)]));
      expect(m.polygon.coordinates).toHaveLength(1);
      expect(m.polygon.coordinates[0]).toHaveLength(5); // a rectangle: no vertex mid-side
    });

    it('keeps a hole as a clockwise ring inside a counter-clockwise outer ring', () => {
      const ring8: [number, number][] = [[0, 0], [1, 0], [2, 0], [0, 1], [2, 1], [0, 2], [1, 2], [2, 2]];
      const [m] = mergeCells(grid, new Set(ring8.map(([c, r]) => key(c, r))));
      expect(m.polygon.coordinates).toHaveLength(2);
      const sign = (ring: number[][]) => Math.sign(ring.slice(1).reduce((a, p, i) => a + (ring[i][0] * p[1] - p[0] * ring[i][1]), 0));
      expect(sign(m.polygon.coordinates[0])).toBe(1);
      expect(sign(m.polygon.coordinates[1])).toBe(-1);
    });

    it('keeps cells that touch only at a corner apart', () => {
      expect(rings([[0, 0], [1, 1]])).toEqual([1, 1]);
    });

    it('splits a hole off the outer ring where they touch at a corner', () => {
      expect(rings([[0, 0], [1, 0], [2, 0], [0, 1], [2, 1], [0, 2], [1, 2]])).toEqual([2]);
    });

    it('draws simple rings whose area is the cells’ area, on random cell sets', () => {
      let seed = 11;
      const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let trial = 0; trial < 30; trial++) {
        const keys = new Set<number>();
        for (let c = 0; c < 12; c++) for (let r = 0; r < 12; r++) if (rnd() < 0.45) keys.add(key(c, r));
        const merged = mergeCells(grid, keys);
        expect(merged.reduce((a, m) => a + m.cells.length, 0)).toBe(keys.size);
        let area = 0;
        for (const m of merged) {
          const poly = turfPolygon(m.polygon.coordinates);
          for (const ring of m.polygon.coordinates) expect(kinks(turfPolygon([ring])).features).toHaveLength(0);
          area += turfArea(poly);
        }
        const cellsArea = [...keys].reduce((a, k) => a + grid.cellAreaKm2(k), 0) * 1e6;
        expect(area / cellsArea).toBeCloseTo(1, 2);
      }
    });
  });

  describe('shelterGrid', () => {
    it('agrees with brute force on covering shelter, nearest shelter and shortfall, near and far', () => {
      const r = rng(99);
      for (const [n, spread] of [[1, 0.1], [7, 0.5], [400, 6], [2000, 7.6]] as const) {
        const lon = Float64Array.from({ length: n }, () => 110 + r() * spread);
        const lat = Float64Array.from({ length: n }, () => 21 + r() * spread * 0.7);
        const radius = Float64Array.from({ length: n }, () => [500, 1000, 1500, 2500][Math.floor(r() * 4)]);
        const grid = shelterGrid(lon, lat, radius);
        for (let q = 0; q < 300; q++) {
          // queries inside the spread and well outside it
          const x = 109 + r() * (spread + 2), y = 20 + r() * (spread + 2);
          let cover = -1, coverD = Infinity, near = -1, nearD = Infinity, best = Infinity;
          for (let j = 0; j < n; j++) {
            const d = greatCircleM(x, y, lon[j], lat[j]);
            if (d < nearD) [near, nearD] = [j, d];
            if (d <= radius[j] && d < coverD) [cover, coverD] = [j, d];
            best = Math.min(best, d - radius[j]);
          }
          const p = grid.probe(x, y);
          expect(p.coverJ).toBe(cover);
          expect(p.nearestJ).toBe(near);
          expect(p.nearestD).toBeCloseTo(nearD, 6);
          if (cover < 0) expect(p.shortfall).toBeCloseTo(best, 6);
          expect(grid.probe(x, y, true).coverJ).toBe(cover);
        }
      }
    });

    it('answers with no shelters', () => {
      const p = shelterGrid(new Float64Array(0), new Float64Array(0), new Float64Array(0)).probe(111, 22);
      expect(p).toMatchObject({ coverJ: -1, nearestJ: -1, shortfall: Infinity });
    });
  });

  describe('polygonIndex', () => {
    it('takes holes out and finds every part of a multipolygon', () => {
      const square = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
      const idx = polygonIndex([
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] } },
        { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[square(20, 0, 1)], [square(3, 3, 4)]] } },
        { type: 'Feature', properties: {}, geometry: null },
      ]);
      expect(idx.containing(1, 1)).toEqual([0]);
      expect(idx.containing(5, 5)).toEqual([1]); // in the hole of 0, in the second part of 1
      expect(idx.containing(3.5, 3.5)).toEqual([0, 1]);
      expect(idx.containing(20.5, 0.5)).toEqual([1]);
      expect(idx.any(15, 15)).toBe(false);
    });
  });

  describe('on a random county (seeded), checked against brute force', () => {
    const city = randomCity(20240601, COUNTY);
    const before = structuredClone(city);
    const res = coverage(city);
    const radius = serviceRadii(DEFAULT_STANDARDS);
    const usable = city.shelters.features.filter((s) => s.properties.status === 'open' || s.properties.status === 'standby');
    const covering = (lon: number, lat: number): ShelterFeature | null => {
      let best: ShelterFeature | null = null, bestD = Infinity;
      for (const s of usable) {
        const d = greatCircleM(lon, lat, s.geometry.coordinates[0], s.geometry.coordinates[1]);
        if (d <= radius[s.properties.shelter_type] && d < bestD) [best, bestD] = [s, d];
      }
      return best;
    };

    it('does not change its input', () => {
      expect(city).toEqual(before);
    });

    it('calls uncovered exactly the demand no usable shelter reaches', () => {
      const uncoveredSites = new Set(res.uncovered.features.filter((f) => f.properties.demand_type === 'risk_site').map((f) => f.properties.source_id));
      const uncoveredVillages = new Set(res.uncovered.features.filter((f) => f.properties.demand_type === 'village').map((f) => f.properties.source_id));
      for (const s of city.sites.features) expect(uncoveredSites.has(s.id)).toBe(covering(...(s.geometry.coordinates as [number, number])) === null);
      for (const v of city.villages.features) expect(uncoveredVillages.has(v.id)).toBe(covering(...(v.geometry.coordinates as [number, number])) === null);
      for (const f of res.uncovered.features) expect(f.properties.shortfall_m).toBeGreaterThan(0);
    });

    it('loads each shelter with the residents whose nearest shelter in reach it is', () => {
      const load = new Map<number, number>();
      for (const s of city.sites.features) {
        const c = covering(...(s.geometry.coordinates as [number, number]));
        if (c) load.set(c.id, (load.get(c.id) ?? 0) + s.properties.residents);
      }
      const over = usable.filter((s) => (load.get(s.id) ?? 0) > s.properties.capacity).map((s) => s.id);
      expect(res.overloaded.features.map((f) => f.properties.source_id)).toEqual(over);
      for (const f of res.overloaded.features) expect(f.properties.load).toBe(load.get(f.properties.source_id));
    });

    it('flags exactly the shelters inside a high or very-high zone', () => {
      const unsafe = city.shelters.features.filter((s) => city.zones.features.some((z) => (z.properties.grade === 'high' || z.properties.grade === 'very_high') && booleanPointInPolygon(s.geometry.coordinates, z.geometry)));
      expect(res.unsafe_shelters.features.map((f) => f.properties.source_id)).toEqual(unsafe.map((s) => s.id));
    });

    it('keeps the totals consistent between towns, city, points and gap areas', () => {
      const c = res.summary.city;
      const sum = (k: 'risk_sites' | 'residents' | 'uncovered_residents' | 'uncovered_village_population' | 'capacity' | 'usable_shelters' | 'unsafe_shelters') => res.towns.features.reduce((a, f) => a + f.properties[k], 0);
      expect(c.unassigned_sites + c.unassigned_villages + c.unassigned_shelters).toBe(0);
      for (const k of ['risk_sites', 'residents', 'uncovered_residents', 'uncovered_village_population', 'capacity', 'usable_shelters', 'unsafe_shelters'] as const) expect(sum(k)).toBe(c[k]);
      expect(res.uncovered.features.length).toBe(c.uncovered_sites + c.uncovered_villages);
      const gap = res.gap_areas.features.reduce((a, f) => [a[0] + f.properties.uncovered_residents, a[1] + f.properties.uncovered_village_population, a[2] + f.properties.cells], [0, 0, 0]);
      expect(gap).toEqual([c.uncovered_residents, c.uncovered_village_population, c.gap_cells]);
    });

    it('draws simple gap areas that hold every uncovered point', () => {
      for (const f of res.uncovered.features) {
        const holders = res.gap_areas.features.filter((g) => booleanPointInPolygon(f.geometry.coordinates, g.geometry, { ignoreBoundary: false }));
        expect(holders.length).toBeGreaterThanOrEqual(1);
      }
      for (const g of res.gap_areas.features) for (const ring of g.geometry.coordinates) expect(kinks(turfPolygon([ring])).features).toHaveLength(0);
    });
  });
});
