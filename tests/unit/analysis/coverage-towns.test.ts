import { describe, expect, it } from 'vitest';
import { areaCentroid, townPoint, townTable } from '../../../server/analysis/coverage-towns.ts';
import type { TownFeature } from '../../../server/analysis/types.ts';
import type { Position } from 'geojson';

const town = (id: number, code: string, ring: Position[]): TownFeature => ({ type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code, name: code } });
const west = town(1, 'W', [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
const east = town(2, 'E', [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]);
// a C open to the east: its centroid (the middle of the gap) lies outside it
const crescent = town(3, 'C', [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]);

describe('townTable', () => {
  const t = townTable([west, east]);

  it('finds an item’s town by its code first', () => {
    expect(t.slotOf('E')).toBe(1);
    expect(t.slotOf('E', 0.5, 0.5)).toBe(1); // the code wins over the location
  });

  it('else by the town that holds its location (an edge shared by two towns goes to the first)', () => {
    expect(t.slotOf(null, 1.5, 0.5)).toBe(1);
    expect(t.slotOf('unknown', 1, 0.5)).toBe(0);
  });

  it('else to the unassigned slot, after the towns', () => {
    expect(t.slotOf(null, 5, 5)).toBe(2);
    expect(t.slotOf(null)).toBe(2);
  });
});

describe('townPoint', () => {
  it('takes the centroid when it lies inside the town', () => {
    expect(townPoint(west)).toEqual({ lon: 0.5, lat: 0.5, method: 'centroid' });
  });

  it('takes a point on the surface when the centroid falls outside (a crescent)', () => {
    const p = townPoint(crescent)!;
    expect(p.method).toBe('point_on_surface');
    expect(townTable([crescent]).slotOf(null, p.lon, p.lat)).toBe(0);
  });

  it('has no point for a town without geometry', () => {
    expect(townPoint({ ...west, geometry: null as unknown as TownFeature['geometry'] })).toBeNull();
  });
});

describe('areaCentroid', () => {
  it('subtracts holes: a 4 × 4 square with a 2 × 2 hole in its south-west corner', () => {
    // outer: area 16 at (2, 2); hole: area 4 at (1, 1) → (16·2 − 4·1) / 12 = 2.333…
    const c = areaCentroid([[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]]])!;
    expect(c[0]).toBeCloseTo(7 / 3, 12);
    expect(c[1]).toBeCloseTo(7 / 3, 12);
  });

  it('is null for a shape without area', () => {
    expect(areaCentroid([[[[0, 0], [1, 1], [0, 0]]]])).toBeNull();
  });
});
