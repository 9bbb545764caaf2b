/**
 * On random small grids (random slopes, classes, one-way and closed roads, shelters and houses
 * anywhere), the all-shelters search must give every house the minimum over the single-pair
 * routes to each shelter, and the k-nearest search the same times in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { kNearestShelters } from '../../../server/routing/k-nearest.ts';
import { nearestShelters } from '../../../server/routing/nearest-shelters.ts';
import { ROAD_CLASSES } from '../../../server/routing/road-classes.ts';
import { routeToShelter } from '../../../server/routing/route.ts';
import { shelterField } from '../../../server/routing/shelter-field.ts';
import { TRAVEL_MODES, type RoadFeature, type TravelMode } from '../../../server/routing/types.ts';
import { at, road } from './support/network.ts';

const SPACING = 200;

const grid = fc
  .record({ cols: fc.integer({ min: 2, max: 4 }), rows: fc.integer({ min: 2, max: 4 }) })
  .chain(({ cols, rows }) => {
    const links = cols * (rows - 1) + rows * (cols - 1);
    const xyPoint = fc.tuple(fc.double({ min: -100, max: cols * SPACING, noNaN: true }), fc.double({ min: -100, max: rows * SPACING, noNaN: true }));
    return fc.record({
      cols: fc.constant(cols),
      rows: fc.constant(rows),
      heights: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: cols * rows, maxLength: cols * rows }),
      links: fc.array(
        fc.record({
          present: fc.double({ min: 0, max: 1, noNaN: true }),
          roadClass: fc.constantFrom(...ROAD_CLASSES),
          oneway: fc.boolean(),
          reversed: fc.boolean(),
          closed: fc.double({ min: 0, max: 1, noNaN: true }),
          bend: fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 120 })),
        }),
        { minLength: links, maxLength: links },
      ),
      shelters: fc.array(xyPoint, { minLength: 1, maxLength: 4 }),
      houses: fc.array(xyPoint, { minLength: 1, maxLength: 5 }),
      mode: fc.constantFrom(...TRAVEL_MODES),
    });
  });

type Grid = typeof grid extends fc.Arbitrary<infer T> ? T : never;

function roadsOf(g: Grid): RoadFeature[] {
  const node = (c: number, r: number) => at(c * SPACING, r * SPACING, g.heights[r * g.cols + c]);
  const pairs: [number, number, number, number][] = [];
  for (let r = 0; r < g.rows; r++) for (let c = 0; c + 1 < g.cols; c++) pairs.push([c, r, c + 1, r]);
  for (let r = 0; r + 1 < g.rows; r++) for (let c = 0; c < g.cols; c++) pairs.push([c, r, c, r + 1]);
  const roads: RoadFeature[] = [];
  pairs.forEach(([c1, r1, c2, r2], i) => {
    const link = g.links[i];
    if (link.present > 0.85) return;
    const [bx, by, bz] = link.bend;
    const mid = at(((c1 + c2) / 2) * SPACING + bx, ((r1 + r2) / 2) * SPACING + by, bz);
    const line = [node(c1, r1), mid, node(c2, r2)];
    if (link.reversed) line.reverse();
    roads.push(road({ road_class: link.roadClass, oneway: link.oneway, closed: link.closed > 0.9 }, ...line));
  });
  return roads;
}

const close = (a: number, b: number) => (a === Infinity || b === Infinity ? a === b : Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)));

describe('multi-source search against single-pair routes', () => {
  it('gives each house the cheapest of its routes to every shelter', () => {
    fc.assert(
      fc.property(grid, (g) => {
        const roads = roadsOf(g);
        if (roads.length === 0) return;
        const graph = buildRoadGraph(roads);
        const mode: TravelMode = g.mode;
        const shelters = g.shelters.map(([x, y]) => at(x, y));
        const houses = g.houses.map(([x, y]) => at(x, y));
        const best = nearestShelters(graph, shelterField(graph, shelters, { mode }), houses);
        const near = kNearestShelters(graph, shelters, houses, { mode, k: shelters.length, maxMinutes: 1e9 });
        const value = (r: ReturnType<typeof routeToShelter>) => (!r ? Infinity : mode === 'length' ? r.properties.length_m : r.properties.minutes!);
        houses.forEach((h, i) => {
          const each = shelters.map((s) => value(routeToShelter(graph, h, s, { mode })));
          const expected = Math.min(...each);
          const got = mode === 'length' ? best.distance_m[i] : best.minutes[i];
          expect(close(got, expected), `house ${i}: ${got} vs ${expected}`).toBe(true);
          if (expected < Infinity) expect(close(each[best.shelter[i]], expected)).toBe(true);
          const sorted = each.filter((v) => v < Infinity).sort((a, b) => a - b);
          expect(near.count[i]).toBe(sorted.length);
          sorted.forEach((v, j) => expect(close(near.minutes[i * near.k + j], v), `k-nearest ${j}`).toBe(true));
        });
      }),
      { numRuns: 150, seed: 20260101 },
    );
  });
});
