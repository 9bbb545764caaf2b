import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { nearestIndex } from '../../../server/analysis/nearest-index.ts';
import { shelterCandidates } from '../../../server/analysis/shelter-candidates.ts';

// Along the meridian 110.9 E, 0.001° of latitude is 111.195 m. Shelters at 22.300 (reach 500 m),
// 22.305 (reach 1,000 m) and 22.310 (reach 200 m).
const M = 111.19508;
const shelters: Feature<Point>[] = [22.3, 22.305, 22.31].map((lat, j) => ({ type: 'Feature', id: j, properties: {}, geometry: { type: 'Point', coordinates: [110.9, lat] } }));
const reach = [500, 1000, 200];
const demand = (...lats: number[]) => ({ lon: Float64Array.from(lats, () => 110.9), lat: Float64Array.from(lats) });
const rows = (c: ReturnType<typeof shelterCandidates>) =>
  Array.from({ length: c.start.length - 1 }, (_, i) => Array.from(c.shelter.slice(c.start[i], c.start[i + 1])));

describe('shelterCandidates', () => {
  it('lists for each point the shelters whose own reach covers it, nearest first', () => {
    // a point at 22.303: 333.6 m from shelter 0 (reach 500 ✓), 222.4 m from 1 (✓), 778.4 m from 2 (reach 200 ✗)
    // a point at 22.309: 111.2 m from 2 (✓), 444.8 m from 1 (✓), 1,000.8 m from 0 (✗)
    const c = shelterCandidates(demand(22.303, 22.309), nearestIndex(shelters), reach);
    expect(rows(c)).toEqual([[1, 0], [2, 1]]);
    expect(c.distance[0]).toBeCloseTo(2 * M, 3);
    expect(c.distance[1]).toBeCloseTo(3 * M, 3);
  });

  it('gives an empty row to a point no shelter reaches', () => {
    const c = shelterCandidates(demand(22.33), nearestIndex(shelters), reach); // 2.2 km from the nearest
    expect(Array.from(c.start)).toEqual([0, 0]);
  });

  it('keeps only the nearest maxCandidates', () => {
    const c = shelterCandidates(demand(22.303), nearestIndex(shelters), reach, 1);
    expect(rows(c)).toEqual([[1]]);
  });
});
