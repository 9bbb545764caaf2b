import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { greedyMaxCover } from '../../../server/analysis/coverage-celf.ts';
import { greatCircleM } from '../../../server/analysis/great-circle.ts';
import { siting, type CandidateFeature } from '../../../server/analysis/siting.ts';
import { DEFAULT_STANDARDS, serviceRadii } from '../../../server/analysis/standards.ts';
import type { RiskSiteCollection } from '../../../server/analysis/types.ts';
import { tinyCity } from '../../fixtures/tiny-city.ts';
import { COUNTY, randomCity, rng } from '../../fixtures/tiny-city-coverage/random-city.ts';

const empty = { type: 'FeatureCollection' as const, features: [] };

describe('siting', () => {
  describe('on the tiny city (answers worked by hand, see the fixture README)', () => {
    it('picks the village that covers the most uncovered residents, and reports before and after', () => {
      const res = siting({ count: 1, shelterType: 'emergency', ...tinyCity('tiny-city-coverage') });
      expect(res.before).toEqual({ sites: 6, residents: 245, residents_covered: 200, residents_uncovered: 45, covered_pct: 81.6 });
      expect(res.after).toEqual({ sites: 6, residents: 245, residents_covered: 225, residents_uncovered: 20, covered_pct: 91.8 });
      expect(res.picks.features).toHaveLength(1);
      expect(res.picks.features[0].geometry.coordinates).toEqual([111.022, 22.432]);
      expect(res.picks.features[0].properties).toMatchObject({
        rank: 1, marginal_gain: 25, sites_covered: 1, covered_site_ids: [4], cumulative_residents_covered: 225, cumulative_covered_pct: 91.8,
        candidate_id: 2, candidate_code: '440999101202', candidate_name: '北村', town_code: '440999101', shelter_type: 'emergency', service_radius_m: 500, capacity: null,
      });
    });

    it('never picks a candidate in a high or very-high zone, and says how many were left out and why', () => {
      const res = siting({ count: 4, shelterType: 'long_term', ...tinyCity('tiny-city-coverage') });
      expect(res.candidates).toEqual({ total: 4, eligible: 3, excluded: 1, by_reason: { in_hazard_zone: 1, not_a_point: 0 }, by_hazard: { landslide: 1 } });
      expect(res.excluded.features.map((f) => f.properties)).toEqual([
        { candidate_id: 4, candidate_code: '440999102202', reason: 'in_hazard_zone', zone_codes: ['FX440999-0001'], hazards: ['landslide'], grades: ['high'] },
      ]);
      expect(res.picks.features.map((f) => f.properties.candidate_id)).not.toContain(4);
    });

    it('stops early when nothing uncovered is left within reach', () => {
      const res = siting({ count: 2, shelterType: 'emergency', ...tinyCity('tiny-city-coverage') });
      expect(res.picks.features).toHaveLength(1);
      expect(res.method.stopped_early).toBe(true);
    });

    it('ranks picks by marginal gain and can cover everyone', () => {
      const res = siting({ count: 2, shelterType: 'mid_term', ...tinyCity('tiny-city-coverage') });
      expect(res.picks.features.map((f) => [f.properties.rank, f.properties.candidate_id, f.properties.marginal_gain, f.properties.covered_site_ids])).toEqual([
        [1, 2, 25, [4]],
        [2, 3, 20, [6]],
      ]);
      expect(res.after.covered_pct).toBe(100);
    });

    it('holds a pick to its capacity, counting residents rather than whole sites', () => {
      const res = siting({ count: 2, shelterType: 'mid_term', capacity: 10, ...tinyCity('tiny-city-coverage') });
      expect(res.picks.features.map((f) => [f.properties.candidate_id, f.properties.marginal_gain, f.properties.capacity])).toEqual([
        [2, 10, 10],
        [3, 10, 10],
      ]);
      expect(res.after.residents_covered).toBe(220);
      expect(res.after.covered_pct).toBe(89.8);
    });

    it('takes the candidates it is given, leaving out those without a location', () => {
      const candidates: { features: CandidateFeature[] } = {
        features: [
          { type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [111.06, 22.44] }, properties: { code: 'IN-FLOOD' } },
          { type: 'Feature', id: 'b', geometry: null, properties: null },
          { type: 'Feature', id: 'c', geometry: { type: 'Point', coordinates: [111.094, 22.41] }, properties: { code: 'NEAR-R6', name: '南岭' } },
        ],
      };
      const res = siting({ count: 1, shelterType: 'emergency', candidates, ...tinyCity('tiny-city-coverage') });
      expect(res.candidates).toMatchObject({ total: 3, eligible: 1, excluded: 2, by_reason: { in_hazard_zone: 1, not_a_point: 1 }, by_hazard: { flood: 1 } });
      // (111.094, 22.410) is 5 × 111.195 m north and ~103 m west of R6: about 566 m, beyond 500 m
      expect(res.picks.features).toHaveLength(0);
      const wider = siting({ count: 1, shelterType: 'short_term', candidates, ...tinyCity('tiny-city-coverage') });
      expect(wider.picks.features[0].properties).toMatchObject({ candidate_id: 'c', candidate_code: 'NEAR-R6', candidate_name: '南岭', marginal_gain: 20, town_code: null });
    });

    it('counts a shelter in an unsafe zone as covering unless told not to', () => {
      const res = siting({ count: 1, shelterType: 'mid_term', countUnsafeShelters: false, ...tinyCity('tiny-city-coverage') });
      // without S4, R5 (60) is uncovered too; no village reaches it within 1.5 km (V3 is 2.7 km off)
      expect(res.before.residents_uncovered).toBe(105);
      expect(res.picks.features.map((f) => [f.properties.candidate_id, f.properties.marginal_gain])).toEqual([[2, 25]]);
    });

    it('rejects a bad count or capacity', () => {
      expect(() => siting({ count: -1, shelterType: 'emergency', ...tinyCity('tiny-city-coverage') })).toThrow(RangeError);
      expect(() => siting({ count: 1.5, shelterType: 'emergency', ...tinyCity('tiny-city-coverage') })).toThrow(RangeError);
      expect(() => siting({ count: 1, capacity: 0, shelterType: 'emergency', ...tinyCity('tiny-city-coverage') })).toThrow(RangeError);
    });

    it('does not change its input', () => {
      const input = tinyCity('tiny-city-coverage');
      const before = structuredClone(input);
      siting({ count: 2, shelterType: 'mid_term', capacity: 15, ...input });
      expect(input).toEqual(before);
    });
  });

  describe('quality: within 95 % of the true optimum on instances small enough to enumerate', () => {
    /** 40 sites and 12 candidates in a 6 × 6 km square, none covered today. */
    const instance = (seed: number) => {
      const r = rng(seed);
      const at = () => [111 + r() * 0.06, 22.4 + r() * 0.055];
      const sites: RiskSiteCollection = {
        type: 'FeatureCollection',
        features: Array.from({ length: 40 }, (_, i) => ({
          type: 'Feature' as const, id: i + 1, geometry: { type: 'Point' as const, coordinates: at() },
          properties: { code: `S${i}`, town_code: 'T', households: 1, residents: 1 + Math.floor(r() * 30), slope_height_m: null, slope_angle_deg: null, distance_to_slope_m: null, slope_material: null, retaining_structure: null, deformation: null, drainage: null },
        })),
      };
      const candidates = { features: Array.from({ length: 12 }, (_, i): CandidateFeature => ({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: at() }, properties: {} })) };
      const reach = sites.features.map((s) => candidates.features.map((c) => greatCircleM(s.geometry.coordinates[0], s.geometry.coordinates[1], (c.geometry as { coordinates: number[] }).coordinates[0], (c.geometry as { coordinates: number[] }).coordinates[1]) <= 1000));
      return { sites, candidates, weight: sites.features.map((s) => s.properties.residents), reach };
    };
    const triples = function* (n: number) {
      for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (let c = b + 1; c < n; c++) yield [a, b, c];
    };

    it('without a capacity (12 candidates choose 3, 60 seeded instances)', () => {
      for (let seed = 1; seed <= 60; seed++) {
        const { sites, candidates, weight, reach } = instance(seed);
        const res = siting({ count: 3, shelterType: 'short_term', candidates, sites, villages: empty, shelters: empty, zones: empty });
        let optimum = 0;
        for (const t of triples(12)) optimum = Math.max(optimum, weight.reduce((a, w, i) => a + (t.some((c) => reach[i][c]) ? w : 0), 0));
        expect(res.after.residents_covered).toBeLessThanOrEqual(optimum);
        expect(res.after.residents_covered / optimum).toBeGreaterThanOrEqual(0.95);
      }
    });

    it('with a capacity of 40 per shelter, against the best fractional assignment of each triple', () => {
      for (let seed = 1; seed <= 40; seed++) {
        const { sites, candidates, weight, reach } = instance(seed);
        const res = siting({ count: 3, shelterType: 'short_term', capacity: 40, candidates, sites, villages: empty, shelters: empty, zones: empty });
        let optimum = 0;
        for (const t of triples(12)) optimum = Math.max(optimum, maxFlow(weight, reach.map((row) => t.map((c) => row[c])), 40));
        for (const f of res.picks.features) expect(f.properties.marginal_gain).toBeLessThanOrEqual(40);
        expect(res.after.residents_covered).toBeLessThanOrEqual(optimum + 1e-9);
        expect(res.after.residents_covered / optimum).toBeGreaterThanOrEqual(0.95);
      }
    });
  });

  describe('greedyMaxCover', () => {
    it('gives the same picks as plain greedy, with fewer evaluations', () => {
      const r = rng(5);
      const n = 300, m = 2000;
      const weight = Array.from({ length: m }, () => 1 + Math.floor(r() * 10));
      const lists = Array.from({ length: n }, () => [...new Set(Array.from({ length: 1 + Math.floor(r() * 30) }, () => Math.floor(r() * m)))]);
      const start = Int32Array.from([0, ...lists.map((l, i) => lists.slice(0, i + 1).reduce((a, x) => a + x.length, 0))]);
      const cover = Int32Array.from(lists.flat());
      const lazy = greedyMaxCover({ weight, start, cover, count: 15, maxSwapPasses: 0 });
      // plain greedy
      const covered = new Uint8Array(m);
      const plain: number[] = [];
      for (let k = 0; k < 15; k++) {
        let best = -1, bestGain = 0;
        for (let c = 0; c < n; c++) {
          if (plain.includes(c)) continue;
          const g = lists[c].reduce((a, i) => a + (covered[i] ? 0 : weight[i]), 0);
          if (g > bestGain) [best, bestGain] = [c, g];
        }
        plain.push(best);
        for (const i of lists[best]) covered[i] = 1;
      }
      expect(lazy.picks.map((p) => p.candidate)).toEqual(plain);
      expect(lazy.evaluations).toBeLessThan(15 * n);
      const gains = lazy.picks.map((p) => p.gain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
    });

    it('never ends below greedy once swaps are allowed', () => {
      for (let seed = 1; seed <= 20; seed++) {
        const r = rng(seed);
        const n = 40, m = 200;
        const weight = Array.from({ length: m }, () => r() * 10);
        const lists = Array.from({ length: n }, () => [...new Set(Array.from({ length: 1 + Math.floor(r() * 15) }, () => Math.floor(r() * m)))]);
        const start = Int32Array.from([0, ...lists.map((l, i) => lists.slice(0, i + 1).reduce((a, x) => a + x.length, 0))]);
        const cover = Int32Array.from(lists.flat());
        const total = (res: ReturnType<typeof greedyMaxCover>) => res.picks.reduce((a, p) => a + p.gain, 0);
        const greedy = greedyMaxCover({ weight, start, cover, count: 5, maxSwapPasses: 0 });
        const swapped = greedyMaxCover({ weight, start, cover, count: 5 });
        expect(total(swapped)).toBeGreaterThanOrEqual(total(greedy) - 1e-9);
        expect(new Set(swapped.picks.map((p) => p.candidate)).size).toBe(swapped.picks.length);
      }
    });
  });

  describe('on a random county (seeded)', () => {
    const city = randomCity(77, COUNTY);
    const before = structuredClone(city);
    const res = siting({ count: 12, shelterType: 'short_term', ...city });

    it('does not change its input', () => {
      expect(city).toEqual(before);
    });

    it('keeps its books: distinct picks outside unsafe zones, gains adding up to the change in coverage', () => {
      const ids = res.picks.features.map((f) => f.properties.candidate_id);
      expect(new Set(ids).size).toBe(ids.length);
      const unsafe = city.zones.features.filter((z) => z.properties.grade === 'high' || z.properties.grade === 'very_high');
      for (const f of res.picks.features) expect(unsafe.some((z) => booleanPointInPolygon(f.geometry.coordinates, z.geometry))).toBe(false);
      const gains = res.picks.features.map((f) => f.properties.marginal_gain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
      expect(res.after.residents_covered - res.before.residents_covered).toBeCloseTo(gains.reduce((a, g) => a + g, 0), 6);
      expect(res.candidates.eligible + res.candidates.excluded).toBe(city.villages.features.length);
    });

    it('covers exactly the uncovered residents within the radius of its picks', () => {
      const radius = serviceRadii(DEFAULT_STANDARDS);
      const usable = city.shelters.features.filter((s) => s.properties.status === 'open' || s.properties.status === 'standby');
      const reached = (p: number[], list: { geometry: { coordinates: number[] } }[], r: (i: number) => number) => list.some((s, i) => greatCircleM(p[0], p[1], s.geometry.coordinates[0], s.geometry.coordinates[1]) <= r(i));
      let after = 0;
      for (const s of city.sites.features) {
        const p = s.geometry.coordinates;
        if (reached(p, usable, (i) => radius[usable[i].properties.shelter_type]) || reached(p, res.picks.features, () => 1000)) after += s.properties.residents;
      }
      expect(res.after.residents_covered).toBe(after);
    });
  });
});

