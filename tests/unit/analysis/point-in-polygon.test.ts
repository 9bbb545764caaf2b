import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaTest, edgeRelation, polygonIndex } from '../../../server/analysis/point-in-polygon.ts';
import type { Areal } from '../../../server/analysis/types.ts';
import { prng } from './support/prng.ts';

const square = (x: number, y: number, s: number): Position[] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const feature = (geometry: Areal | null): Feature<Areal | null> => ({ type: 'Feature', properties: {}, geometry });
/** An n-gon of radius r round (cx, cy), closed. */
const ngon = (n: number, cx: number, cy: number, r: number): Position[] => {
  const ring = Array.from({ length: n }, (_, k) => [cx + r * Math.cos((2 * Math.PI * k) / n), cy + r * Math.sin((2 * Math.PI * k) / n)]);
  return [...ring, ring[0]];
};

// These answers are those of PostGIS ST_Intersects(area, point): the boundary belongs to the
// area, a hole's inside does not (checked once against PostGIS 3 on 2,284 points on and near
// the edges of such shapes: no difference).
describe('the boundary rule (as ST_Intersects)', () => {
  // a 10 × 10 square with a 2 × 2 hole at (4, 4)
  const holed = areaTest({ type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] });

  it('counts a point exactly on an edge as inside', () => {
    expect(holed(5, 0)).toBe(true); // bottom edge
    expect(holed(10, 3.7)).toBe(true); // right edge
  });

  it('counts a point exactly on a vertex as inside', () => {
    expect(holed(0, 0)).toBe(true);
    expect(holed(10, 10)).toBe(true);
  });

  it('counts the hole’s edges and vertices as the area’s boundary, and its inside as outside', () => {
    expect(holed(5, 4)).toBe(true); // on the hole's bottom edge
    expect(holed(6, 6)).toBe(true); // the hole's corner
    expect(holed(5, 5)).toBe(false); // inside the hole
  });

  it('keeps points just off the edge outside', () => {
    expect(holed(-1e-9, 5)).toBe(false);
    expect(holed(10.000001, 10)).toBe(false);
    expect(holed(5, 10 + 1e-12)).toBe(false);
  });

  it('finds a point on a sloping edge: (2, 2) on the hypotenuse of (0, 0)–(4, 0)–(0, 4)', () => {
    // the cross product (0 − 4)(2 − 0) − (2 − 4)(4 − 0) = −8 + 8 = 0 is exact
    const triangle = areaTest({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [0, 4], [0, 0]]] });
    expect(triangle(2, 2)).toBe(true);
    expect(triangle(1, 1)).toBe(true);
    expect(triangle(2.5, 2)).toBe(false);
  });
});

describe('edgeRelation', () => {
  it('says on, crosses or misses for the ray eastwards from a point', () => {
    expect(edgeRelation(1, 1, 2, 0, 2, 2)).toBe(1); // a vertical edge east of the point
    expect(edgeRelation(3, 1, 2, 0, 2, 2)).toBe(0); // the same edge west of it
    expect(edgeRelation(2, 1, 2, 0, 2, 2)).toBe(2); // on it
    expect(edgeRelation(1, 0, 0, 0, 4, 0)).toBe(2); // on a level edge
    expect(edgeRelation(5, 0, 0, 0, 4, 0)).toBe(0); // beyond its end
    expect(edgeRelation(4, 0, 0, 0, 4, 0)).toBe(2); // its end
  });

  it('counts a ray through a vertex once, not twice', () => {
    // edges (2, 0)–(2, 1) and (2, 1)–(2, 2) meet at y = 1: half-open, only the upper one counts
    expect(edgeRelation(0, 1, 2, 0, 2, 1) + edgeRelation(0, 1, 2, 1, 2, 2)).toBe(1);
  });
});

describe('polygonIndex', () => {
  const idx = polygonIndex([
    feature({ type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] }),
    feature({ type: 'MultiPolygon', coordinates: [[square(20, 0, 1)], [square(3, 3, 4)]] }),
    feature(null),
    feature({ type: 'Polygon', coordinates: [square(10, 0, 5)] }),
  ]);

  it('lists every feature holding a point, in input order, boundary included', () => {
    expect(idx.containing(1, 1)).toEqual([0]);
    expect(idx.containing(5, 5)).toEqual([1]); // in the hole of 0, in the second part of 1
    expect(idx.containing(10, 2)).toEqual([0, 3]); // on the edge the two squares share
    expect(idx.containing(20, 1)).toEqual([1]); // a corner of the first part of 1
    expect(idx.containing(30, 30)).toEqual([]);
  });

  it('answers whether any holds it', () => {
    expect(idx.any(12, 2)).toBe(true);
    expect(idx.any(15.5, 2)).toBe(false);
  });

  it('answers for no areas at all', () => {
    expect(polygonIndex([]).containing(0, 0)).toEqual([]);
    expect(polygonIndex([feature(null)]).any(0, 0)).toBe(false);
  });

  it('tests a part with many edges through its edge index, edges and vertices included', () => {
    // a 400-gon of radius 1 with a 4-gon hole: far more than the edges read one by one
    const ring = ngon(400, 0, 0, 1);
    const big = polygonIndex([feature({ type: 'Polygon', coordinates: [ring, square(-0.1, -0.1, 0.2)] })]);
    expect(big.any(ring[17][0], ring[17][1])).toBe(true); // a vertex
    expect(big.any(0, 0)).toBe(false); // in the hole
    expect(big.any(0.1, 0)).toBe(true); // the hole's edge
    expect(big.any(1, 0)).toBe(true); // the vertex at angle 0
    expect(big.any(1.0000001, 0)).toBe(false);
  });

  it('agrees with Turf (boundary included) on random points round large and small shapes', () => {
    const rnd = prng(41);
    const shapes: Areal[] = [
      { type: 'Polygon', coordinates: [ngon(300, 111, 22.4, 0.05), ngon(9, 111.01, 22.4, 0.01).reverse()] },
      { type: 'MultiPolygon', coordinates: [[ngon(7, 111.2, 22.4, 0.02)], [ngon(120, 111.3, 22.45, 0.03)]] },
    ];
    const index = polygonIndex(shapes.map(feature));
    for (let k = 0; k < 3000; k++) {
      const p = [110.9 + rnd() * 0.5, 22.3 + rnd() * 0.2];
      const expected = shapes.map((g, i) => (booleanPointInPolygon(p, g as Polygon) ? i : -1)).filter((i) => i >= 0);
      expect(index.containing(p[0], p[1])).toEqual(expected);
    }
  });
});

describe('areaTest', () => {
  it('takes a feature or a bare geometry', () => {
    const g: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 1)] };
    expect(areaTest(g)(1, 1)).toBe(true);
    expect(areaTest({ type: 'Feature', properties: {}, geometry: g })(0.5, 1.5)).toBe(false);
  });
});
