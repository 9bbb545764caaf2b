import { area, booleanPointInPolygon, distance, union, featureCollection } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { assignWithCapacity, type CapacityProblem } from '../../../server/analysis/capacity-assign.ts';
import { catchments, type CatchmentResult } from '../../../server/analysis/catchments.ts';
import { greatCircleM } from '../../../server/analysis/great-circle.ts';
import type { RiskSiteFeature, ShelterFeature, ShelterType } from '../../../server/analysis/types.ts';
import { smallInstance } from './support/capacity-instances.ts';
import { exactAssignment, nearestWithOverflow } from './support/exact-assignment.ts';
import { prng } from './support/prng.ts';
import { M_PER_DEG, tinyCity } from '../../fixtures/tiny-city.ts';
import { deepFreeze } from './support/deep-freeze.ts';

const RADII = { emergency: 500, short_term: 1000, mid_term: 1500, long_term: 2500 };

function city() {
  const c = tinyCity('tiny-city');
  // the caller passes usable shelters only: shelter 4 is closed
  const shelters = c.shelters.features.filter((s) => s.properties.status === 'open' || s.properties.status === 'standby');
  const outline = union(featureCollection(c.towns.features as Feature<Polygon | MultiPolygon>[]))!;
  return { ...c, usable: shelters, outline };
}
const byDemand = (r: CatchmentResult) => new Map(r.assignments.map((a) => [a.demand_id, a]));
const shelterProps = (r: CatchmentResult, id: number) => r.features.find((f) => f.id === id)!.properties;

describe('catchments, method capacity, on the tiny city', () => {
  const c = city();
  const res = catchments(c.sites, c.usable, { method: 'capacity', serviceRadiusM: RADII });
  const a = byDemand(res);

  it('gives shelter 1 (30 places) site 2 (20 residents) rather than site 1 (12): both do not fit', () => {
    expect(a.get(2)?.shelter_id).toBe(1);
    expect(a.get(2)?.distance_m).toBeCloseTo(0.003 * M_PER_DEG, 0); // 333.6 m due north
    expect(a.has(1)).toBe(false);
    expect(res.unassigned.find((u) => u.demand_id === 1)?.reason).toBe('capacity_exhausted');
  });

  it('fills shelter 3 (50 places) with sites 5 and 7 (40 residents), the most that fits', () => {
    // candidates: site 5 (30), site 6 (25), site 7 (10); 30 + 25 > 50, so {5, 7} places most
    expect(a.get(5)?.shelter_id).toBe(3);
    expect(a.get(7)?.shelter_id).toBe(3);
    expect(a.get(7)?.distance_m).toBeCloseTo(0.0115 * M_PER_DEG, 0);
    expect(res.unassigned.find((u) => u.demand_id === 6)?.reason).toBe('capacity_exhausted');
  });

  it('leaves sites beyond every radius unassigned with that reason', () => {
    // site 3 lies 500.4 m from the 500 m emergency shelter 1; sites 8 and 9 lie > 1 km from any shelter
    const far = res.unassigned.filter((u) => u.reason === 'no_shelter_within_radius').map((u) => u.demand_id);
    expect(far).toEqual([3, 8, 9]);
  });

  it('sums up: 100 of 154 residents placed, person-metres and loads as worked by hand', () => {
    const total = 20 * 0.003 * M_PER_DEG + 40 * 0.007 * M_PER_DEG + 30 * 0.008 * M_PER_DEG + 10 * 0.0115 * M_PER_DEG;
    expect(res.summary).toMatchObject({
      method: 'capacity', demand_points: 9, residents: 154, placed_residents: 100, unassigned_residents: 54,
      shelters: 4, shelters_used: 3, over_capacity_shelters: 0, beyond_radius_residents: 0,
    });
    expect(res.summary.total_distance_m).toBeCloseTo(total, 0);
    expect(res.summary.mean_distance_m).toBeCloseTo(total / 100, 0);
    expect(shelterProps(res, 3)).toMatchObject({ load: 40, capacity: 50, utilisation: 0.8, demand_count: 2, households: 11 });
    expect(shelterProps(res, 3).max_distance_m).toBeCloseTo(0.0115 * M_PER_DEG, 0);
    expect(shelterProps(res, 5)).toMatchObject({ load: 0, demand_count: 0, max_distance_m: null, mean_distance_m: null });
  });

  it('draws each shelter a polygon holding the shelter and its assigned sites', () => {
    for (const f of res.features) {
      expect(f.geometry?.type).toBe('Polygon');
      const shelter = c.usable.find((s) => s.id === f.id)!;
      expect(booleanPointInPolygon(shelter.geometry.coordinates, f.geometry!)).toBe(true);
      for (const x of res.assignments.filter((y) => y.shelter_id === f.id)) {
        const p = c.sites.features.find((s) => s.id === x.demand_id)!;
        expect(booleanPointInPolygon(p.geometry.coordinates, f.geometry!)).toBe(true);
      }
    }
  });

  it('never splits a village: 300 residents fit no shelter in reach and stay whole', () => {
    const v = catchments(c.villages, c.usable, { method: 'capacity', serviceRadiusM: RADII });
    expect(v.unassigned).toEqual([{ demand_id: 101, demand_type: 'village', residents: 300, households: 90, reason: 'capacity_exhausted' }]);
    expect(v.assignments).toMatchObject([{ demand_id: 102, demand_type: 'village', residents: 45, households: 15, shelter_id: 3 }]);
    expect(v.assignments[0].distance_m).toBeCloseTo(0.004 * M_PER_DEG, 0);
  });
});