/** Most weight sites can send to the picks they reach, each pick taking at most `cap` (augmenting paths). */
function maxFlow(weight: number[], reach: boolean[][], cap: number): number {
  const n = weight.length, m = reach[0]?.length ?? 0;
  const N = n + m + 2, S = n + m, T = n + m + 1;
  const c = Array.from({ length: N }, () => new Float64Array(N));
  for (let i = 0; i < n; i++) {
    c[S][i] = weight[i];
    for (let j = 0; j < m; j++) if (reach[i][j]) c[i][n + j] = Infinity;
  }
  for (let j = 0; j < m; j++) c[n + j][T] = cap;
  let flow = 0;
  for (;;) {
    const prev = new Int32Array(N).fill(-1);
    prev[S] = S;
    const queue = [S];
    while (queue.length > 0 && prev[T] < 0) {
      const u = queue.shift() as number;
      for (let v = 0; v < N; v++) if (prev[v] < 0 && c[u][v] > 1e-12) {
        prev[v] = u;
        queue.push(v);
      }
    }
    if (prev[T] < 0) return flow;
    let f = Infinity;
    for (let v = T; v !== S; v = prev[v]) f = Math.min(f, c[prev[v]][v]);
    for (let v = T; v !== S; v = prev[v]) {
      c[prev[v]][v] -= f;
      c[v][prev[v]] += f;
    }
    flow += f;
  }
}
