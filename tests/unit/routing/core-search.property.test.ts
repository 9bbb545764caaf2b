/**
 * The search without targets (pendant trees climbed and handed down, chains walked, only junctions
 * in the heap) against the plain search over every node (what a search with targets runs), on random
 * networks with dead-end spurs, long chains, loops, parallel roads, one-way and closed roads, seeds
 * anywhere (in a tree, inside a chain, at a junction), what-if closures and cost limits: the same
 * cost, metres, seed and edge at every node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { runSearch, type Seeds } from '../../../server/routing/search.ts';
import type { RoadClass } from '../../../server/routing/road-classes.ts';
import type { RoadFeature, TravelMode } from '../../../server/routing/types.ts';
import { at, road } from './support/network.ts';

const CLASSES: RoadClass[] = ['county', 'village', 'track', 'footpath'];

const network = fc.record({
  // Roads between points of a 5 × 5 lattice (100 m apart), each with a bend so that lengths differ.
  roads: fc.array(
    fc.record({
      from: fc.integer({ min: 0, max: 24 }),
      to: fc.integer({ min: 0, max: 24 }),
      via: fc.array(fc.tuple(fc.integer({ min: -40, max: 140 }), fc.integer({ min: -40, max: 140 })), { maxLength: 3 }),
      roadClass: fc.constantFrom(...CLASSES),
      oneway: fc.boolean(),
      closed: fc.integer({ min: 0, max: 9 }),
      z: fc.integer({ min: 0, max: 60 }),
    }),
    { minLength: 1, maxLength: 30 },
  ),
  // Dead-end spurs: a chain of points off a lattice point or off a road's bend (a track leaving a road), branching.
  spurs: fc.array(fc.record({ at: fc.integer({ min: 0, max: 24 }), onRoad: fc.option(fc.nat(), { nil: undefined }), steps: fc.array(fc.tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 })), { minLength: 1, maxLength: 4 }) }), { maxLength: 8 }),
  seeds: fc.array(fc.record({ node: fc.nat(), cost: fc.double({ min: 0, max: 300, noNaN: true }) }), { minLength: 1, maxLength: 6 }),
  blockedEvery: fc.integer({ min: 0, max: 6 }),
  limit: fc.option(fc.double({ min: 0, max: 900, noNaN: true }), { nil: undefined }),
  mode: fc.constantFrom<TravelMode>('walk', 'drive', 'length'),
  direction: fc.constantFrom('to' as const, 'from' as const),
});

const lattice = (k: number, dx = 0, dy = 0, z = 0) => at((k % 5) * 100 + dx, Math.floor(k / 5) * 100 + dy, z);

describe('the search through trees and chains', () => {
  it('gives every node what the plain search over every node gives', () => {
    fc.assert(
      fc.property(network, (n) => {
        const roads: RoadFeature[] = n.roads.map((r) => {
          const mid = r.via.map(([x, y]) => at((r.from % 5) * 100 + x, Math.floor(r.from / 5) * 100 + y, r.z));
          return road({ road_class: r.roadClass, oneway: r.oneway, closed: r.closed === 0 }, lattice(r.from), ...mid, lattice(r.to, 0, 0, r.z));
        });
        n.spurs.forEach((s, i) => {
          let x = (s.at % 5) * 100;
          let y = Math.floor(s.at / 5) * 100;
          const on = s.onRoad === undefined ? undefined : n.roads[s.onRoad % n.roads.length];
          if (on && on.via.length > 0) {
            x = (on.from % 5) * 100 + on.via[0][0];
            y = Math.floor(on.from / 5) * 100 + on.via[0][1];
          }
          for (const [dx, dy] of s.steps) {
            // Each step a road of its own, from where the last one ended: a branch grows at every step.
            const from = at(x, y);
            x += dx + 3 + i;
            y += dy + 2;
            roads.push(road({ road_class: 'footpath' }, from, at(x, y)));
          }
        });
        const graph = buildRoadGraph(roads);
        if (graph.nodeCount === 0) return;
        const k = n.seeds.length;
        const seeds: Seeds = {
          node: Int32Array.from(n.seeds, (s) => s.node % graph.nodeCount),
          cost: Float64Array.from(n.seeds, (s) => s.cost),
          metres: Float64Array.from(n.seeds, (s) => s.cost / 2),
          label: Int32Array.from({ length: k }, (_, i) => i),
        };
        const blocked = n.blockedEvery ? Uint8Array.from({ length: graph.edgeCount }, (_, e) => (e % (n.blockedEvery + 1) === 0 ? 1 : 0)) : null;
        const keep = { metres: true, viaEdge: true };
        const core = runSearch(graph, n.mode, n.direction, seeds, blocked, n.limit, undefined, keep);
        const plain = runSearch(graph, n.mode, n.direction, seeds, blocked, n.limit, [], keep);
        expect(Array.from(core.cost)).toEqual(Array.from(plain.cost));
        expect(Array.from(core.metres!)).toEqual(Array.from(plain.metres!));
        expect(Array.from(core.label)).toEqual(Array.from(plain.label));
        expect(Array.from(core.viaEdge!)).toEqual(Array.from(plain.viaEdge!));
      }),
      { numRuns: 400, seed: 20261203 },
    );
  });

  it('finds the trees and chains of a small network', () => {
    // A square of village roads, and a spur of two footpaths off one corner.
    const graph = buildRoadGraph([
      road({ road_class: 'village' }, at(0, 0), at(100, 0)),
      road({ road_class: 'village' }, at(100, 0), at(100, 100)),
      road({ road_class: 'village' }, at(100, 100), at(0, 100)),
      road({ road_class: 'village' }, at(0, 100), at(0, 0)),
      road({ road_class: 'footpath' }, at(100, 0), at(200, 0)),
      road({ road_class: 'footpath' }, at(200, 0), at(300, 0)),
    ]);
    const { upHalf, junction } = graph.pendant;
    const pruned = [...upHalf].filter((h) => h >= 0).length;
    expect(graph.nodeCount).toBe(6);
    expect(pruned).toBe(2); // the spur's two far ends
    // The corner the spur leaves from is a chain node of the square (two core neighbours): no junctions at all.
    expect([...junction].filter((j) => j === 1).length).toBe(0);
    // A search from the spur's end walks round the square both ways and stops.
    const end = [...upHalf].findIndex((h, v) => h >= 0 && graph.pendant.childStart[v + 1] === graph.pendant.childStart[v]);
    const seeds: Seeds = { node: Int32Array.of(end), cost: Float64Array.of(0), metres: Float64Array.of(0), label: Int32Array.of(0) };
    const found = runSearch(graph, 'length', 'to', seeds, null);
    // From a corner of the square, the spur is handed down from the chain node it leaves.
    const corner: Seeds = { ...seeds, node: Int32Array.of([...upHalf].findIndex((h, v) => h < 0 && v !== graph.pendant.chainRoots[0])) };
    expect(Array.from(runSearch(graph, 'length', 'to', corner, null).cost)).toEqual(Array.from(runSearch(graph, 'length', 'to', corner, null, Infinity, []).cost));
    expect(Array.from(found.cost)).toEqual(Array.from(runSearch(graph, 'length', 'to', seeds, null, Infinity, []).cost));
    expect(Math.max(...found.cost)).toBeCloseTo(400, 0); // the far corner of the square: 200 m of spur, 200 m round
  });
});