describe('catchments, method nearest, on the tiny city', () => {
  const c = city();
  const res = catchments(c.sites, c.usable, { method: 'nearest', boundary: c.outline, serviceRadiusM: RADII });
  const a = byDemand(res);

  it('sends every site to its nearest shelter, capacity ignored', () => {
    expect(Object.fromEntries([...a].map(([id, x]) => [id, x.shelter_id]))).toEqual({ 1: 1, 2: 1, 3: 1, 4: 2, 5: 3, 6: 3, 7: 3, 8: 1, 9: 1 });
    expect(a.get(1)?.distance_m).toBeCloseTo(0.004 * M_PER_DEG, 0);
    expect(a.get(4)?.distance_m).toBeCloseTo(0.007 * M_PER_DEG, 0);
    expect(res.unassigned).toEqual([]);
  });

  it('reports overloads and sites beyond the service radius', () => {
    expect(shelterProps(res, 1).load).toBe(49); // 12 + 20 + 6 + 4 + 7 for 30 places
    expect(shelterProps(res, 3).load).toBe(65);
    expect(res.summary.over_capacity_shelters).toBe(2);
    // site 3 at 500.4 m, sites 8 and 9 at ~1.5 km and ~1.0 km from a 500 m shelter
    expect(res.summary.beyond_radius_residents).toBe(6 + 4 + 7);
    expect(a.get(3)?.within_radius).toBe(false);
    expect(a.get(7)?.within_radius).toBe(true);
  });

  it('tiles the city outline with the Voronoi cells of the shelters', () => {
    const cells = res.features.map((f) => f.geometry!);
    expect(cells.every((g) => g !== null)).toBe(true);
    const sum = cells.reduce((s, g) => s + area(g), 0);
    expect(sum / area(c.outline)).toBeCloseTo(1, 6);
    res.features.forEach((f) => {
      const s = c.usable.find((x) => x.id === f.id)!;
      expect(booleanPointInPolygon(s.geometry.coordinates, f.geometry!)).toBe(true);
    });
    for (const x of res.assignments) {
      const p = c.sites.features.find((s) => s.id === x.demand_id)!;
      expect(booleanPointInPolygon(p.geometry.coordinates, res.features.find((f) => f.id === x.shelter_id)!.geometry!)).toBe(true);
    }
  });

  it('matches Turf on every distance', () => {
    for (const x of res.assignments) {
      const p = c.sites.features.find((s) => s.id === x.demand_id)!;
      const s = c.usable.find((y) => y.id === x.shelter_id)!;
      expect(x.distance_m).toBeCloseTo(distance(p, s, { units: 'meters' }), 0);
    }
  });
});

describe('catchments leave their inputs alone', () => {
  it('does not mutate demand, shelters, boundary or options', () => {
    const c = city();
    for (const method of ['nearest', 'capacity'] as const) {
      const input = deepFreeze(structuredClone({ sites: c.sites, shelters: c.usable, options: { method, boundary: c.outline, serviceRadiusM: RADII } }));
      const before = JSON.stringify(input);
      catchments(input.sites, input.shelters, input.options);
      expect(JSON.stringify(input)).toBe(before);
    }
  });
});

// ─── quality of the capacity assignment ─────────────────────────────────────────────────────

function score(p: CapacityProblem, shelterOf: ArrayLike<number>, distOf: ArrayLike<number>) {
  let placed = 0;
  let cost = 0;
  const load = new Array<number>(p.capacity.length).fill(0);
  for (let i = 0; i < p.residents.length; i++) {
    if (shelterOf[i] < 0) continue;
    placed += p.residents[i];
    cost += p.residents[i] * distOf[i];
    load[shelterOf[i]] += p.residents[i];
  }
  return { placed, cost, load };
}

