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
  /** Metres along the chosen way (null unless kept, see SearchKeeps). */
  metres: Float64Array | null;
  /** Label of the seed each node was reached from; −1 where not reached. */
  label: Int32Array;
  /** Edge by which each node was reached (towards its seed); −1 at seeds and unreached nodes (null unless kept). */
  viaEdge: Int32Array | null;
}

/**
 * What a search keeps besides costs and labels: metres (by default) and the edge each node was
 * reached by (only a traced way needs it). What is not kept is written to scratch arrays of the
 * graph, never read, so the search's loops stay the same; a province's search allocates 3.5 to 7 MB
 * less for each output left out (fresh arrays that size are slow to allocate and make the heap
 * collect sooner).
 */
export interface SearchKeeps {
  metres?: boolean;
  viaEdge?: boolean;
  /**
   * Arrays to write the costs, labels and metres into, instead of new ones: a caller running many
   * searches one after another reuses them (fresh node-sized arrays cost more than the search of
   * a bounded reach). The answer is then valid only until the next search into them.
   */
  into?: SearchBuffers;
}

/** Node-sized arrays a search can write its answer into (see SearchKeeps.into). */
export interface SearchBuffers {
  cost: Float64Array;
  label: Int32Array;
  metres: Float64Array;
}

export function searchBuffers(graph: RoadGraph): SearchBuffers {
  const n = graph.nodeCount;
  return { cost: new Float64Array(n), label: new Int32Array(n), metres: new Float64Array(n) };
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

/** Per graph, arrays that take the outputs a search does not keep; never read. */
const scratches = new WeakMap<RoadGraph, { metres: Float64Array; viaEdge: Int32Array }>();

function scratchFor(graph: RoadGraph): { metres: Float64Array; viaEdge: Int32Array } {
  let scratch = scratches.get(graph);
  if (!scratch) scratches.set(graph, (scratch = { metres: new Float64Array(graph.nodeCount), viaEdge: new Int32Array(graph.nodeCount) }));
  return scratch;
}

/**
 * `targets`: stop once every one of these nodes is settled (the rest of the answer is then partial).
 *
 * Without targets, the heap holds only the core's junctions (see pendant-trees.ts):
 * - seeds in a pendant tree first climb towards its root while they improve each node they reach,
 *   so every tree node holds its best way through its own subtree;
 * - a way is carried along a chain edge by edge, from a settled junction or a seeded chain node,
 *   while it improves the chain's nodes; a junction it reaches joins the heap;
 * - each core node, once its cost is final, hands it down its trees, where a node keeps the better
 *   of its own way and its parent's.
 * Each node's cost is summed edge by edge from its seed, as the plain search sums it, so both give
 * the same costs (where two ways cost exactly the same, either may give the label).
 */
export function runSearch(
  graph: RoadGraph,
  mode: TravelMode,
  direction: Direction,
  seeds: Seeds,
  blocked: Uint8Array | null | undefined,
  maxCost = Infinity,
  targets?: ArrayLike<number>,
  keep: SearchKeeps = {},
): NodeSearch {
  const n = graph.nodeCount;
  const scratch = scratchFor(graph);
  const keepMetres = keep.metres ?? true;
  const keepVia = keep.viaEdge ?? false;
  const into = keep.into;
  const out: Outputs = {
    cost: (into ? into.cost : new Float64Array(n)).fill(Infinity),
    metres: keepMetres ? (into ? into.metres : new Float64Array(n)).fill(Infinity) : scratch.metres,
    label: (into ? into.label : new Int32Array(n)).fill(-1),
    viaEdge: keepVia ? new Int32Array(n).fill(-1) : scratch.viaEdge,
  };
  const { cost, metres, label } = out;
  for (let i = 0; i < seeds.node.length; i++) {
    const v = seeds.node[i];
    const c = seeds.cost[i];
    if (!(c <= maxCost) || c >= cost[v]) continue;
    cost[v] = c;
    metres[v] = seeds.metres[i];
    label[v] = seeds.label[i];
  }
  const half = direction === 'to' ? modeCosts(graph, mode).arriving : modeCosts(graph, mode).leaving;
  const heap = heapFor(graph);
  if (targets) searchWhole(graph, half, seeds, blocked, maxCost, targets, heap, out);
  else searchCore(graph, half, seeds, blocked, maxCost, heap, out);
  heap.clear();
  return { cost, metres: keepMetres ? metres : null, label, viaEdge: keepVia ? out.viaEdge : null };
}

/** The arrays a search writes (scratch ones for outputs not kept). */
type Outputs = { [K in keyof NodeSearch]: NonNullable<NodeSearch[K]> };

/** Dijkstra over every node from the seeds, stopping once the targets are settled. */
function searchWhole(graph: RoadGraph, half: Float32Array, seeds: Seeds, blocked: Uint8Array | null | undefined, maxCost: number, targets: ArrayLike<number>, heap: NodeHeap, found: Outputs): void {
  const { cost, metres, label, viaEdge } = found;
  for (let i = 0; i < seeds.node.length; i++) {
    const v = seeds.node[i];
    if (cost[v] < Infinity) heap.push(v, cost[v]);
  }
  const { adjStart, adjEdge, adjNode, edgeLength } = graph;
  const wanted = new Uint8Array(graph.nodeCount);
  let left = 0;
  for (let i = 0; i < targets.length; i++) {
    if (wanted[targets[i]]) continue;
    wanted[targets[i]] = 1;
    left++;
  }
  while (heap.size > 0) {
    const x = heap.pop();
    if (wanted[x] && --left === 0) break;
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
}

/** Per graph, a stack for handing costs down the pendant trees (reused like the heap). */
const stacks = new WeakMap<RoadGraph, Int32Array>();

/** The search through the pendant trees, the chains and the junctions (see runSearch). */
function searchCore(graph: RoadGraph, half: Float32Array, seeds: Seeds, blocked: Uint8Array | null | undefined, maxCost: number, heap: NodeHeap, found: Outputs): void {
  const { cost, metres, label, viaEdge } = found;
  const { adjEdge, adjNode, edgeLength } = graph;
  const { upHalf, coreStart, coreHalf, childStart, childNode, childHalf, junction, sideA, sideB, chainRoots } = graph.pendant;
  let stack = stacks.get(graph);
  if (!stack) stacks.set(graph, (stack = new Int32Array(graph.nodeCount)));
  const down = stack;

  /** From x along half-edge h, and on through chain nodes while the way improves them; a junction reached joins the heap. */
  const walk = (x: number, h: number): void => {
    for (;;) {
      const y = adjNode[h];
      const e = adjEdge[h];
      const c = cost[x] + half[h];
      if (!(c < cost[y] && c <= maxCost) || (blocked && blocked[e])) return;
      cost[y] = c;
      metres[y] = metres[x] + edgeLength[e];
      label[y] = label[x];
      viaEdge[y] = e;
      if (junction[y]) {
        heap.push(y, c);
        return;
      }
      h = adjEdge[sideA[y]] === e ? sideB[y] : sideA[y];
      x = y;
    }
  };

  /** A core node's cost, new from a seed or a climb: a junction joins the heap, a chain node spreads both ways. */
  const enter = (x: number): void => {
    if (junction[x]) heap.push(x, cost[x]);
    else {
      walk(x, sideA[x]);
      walk(x, sideB[x]);
    }
  };

  /** x's cost is final: its subtree takes the better of its own ways and x's. */
  const descend = (x: number): void => {
    let top = 0;
    down[top++] = x;
    while (top > 0) {
      const p = down[--top];
      const cp = cost[p];
      for (let k = childStart[p], end = childStart[p + 1]; k < end; k++) {
        const v = childNode[k];
        const h = childHalf[k];
        const c = cp + half[h];
        if (c < cost[v] && c <= maxCost) {
          const e = adjEdge[h];
          if (!(blocked && blocked[e])) {
            cost[v] = c;
            metres[v] = metres[p] + edgeLength[e];
            label[v] = label[p];
            viaEdge[v] = e;
          }
        }
        // A node reached by neither way has no way to hand down.
        if (cost[v] < Infinity) down[top++] = v;
      }
    }
  };

  // Climb: each seed improves its ancestors while it can; the core nodes it reaches enter the core.
  // A climb stopped below the core (by a closure, the cost limit or a better way already there)
  // is remembered: if no way reaches the node above, nothing hands down to where it stopped.
  const stops: number[] = [];
  for (let i = 0; i < seeds.node.length; i++) {
    let x = seeds.node[i];
    if (!(cost[x] < Infinity)) continue;
    if (upHalf[x] < 0) {
      enter(x);
      continue;
    }
    while (upHalf[x] >= 0) {
      const h = upHalf[x];
      const y = adjNode[h];
      const c = cost[x] + half[h];
      const e = adjEdge[h];
      if (!(c < cost[y] && c <= maxCost) || (blocked && blocked[e])) {
        stops.push(x);
        break;
      }
      cost[y] = c;
      metres[y] = metres[x] + edgeLength[e];
      label[y] = label[x];
      viaEdge[y] = e;
      if (upHalf[y] < 0) enter(y);
      x = y;
    }
  }
  while (heap.size > 0) {
    const x = heap.pop();
    for (let k = coreStart[x], end = coreStart[x + 1]; k < end; k++) walk(x, coreHalf[k]);
    if (childStart[x] < childStart[x + 1]) descend(x);
  }
  // A chain node's cost is final only now: a walk from either end may have lowered it.
  for (let i = 0; i < chainRoots.length; i++) if (cost[chainRoots[i]] < Infinity) descend(chainRoots[i]);
  // A node whose parent was reached has been handed down from it.
  for (const x of stops) if (cost[adjNode[upHalf[x]]] === Infinity) descend(x);
}

export interface NodeSearchOptions {
  mode: TravelMode;
  /** `to`: cost of travelling from each node to the nearest source; `from`: from the nearest source to each node. */
  direction: Direction;
  blocked?: Uint8Array | null;
  maxCost?: number;
  keep?: SearchKeeps;
}

/**
 * Node-to-node search from source nodes (label = position in `sources`): the primitive the
 * pgRouting cross-check compares with.
 */
export function searchFromNodes(graph: RoadGraph, sources: ArrayLike<number>, options: NodeSearchOptions): NodeSearch {
  const k = sources.length;
  const seeds: Seeds = { node: Int32Array.from(sources), cost: new Float64Array(k), metres: new Float64Array(k), label: new Int32Array(k) };
  for (let i = 0; i < k; i++) seeds.label[i] = i;
  return runSearch(graph, options.mode, options.direction, seeds, options.blocked, options.maxCost, undefined, options.keep);
}
