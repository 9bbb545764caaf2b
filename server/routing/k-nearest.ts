/**
 * The k nearest shelters of every demand point within a time limit, for assigning households
 * under capacity. One k-label multi-source search on the reverse graph: a node keeps the first k
 * distinct shelters that reach it (each node is settled at most k times), which is exactly the k
 * nearest shelters of that node; a demand point then merges the labels of its edge's two ends
 * and the shelters on its own edge. The cost grows with k × the nodes within the limit, not with
 * the number of shelters, so dense shelters in a province cost no more than sparse ones.
 *
 * @example
 * const near = kNearestShelters(graph, shelterPositions, sitePositions, { mode: 'walk', k: 3, maxMinutes: 60 });
 * near.shelter[i * near.k + j], near.minutes[i * near.k + j]; // j-th nearest of point i (−1 / Infinity past count[i])
 */
import { M_FROM, M_TO, TO_FROM, TO_TO, alongCost, endCosts } from './edge-position.ts';
import { rulerAt } from './geodesy.ts';
import { EntryHeap } from './min-heap.ts';
import { NodeLabels } from './node-labels.ts';
import { modeCosts, type ModeCosts } from './mode-costs.ts';
import { OFFROAD_WALK_KMH } from './road-classes.ts';
import type { RoadGraph } from './road-graph.ts';
import { offroadCost, shelterSeeds, snapShelters } from './shelter-field.ts';
import { runSearch } from './search.ts';
import { snapPoint, type Snap } from './snap.ts';
import { TOBLER_MAX_KMH } from './tobler.ts';
import type { LonLat, SearchOptions } from './types.ts';

export interface KNearestOptions extends SearchOptions {
  k: number;
  /** Time limit, minutes (metres in `length` mode), off-road legs included. */
  maxMinutes: number;
  /** The demand points' snaps in this mode and closures, when the caller already has them. */
  demandSnaps?: readonly (Snap | null)[];
}

export interface KNearestShelters {
  k: number;
  /** How many shelters each demand point has within the limit (0…k). */
  count: Uint8Array;
  /** Row-major, k per demand point, nearest first: shelter index (−1 past count). */
  shelter: Int32Array;
  /** Minutes (metres in `length` mode), Infinity past count. */
  minutes: Float64Array;
  /** Metres along the way, off-road legs included. */
  distance_m: Float64Array;
}

/**
 * Cost from the nearest demand point to each node (Infinity past the limit): a label of cost c at
 * node x can serve a demand point only if reach[x] + c is within the limit, so the k-label search
 * leaves every other node alone. Every node on a way that does serve one passes this test, and so
 * do the cheaper labels ahead of it: the answer is the same, over a warning's area instead of the
 * whole province.
 */
function demandReach(graph: RoadGraph, costs: ModeCosts, mode: KNearestOptions['mode'], snaps: ReadonlyArray<Snap | null>, offroadKmh: number, limit: number, blocked: KNearestOptions['blocked']): Float64Array {
  const node: number[] = [];
  const cost: number[] = [];
  const ends = new Float64Array(6);
  for (const snap of snaps) {
    if (!snap) continue;
    endCosts(graph, costs, mode, snap, ends);
    const off = offroadCost(snap.offroadM, mode, offroadKmh);
    node.push(graph.edgeFrom[snap.edge], graph.edgeTo[snap.edge]);
    cost.push(ends[TO_FROM] + off, ends[TO_TO] + off);
  }
  const seeds = { node: Int32Array.from(node), cost: Float64Array.from(cost), metres: new Float64Array(node.length), label: new Int32Array(node.length) };
  return runSearch(graph, mode, 'from', seeds, blocked, limit).cost;
}

/**
 * Whether measuring the demand's reach can pay for itself: not when the demand is spread over the
 * network, where nearly every node lies within the limit of some demand point (a province's risk
 * sites), so the reach search would cost most of a search and spare the k-label search almost
 * nothing. The measure is rough, the nodes in the demand's box widened by the limit at the
 * fastest speed, and either way the answer is the same.
 */
function reachPays(graph: RoadGraph, mode: KNearestOptions['mode'], snaps: ReadonlyArray<Snap | null>, limit: number): boolean {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const snap of snaps) {
    if (!snap) continue;
    w = Math.min(w, snap.snapLon);
    e = Math.max(e, snap.snapLon);
    s = Math.min(s, snap.snapLat);
    n = Math.max(n, snap.snapLat);
  }
  if (!(w <= e)) return false;
  // In `length` mode the limit is metres: one metre a second is 3.6 km/h.
  const kmh = mode === 'walk' ? TOBLER_MAX_KMH : mode === 'drive' ? graph.maxDriveKmh : 3.6;
  const padM = (limit * kmh) / 3.6;
  const ruler = rulerAt((s + n) / 2);
  w -= padM / ruler.kx;
  e += padM / ruler.kx;
  s -= padM / ruler.ky;
  n += padM / ruler.ky;
  let inside = 0;
  const { nodeLon, nodeLat, nodeCount } = graph;
  for (let i = 0; i < nodeCount; i++) if (nodeLon[i] >= w && nodeLon[i] <= e && nodeLat[i] >= s && nodeLat[i] <= n) inside++;
  return inside <= nodeCount / 2;
}