describe('assignWithCapacity quality', () => {
  const N = 300;
  const instances = Array.from({ length: N }, (_, k) => smallInstance(k + 1));
  const heuristic = instances.map((p) => {
    const r = assignWithCapacity(p);
    return score(p, r.shelter, r.distance);
  });

  it('respects capacity on every instance', () => {
    instances.forEach((p, k) => heuristic[k].load.forEach((l, j) => expect(l).toBeLessThanOrEqual(p.capacity[j])));
  });

  it('beats nearest-with-overflow: never fewer residents placed, never a longer walk for the same placed, shorter overall', () => {
    let sameH = 0;
    let sameB = 0;
    let morePlaced = 0;
    instances.forEach((p, k) => {
      const h = heuristic[k];
      const b = nearestWithOverflow(p);
      expect(h.placed).toBeGreaterThanOrEqual(b.placed);
      if (h.placed > b.placed) morePlaced++;
      if (h.placed === b.placed) {
        expect(h.cost).toBeLessThanOrEqual(b.cost + 1e-6);
        sameH += h.cost;
        sameB += b.cost;
      }
    });
    expect(sameH).toBeLessThan(sameB * 0.99); // measured: about 3 % shorter in total
    expect(morePlaced).toBeGreaterThan(0);
  });

  it('is within 5 % of the exact optimum (most placed, then least person-metres) on every instance', () => {
    let placedH = 0;
    let placedE = 0;
    let costH = 0;
    let costE = 0;
    instances.forEach((p, k) => {
      const h = heuristic[k];
      const e = exactAssignment(p);
      expect(h.placed).toBeLessThanOrEqual(e.placed); // sanity of the exact solver
      expect(h.placed).toBeGreaterThanOrEqual(0.95 * e.placed);
      if (h.placed === e.placed) {
        expect(h.cost).toBeLessThanOrEqual(1.05 * e.cost + 1e-6);
        costH += h.cost;
        costE += e.cost;
      }
      placedH += h.placed;
      placedE += e.placed;
    });
    expect(placedH / placedE).toBeGreaterThan(0.995);
    expect(costH / costE).toBeLessThan(1.01);
  });
});

// ─── scale ──────────────────────────────────────────────────────────────────────────────────

describe('catchments at scale (20,000 sites × 1,000 shelters over Xinyi)', () => {
  const rnd = prng(2026);
  const TYPES: ShelterType[] = ['emergency', 'short_term', 'mid_term', 'long_term'];
  const at = (): [number, number] => [110.68 + rnd() * 1.0, 22.19 + rnd() * 0.52];
  const sites = Array.from({ length: 20_000 }, (_, i): RiskSiteFeature => ({
    type: 'Feature', id: i + 1, geometry: { type: 'Point', coordinates: at() },
    properties: { code: `S${i}`, town_code: '440983100', households: 1 + Math.floor(rnd() * 6), residents: 1 + Math.floor(rnd() * 30),
      slope_height_m: null, slope_angle_deg: null, distance_to_slope_m: null, slope_material: null, retaining_structure: null, deformation: null, drainage: null },
  }));
  const shelters = Array.from({ length: 1_000 }, (_, j): ShelterFeature => ({
    type: 'Feature', id: j + 1, geometry: { type: 'Point', coordinates: at() },
    properties: { code: `B${j}`, name: `B${j}`, shelter_type: TYPES[j % 4], level: 'town', capacity: 20 + Math.floor(rnd() * 400), status: 'open' },
  }));

  it('keeps every invariant with method capacity', () => {
    const res = catchments(sites, shelters, { method: 'capacity', serviceRadiusM: RADII });
    // every demand point exactly once, whole
    const seen = new Map<number, number>();
    for (const x of [...res.assignments, ...res.unassigned]) seen.set(x.demand_id, (seen.get(x.demand_id) ?? 0) + 1);
    expect(seen.size).toBe(sites.length);
    expect([...seen.values()].every((v) => v === 1)).toBe(true);
    const site = new Map(sites.map((s) => [s.id, s]));
    const shelter = new Map(shelters.map((s) => [s.id, s]));
    const load = new Map<number, number>();
    for (const x of res.assignments) {
      expect(x.residents).toBe(site.get(x.demand_id)!.properties.residents); // never split
      const s = shelter.get(x.shelter_id)!;
      expect(x.distance_m).toBeLessThanOrEqual(RADII[s.properties.shelter_type] + 0.05);
      load.set(x.shelter_id, (load.get(x.shelter_id) ?? 0) + x.residents);
    }
    for (const f of res.features) {
      expect(f.properties.load).toBe(load.get(f.id) ?? 0);
      expect(f.properties.load).toBeLessThanOrEqual(f.properties.capacity);
    }
    expect(res.summary.over_capacity_shelters).toBe(0);
    expect(res.summary.placed_residents + res.summary.unassigned_residents).toBe(res.summary.residents);
    expect(res.summary.placed_residents).toBeGreaterThan(0);
    expect(res.unassigned.some((u) => u.reason === 'capacity_exhausted')).toBe(true);
  });

  it('sends every point to its true nearest shelter with method nearest', () => {
    const res = catchments(sites, shelters, { method: 'nearest' });
    expect(res.assignments).toHaveLength(sites.length);
    for (let k = 0; k < 200; k++) {
      const x = res.assignments[Math.floor(rnd() * res.assignments.length)];
      const p = sites[x.demand_id - 1].geometry.coordinates;
      const best = Math.min(...shelters.map((s) => greatCircleM(p[0], p[1], s.geometry.coordinates[0], s.geometry.coordinates[1])));
      expect(x.distance_m).toBeCloseTo(best, 0);
    }
  });
});
