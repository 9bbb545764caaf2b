import { describe, expect, it } from 'vitest';
import { depotGaps } from '../../../server/analysis/coverage-depots.ts';
import { townTable } from '../../../server/analysis/coverage-towns.ts';
import { DEFAULT_STANDARDS } from '../../../server/analysis/standards.ts';
import type { AdminLevel, DepotFeature, TownFeature, VillageFeature } from '../../../server/analysis/types.ts';

const M = (6_371_008.8 * Math.PI) / 180 / 1000; // metres per 0.001° of latitude
const village = (id: number, lat: number): VillageFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [111, lat] }, properties: { code: `V${id}`, town_code: 'T1', name: `V${id}` } });
const depot = (id: number, lat: number, tier: AdminLevel): DepotFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [111, lat] }, properties: { code: `D${id}`, name: `D${id}`, tier } });
// a 0.1° square town whose centroid is (111, 22.35)
const town: TownFeature = { type: 'Feature', id: 9, geometry: { type: 'Polygon', coordinates: [[[110.95, 22.3], [111.05, 22.3], [111.05, 22.4], [110.95, 22.4], [110.95, 22.3]]] }, properties: { code: 'T1', name: 'T1' } };

// Limits (default): village-tier depot within 5 km of a village, town tier within 20 km and
// city tier within 60 km of a town's centre. Villages at 22.30 and 22.40; a village depot at
// 22.32 (2.2 km from the first, 8.9 km from the second), a town depot at 22.36 (1.1 km from the
// centre), a city depot at 23.00 (72.3 km).
const res = depotGaps({
  villages: [village(1, 22.3), village(2, 22.4)],
  towns: townTable([town]),
  depots: [depot(1, 22.32, 'village'), depot(2, 22.36, 'town'), depot(3, 23.0, 'city')],
  standards: DEFAULT_STANDARDS,
});

describe('depotGaps', () => {
  it('lists the village beyond 5 km of a village depot, with its distance and nearest depot', () => {
    const villages = res.gaps.filter((g) => g.properties.kind === 'village');
    expect(villages.map((g) => g.properties.source_id)).toEqual([2]);
    expect(villages[0].properties).toMatchObject({ tier: 'village', max_distance_m: 5000, nearest_depot_id: 1, nearest_depot_code: 'D1' });
    expect(villages[0].properties.distance_m).toBeCloseTo(80 * M, 0);
    expect(res.villageDistance[0]).toBeCloseTo(20 * M, 6);
  });

  it('measures a town from its centroid: near its town depot, 72 km from the city depot (a gap)', () => {
    const towns = res.gaps.filter((g) => g.properties.kind === 'town');
    expect(towns.map((g) => [g.properties.tier, g.properties.point_method])).toEqual([['city', 'centroid']]);
    expect(towns[0].geometry.coordinates).toEqual([111, 22.35]);
    expect(res.townDistance.town[0]).toBeCloseTo(10 * M, 3);
    expect(res.townDistance.city[0]).toBeCloseTo(650 * M, 0);
  });

  it('lets a higher tier serve a lower one when asked: the town depot is 4.4 km from village 2', () => {
    const lenient = depotGaps({ villages: [village(2, 22.4)], towns: townTable([]), depots: [depot(2, 22.36, 'town')], standards: DEFAULT_STANDARDS, higherTierServes: true });
    expect(lenient.gaps).toEqual([]);
  });

  it('reports no distance when the city has no depot of a tier', () => {
    const none = depotGaps({ villages: [village(1, 22.3)], towns: townTable([]), depots: [], standards: DEFAULT_STANDARDS });
    expect(none.gaps[0].properties).toMatchObject({ distance_m: null, nearest_depot_id: null });
    expect(none.villageDistance[0]).toBe(Infinity);
  });
});