/** `reach`: the demand's reach per node (see demandReach), or null to search every node within the limit. */
function kLabelSearch(graph: RoadGraph, options: KNearestOptions, seeds: ReturnType<typeof shelterSeeds>, limit: number, reach: Float64Array | null): NodeLabels {
  const k = options.k;
  const labels = new NodeLabels(graph.nodeCount);
  const count = labels.count;
  const arriving = modeCosts(graph, options.mode).arriving;
  const blocked = options.blocked;
  const heap = new EntryHeap();
  // Sums of the same costs in another order may differ in the last bits: a little slack keeps every useful label.
  const bound = limit * (1 + 1e-9) + 1e-6;
  for (let i = 0; i < seeds.node.length; i++) if (seeds.cost[i] < Infinity && seeds.cost[i] <= limit && seeds.cost[i] + (reach ? reach[seeds.node[i]] : 0) <= bound) heap.push(seeds.cost[i], seeds.node[i], seeds.label[i], seeds.metres[i]);
  const { adjStart, adjEdge, adjNode, edgeLength } = graph;
  while (heap.size > 0) {
    heap.pop();
    const x = heap.topA;
    const src = heap.topB;
    if (count[x] >= k || labels.has(x, src)) continue;
    const cx = heap.topKey;
    const mx = heap.topC;
    labels.add(x, src, cx, mx);
    for (let h = adjStart[x], end = adjStart[x + 1]; h < end; h++) {
      const y = adjNode[h];
      if (count[y] >= k) continue;
      const e = adjEdge[h];
      if (blocked && blocked[e]) continue;
      const c = cx + arriving[h];
      if (c <= limit && (!reach || c + reach[y] <= bound) && !labels.has(y, src)) heap.push(c, y, src, mx + edgeLength[e]);
    }
  }
  return labels;
}

export function kNearestShelters(graph: RoadGraph, shelters: readonly LonLat[], demand: readonly LonLat[], options: KNearestOptions): KNearestShelters {
  const { mode, k } = options;
  if (!Number.isInteger(k) || k < 1 || k > 255) throw new Error('k must be an integer from 1 to 255');
  const offroadKmh = options.offroadKmh ?? OFFROAD_WALK_KMH;
  const limit = mode === 'length' ? options.maxMinutes : options.maxMinutes * 60;
  const { snaps, byEdge } = snapShelters(graph, shelters, options);
  const costs = modeCosts(graph, mode);
  const demandSnaps = options.demandSnaps ?? demand.map((p) => snapPoint(graph, p[0], p[1], mode, options.blocked));
  const reach = reachPays(graph, mode, demandSnaps, limit) ? demandReach(graph, costs, mode, demandSnaps, offroadKmh, limit, options.blocked) : null;
  const labels = kLabelSearch(graph, options, shelterSeeds(graph, snaps, mode, offroadKmh), limit, reach);
  const n = demand.length;
  const out: KNearestShelters = {
    k,
    count: new Uint8Array(n),
    shelter: new Int32Array(n * k).fill(-1),
    minutes: new Float64Array(n * k).fill(Infinity),
    distance_m: new Float64Array(n * k).fill(Infinity),
  };
  const ends = new Float64Array(6);
  // Candidates of one demand point (distinct shelters), in small reused arrays: no per-point allocation.
  let candS = new Int32Array(2 * k + 16);
  let candC = new Float64Array(candS.length);
  let candM = new Float64Array(candS.length);
  let nc = 0;
  const offer = (s: number, c: number, m: number) => {
    for (let j = 0; j < nc; j++) {
      if (candS[j] !== s) continue;
      if (c < candC[j]) {
        candC[j] = c;
        candM[j] = m;
      }
      return;
    }
    if (nc === candS.length) {
      candS = Int32Array.from({ length: nc * 2 }, (_, j) => (j < nc ? candS[j] : 0));
      candC = Float64Array.from({ length: nc * 2 }, (_, j) => (j < nc ? candC[j] : 0));
      candM = Float64Array.from({ length: nc * 2 }, (_, j) => (j < nc ? candM[j] : 0));
    }
    candS[nc] = s;
    candC[nc] = c;
    candM[nc] = m;
    nc++;
  };
  for (let i = 0; i < n; i++) {
    const snap = demandSnaps[i];
    if (!snap) continue;
    endCosts(graph, costs, mode, snap, ends);
    const off = offroadCost(snap.offroadM, mode, offroadKmh);
    nc = 0;
    for (let side = 0; side < 2; side++) {
      const node = side === 0 ? graph.edgeFrom[snap.edge] : graph.edgeTo[snap.edge];
      const c0 = side === 0 ? ends[TO_FROM] : ends[TO_TO];
      const m0 = side === 0 ? ends[M_FROM] : ends[M_TO];
      if (!(c0 < Infinity)) continue;
      for (let j = labels.first[node]; j >= 0; j = labels.next[j]) offer(labels.source[j], c0 + labels.cost[j], m0 + labels.metres[j]);
    }
    for (const s of byEdge.get(snap.edge) ?? []) {
      const target = snaps[s]!;
      offer(s, alongCost(graph, costs, mode, snap, target) + offroadCost(target.offroadM, mode, offroadKmh), Math.abs(target.alongM - snap.alongM) + target.offroadM);
    }
    // The k cheapest within the limit, cheapest first (ties to the lower shelter index).
    let m = 0;
    for (; m < k; m++) {
      let best = -1;
      for (let j = m; j < nc; j++) if (best < 0 || candC[j] < candC[best] || (candC[j] === candC[best] && candS[j] < candS[best])) best = j;
      if (best < 0 || !(candC[best] + off <= limit)) break;
      const o = i * k + m;
      out.shelter[o] = candS[best];
      out.minutes[o] = mode === 'length' ? candC[best] + off : (candC[best] + off) / 60;
      out.distance_m[o] = candM[best] + snap.offroadM;
      // Move the chosen one out of the way.
      [candS[best], candS[m]] = [candS[m], candS[best]];
      [candC[best], candC[m]] = [candC[m], candC[best]];
      [candM[best], candM[m]] = [candM[m], candM[best]];
    }
    out.count[i] = m;
  }
  return out;
}
