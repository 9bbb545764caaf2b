import { describe, expect, it } from 'vitest';
import { placeWithRoom } from '../../../server/analysis/coverage-room.ts';
import { usableShelters } from '../../../server/analysis/coverage-shelters.ts';
import { DEFAULT_STANDARDS } from '../../../server/analysis/standards.ts';
import type { ShelterFeature } from '../../../server/analysis/types.ts';

const M = (6_371_008.8 * Math.PI) / 180 / 1000; // metres per 0.001° of latitude
const shelter = (id: number, lat: number, capacity: number): ShelterFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9, lat] },
  properties: { code: `S${id}`, name: `S${id}`, shelter_type: 'short_term', level: 'town', capacity, status: 'open' },
});

// Two short-term shelters (reach 1,000 m) on one meridian: A at 22.300 with 10 places, B at
// 22.308 with 50. Points at 22.302 (8 residents), 22.301 (6) and 22.320 (3).
const set = usableShelters([shelter(1, 22.3, 10), shelter(2, 22.308, 50)], DEFAULT_STANDARDS);
const placed = placeWithRoom({ lon: [110.9, 110.9, 110.9], lat: [22.302, 22.301, 22.32], residents: [8, 6, 3] }, set);

describe('placeWithRoom', () => {
  it('serves the nearest first: the point 111 m from A gets A, the one 222 m away finds A full and goes on to B', () => {
    // order by distance to the nearest shelter in reach: point 1 (111.2 m), then point 0 (222.4 m)
    expect(Array.from(placed.shelter)).toEqual([1, 0, -1]);
    expect(placed.distance[0]).toBeCloseTo(6 * M, 3); // 22.302 → 22.308
    expect(Array.from(placed.load)).toEqual([6, 8]);
  });

  it('leaves a point no radius reaches unplaced and out of reach', () => {
    // 22.320 is 1,334 m from B and 2,224 m from A
    expect(placed.distance[2]).toBeNaN();
    expect(Array.from(placed.inReach)).toEqual([1, 1, 0]);
  });

  it('counts a point in reach even when there is no room anywhere', () => {
    const tight = placeWithRoom({ lon: [110.9], lat: [22.301], residents: [80] }, set);
    expect([tight.shelter[0], tight.inReach[0]]).toEqual([-1, 1]);
  });
});
