import { describe, expect, it } from 'vitest';
import type { Feature, Point } from 'geojson';
import { greatCircleM } from '../../../server/analysis/great-circle.ts';
import { nearestIndex } from '../../../server/analysis/nearest-index.ts';
import { prng } from './support/prng.ts';

function points(n: number, lon: [number, number], lat: [number, number], seed: number): Feature<Point>[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    let x = lon[0] + rnd() * (lon[1] - lon[0]);
    if (x > 180) x -= 360;
    return { type: 'Feature', id: i, properties: {}, geometry: { type: 'Point', coordinates: [x, lat[0] + rnd() * (lat[1] - lat[0])] } };
  });
}
const brute = (pts: Feature<Point>[], lon: number, lat: number) =>
  pts.map((p, i) => ({ i, d: greatCircleM(lon, lat, p.geometry.coordinates[0], p.geometry.coordinates[1]) })).sort((a, b) => a.d - b.d || a.i - b.i);

describe('nearestIndex', () => {
  const regions: [string, [number, number], [number, number]][] = [
    ['Guangdong', [109.7, 117.3], [20.2, 25.5]],
    ['the whole globe', [-180, 180], [-89, 89]],
    ['across the antimeridian', [179, 181], [-10, 10]],
  ];
  for (const [name, lon, lat] of regions) {
    it(`returns the same neighbours as brute force over ${name}`, () => {
      const pts = points(1500, lon, lat, 7);
      const index = nearestIndex(pts);
      const rnd = prng(8);
      const out = new Float64Array(1);
      for (let q = 0; q < 100; q++) {
        let x = lon[0] + rnd() * (lon[1] - lon[0]);
        if (x > 180) x -= 360;
        const y = lat[0] + rnd() * (lat[1] - lat[0]);
        const expected = brute(pts, x, y);
        const reach = expected[5].d * 1.01;
        const hits = index.around(x, y, 5, reach);
        expect(hits.map((h) => h.distance_m)).toEqual(expected.slice(0, 5).map((e) => expect.closeTo(e.d, 6)));
        const ids: number[] = [];
        const dists: number[] = [];
        index.withinInto(x, y, reach, ids, dists);
        expect(dists).toEqual(expected.filter((e) => e.d <= reach).map((e) => expect.closeTo(e.d, 6)));
        index.nearestGuess(x, y, rnd() * 20_000, out);
        expect(out[0]).toBeCloseTo(expected[0].d, 6);
        expect(index.nearest(x, y)?.distance_m).toBeCloseTo(expected[0].d, 6);
      }
    });
  }

  it('applies maxDistance and the filter, and copes with an empty set', () => {
    const pts = points(200, [110.7, 111.7], [22.2, 22.7], 3);
    const index = nearestIndex(pts);
    const hits = index.around(111.2, 22.45, Infinity, 5000, (_f, i) => i % 2 === 0);
    expect(hits.every((h) => h.distance_m <= 5000 && h.index % 2 === 0)).toBe(true);
    expect(hits.map((h) => h.feature)).toEqual(hits.map((h) => pts[h.index]));
    const empty = nearestIndex([]);
    expect(empty.nearest(111, 22)).toBeNull();
    expect(empty.around(111, 22)).toEqual([]);
  });

  it('does not mutate the features', () => {
    const pts = Object.freeze(points(50, [110.7, 111.7], [22.2, 22.7], 4).map((p) => Object.freeze(p)));
    const before = JSON.stringify(pts);
    nearestIndex(pts).around(111, 22.4, 10);
    expect(JSON.stringify(pts)).toBe(before);
  });
});

describe('nearestIndex queries own their state', () => {
  const pts = points(300, [110.7, 111.7], [22.2, 22.7], 11);
  const index = nearestIndex(pts);
  const a = [110.95, 22.36];
  const b = [111.4, 22.6];

  it('walks two queries in alternation, each giving what it gives alone', () => {
    const alone = (p: number[]) => index.around(p[0], p[1], 40).map((h) => h.index);
    const walkA = index.nearestFirst(a[0], a[1]);
    const walkB = index.nearestFirst(b[0], b[1]);
    const gotA: number[] = [];
    const gotB: number[] = [];
    for (let k = 0; k < 40; k++) {
      gotA.push(walkA.next().value!.index);
      gotB.push(walkB.next().value!.index);
    }
    expect(gotA).toEqual(alone(a));
    expect(gotB).toEqual(alone(b));
  });

  it('answers a query made from inside another query’s filter', () => {
    // the filter asks the same index about another point on every candidate
    const plain = index.around(a[0], a[1], 10, Infinity, (_f, i) => i % 3 === 0);
    const nested = index.around(a[0], a[1], 10, Infinity, (_f, i) => index.nearest(b[0], b[1]) !== null && i % 3 === 0);
    expect(nested).toEqual(plain);
  });

  it('walks lazily, nearest first, within the reach, and ends', () => {
    const hits = [...index.nearestFirst(a[0], a[1], 3000)];
    expect(hits.map((h) => h.index)).toEqual(index.around(a[0], a[1], Infinity, 3000).map((h) => h.index));
    expect(hits.every((h, k) => k === 0 || h.distance_m >= hits[k - 1].distance_m)).toBe(true);
    expect([...nearestIndex([]).nearestFirst(111, 22)]).toEqual([]);
  });
});
