/**
 * The nearest segment, found by a box around the point (as wide as recent queries needed) or,
 * when the box cannot be sure, by the tree's nearest-neighbour search: either way the segment a
 * measurement of every segment picks (ties to the lower segment number), for points on the roads,
 * just off them and kilometres away, in any order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectOnSegment } from '../../../server/routing/geodesy.ts';
import { SegmentIndex } from '../../../server/routing/segment-index.ts';
import { at } from './support/network.ts';

/** Segments of polylines drawn in metres, as the graph stores them (vertices in a row, edge ranges). */
function index(lines: [number, number][][]) {
  const lon: number[] = [];
  const lat: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  for (const line of lines) {
    first.push(lon.length);
    for (const [x, y] of line) {
      const p = at(x, y);
      lon.push(p[0]);
      lat.push(p[1]);
    }
    last.push(lon.length - 1);
  }
  const arrays = { lon: Float64Array.from(lon), lat: Float64Array.from(lat), first: Int32Array.from(first), last: Int32Array.from(last) };
  return { ...arrays, tree: new SegmentIndex(arrays.lon, arrays.lat, arrays.first, arrays.last) };
}

/** Every segment measured: the nearest (lowest number on a tie) whose edge is accepted. */
function measured(ix: ReturnType<typeof index>, lon: number, lat: number, accept: (edge: number) => boolean) {
  const out = new Float64Array(2);
  let best: { edge: number; vertex: number; distanceM: number; t: number } | null = null;
  for (let e = 0; e < ix.first.length; e++) {
    if (!accept(e)) continue;
    for (let v = ix.first[e]; v < ix.last[e]; v++) {
      projectOnSegment(lon, lat, ix.lon[v], ix.lat[v], ix.lon[v + 1], ix.lat[v + 1], out);
      if (!best || out[1] < best.distanceM) best = { edge: e, vertex: v, distanceM: out[1], t: out[0] };
    }
  }
  return best;
}

describe('the nearest segment', () => {
  // A street grid 100 m apart, and one lane 3 km east.
  const streets: [number, number][][] = [];
  for (let k = 0; k <= 5; k++) {
    streets.push([[0, k * 100], [250, k * 100], [500, k * 100]]);
    streets.push([[k * 100, 0], [k * 100, 500]]);
  }
  streets.push([[3500, 0], [3500, 800]]);
  const ix = index(streets);
  const all = () => true;
  /** The usable-edge mask the index reads, from a predicate over the 13 edges. */
  const only = (accept: (e: number) => boolean) => Uint8Array.from({ length: 13 }, (_, e) => (accept(e) ? 1 : 0));

  it('finds the street a house stands by, then the lone lane 3 km away, then the street again', () => {
    const near = ix.tree.nearest(...(at(130, 212) as [number, number]), null)!;
    expect(near.distanceM).toBeCloseTo(12, 3);
    expect(near.edge).toBe(4); // the street at y = 200
    // Far off: nothing in the box, the tree's own search finds the lane (3,000 m across the fields).
    const far = ix.tree.nearest(...(at(3000, 400) as [number, number]), only((e) => e === 12))!;
    expect(far.edge).toBe(12);
    expect(far.distanceM).toBeCloseTo(500, 1);
    expect(ix.tree.nearest(...(at(3000, 400) as [number, number]), only((e) => e === 12), 400)).toBeNull();
    const again = ix.tree.nearest(...(at(130, 212) as [number, number]), null)!;
    expect(again).toEqual(near);
  });

  it('on a vertex shared by two segments of one street, picks the segment that measuring every one picks', () => {
    // (250, 300) ends the first segment of the street at y = 300 and starts its second.
    const [lon, lat] = at(250, 300);
    const hit = ix.tree.nearest(lon, lat, null)!;
    const want = measured(ix, lon, lat, all)!;
    expect(hit).toEqual({ vertex: want.vertex, edge: 6, t: want.t, distanceM: want.distanceM });
    expect(hit.distanceM).toBeLessThan(1e-6);
  });

  it('looks past the box when what it holds may not be nearest: a diagonal road 566 m off, a street 350 m north', () => {
    // The diagonal's box holds the point, the street lies outside any first box (at most 300 m wide each way).
    const roads = index([[[0, 0], [1000, 1000]], [[600, 450], [1200, 450]]]);
    const [lon, lat] = at(900, 100);
    const hit = roads.tree.nearest(lon, lat, null)!;
    expect(hit.edge).toBe(1);
    expect(hit.distanceM).toBeCloseTo(350, 1);
  });

  it('agrees with measuring every segment, for any points in any order and any roads open', () => {
    const point = fc.tuple(fc.double({ min: -4000, max: 8000, noNaN: true }), fc.double({ min: -4000, max: 5000, noNaN: true }));
    const nearPoint = fc.tuple(fc.double({ min: -20, max: 520, noNaN: true }), fc.double({ min: -20, max: 520, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.oneof(point, nearPoint), { minLength: 1, maxLength: 40 }), fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }), (points, open) => {
        const accept = (e: number) => open[e];
        for (const [x, y] of points) {
          const [lon, lat] = at(x, y);
          const want = measured(ix, lon, lat, accept);
          const got = ix.tree.nearest(lon, lat, only(accept));
          if (!want) expect(got).toBeNull();
          else expect(got).toEqual({ vertex: want.vertex, edge: want.edge, t: want.t, distanceM: want.distanceM });
        }
      }),
      { numRuns: 300 },
    );
  });
});
