/**
 * Dijkstra over the road graph from many seeds at once (typed arrays, an indexed 4-ary heap).
 * Searching "to" the seeds follows the arriving costs (the reverse graph): each node gets the cost
 * of travelling from it to its cheapest seed, which is what one-way roads and slopes need when
 * people travel towards shelters.
 */
import { NodeHeap } from './min-heap.ts';
import { modeCosts } from './mode-costs.ts';
import type { RoadGraph } from './road-graph.ts';
import type { TravelMode } from './types.ts';

export interface Seeds {
  node: Int32Array;
  cost: Float64Array;
  metres: Float64Array;
  /** What each seed stands for (e.g. a shelter index); copied to the nodes it reaches first. */
  label: Int32Array;
}

export interface NodeSearch {
  /** Cost per node (seconds, or metres in `length` mode); Infinity where not reached. */
  cost: Float64Array;
  /** Metres along the chosen way. */
  metres: Float64Array;
  /** Label of the seed each node was reached from; −1 where not reached. */
  label: Int32Array;
  /** Edge by which each node was reached (towards its seed); −1 at seeds and unreached nodes. */
  viaEdge: Int32Array;
}

export type Direction = 'from' | 'to';

/**
 * One heap per graph, reused by every search on it: a search is synchronous, so two never share
 * it at once, and a province-sized heap is not allocated (and collected) again for each one.
 */
const heaps = new WeakMap<RoadGraph, NodeHeap>();

function heapFor(graph: RoadGraph): NodeHeap {
  let heap = heaps.get(graph);
  if (!heap) {
    heap = new NodeHeap(graph.nodeCount);
    heaps.set(graph, heap);
  }
  // Empty already unless a search on it was cut short by an error.
  heap.clear();
  return heap;
}

/** `targets`: stop once every one of these nodes is settled (the rest of the answer is then partial). */
export function runSearch(graph: RoadGraph, mode: TravelMode, direction: Direction, seeds: Seeds, blocked: Uint8Array | null | undefined, maxCost = Infinity, targets?: ArrayLike<number>): NodeSearch {
  const n = graph.nodeCount;
  const cost = new Float64Array(n).fill(Infinity);
  const metres = new Float64Array(n).fill(Infinity);
  const label = new Int32Array(n).fill(-1);
  const viaEdge = new Int32Array(n).fill(-1);
  const half = direction === 'to' ? modeCosts(graph, mode).arriving : modeCosts(graph, mode).leaving;
  const heap = heapFor(graph);
  for (let i = 0; i < seeds.node.length; i++) {
    const v = seeds.node[i];
    const c = seeds.cost[i];
    if (!(c <= maxCost) || c >= cost[v]) continue;
    cost[v] = c;
    metres[v] = seeds.metres[i];
    label[v] = seeds.label[i];
    heap.push(v, c);
  }
  const { adjStart, adjEdge, adjNode, edgeLength } = graph;
  const wanted = targets ? new Uint8Array(n) : null;
  let left = 0;
  if (wanted && targets) {
    for (let i = 0; i < targets.length; i++) {
      if (wanted[targets[i]]) continue;
      wanted[targets[i]] = 1;
      left++;
    }
  }
  while (heap.size > 0) {
    const x = heap.pop();
    if (wanted && wanted[x] && --left === 0) break;
    const cx = cost[x];
    // No settled set: a settled neighbour costs at most cx, so `c < cost[y]` already leaves it alone.
    for (let h = adjStart[x], end = adjStart[x + 1]; h < end; h++) {
      const y = adjNode[h];
      const c = cx + half[h];
      if (c < cost[y] && c <= maxCost) {
        const e = adjEdge[h];
        if (blocked && blocked[e]) continue;
        cost[y] = c;
        metres[y] = metres[x] + edgeLength[e];
        label[y] = label[x];
        viaEdge[y] = e;
        heap.push(y, c);
      }
    }
  }
  heap.clear();
  return { cost, metres, label, viaEdge };
}

export interface NodeSearchOptions {
  mode: TravelMode;
  /** `to`: cost of travelling from each node to the nearest source; `from`: from the nearest source to each node. */
  direction: Direction;
  blocked?: Uint8Array | null;
  maxCost?: number;
}

/**
 * Node-to-node search from source nodes (label = position in `sources`): the primitive the
 * pgRouting cross-check compares with.
 */
export function searchFromNodes(graph: RoadGraph, sources: ArrayLike<number>, options: NodeSearchOptions): NodeSearch {
  const k = sources.length;
  const seeds: Seeds = { node: Int32Array.from(sources), cost: new Float64Array(k), metres: new Float64Array(k), label: new Int32Array(k) };
  for (let i = 0; i < k; i++) seeds.label[i] = i;
  return runSearch(graph, options.mode, options.direction, seeds, options.blocked, options.maxCost);
}
