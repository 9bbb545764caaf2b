/**
 * Edge costs of one travel mode, per edge (forward = from → to) and per half-edge (leaving or
 * arriving at the node that owns it), made once per graph and mode and cached with the graph.
 */
import type { RoadGraph } from './road-graph.ts';
import type { TravelMode } from './types.ts';

export interface ModeCosts {
  forward: Float32Array;
  backward: Float32Array;
  /** Per half-edge h of node n: cost of travelling n → adjNode[h]. */
  leaving: Float32Array;
  /** Per half-edge h of node n: cost of travelling adjNode[h] → n. */
  arriving: Float32Array;
}

const cache = new WeakMap<RoadGraph, Map<TravelMode, ModeCosts>>();

function edgeCosts(graph: RoadGraph, mode: TravelMode): [Float32Array, Float32Array] {
  if (mode === 'walk') return [graph.walkForward, graph.walkBackward];
  if (mode === 'drive') return [graph.driveForward, graph.driveBackward];
  // Length runs over the walkable network, both ways.
  const f = new Float32Array(graph.edgeCount);
  const b = new Float32Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) {
    const len = Number.isFinite(graph.walkForward[e]) ? graph.edgeLength[e] : Infinity;
    f[e] = len;
    b[e] = len;
  }
  return [f, b];
}

export function modeCosts(graph: RoadGraph, mode: TravelMode): ModeCosts {
  let byMode = cache.get(graph);
  if (!byMode) {
    byMode = new Map();
    cache.set(graph, byMode);
  }
  const known = byMode.get(mode);
  if (known) return known;
  const [forward, backward] = edgeCosts(graph, mode);
  const leaving = new Float32Array(graph.adjEdge.length);
  const arriving = new Float32Array(graph.adjEdge.length);
  for (let h = 0; h < graph.adjEdge.length; h++) {
    const e = graph.adjEdge[h];
    const fromSide = graph.adjFromSide[h] === 1;
    leaving[h] = fromSide ? forward[e] : backward[e];
    arriving[h] = fromSide ? backward[e] : forward[e];
  }
  const costs = { forward, backward, leaving, arriving };
  byMode.set(mode, costs);
  return costs;
}

/** True when the edge can be travelled at least one way in this mode and is not masked. */
export function passable(costs: ModeCosts, blocked: Uint8Array | null | undefined, edge: number): boolean {
  if (blocked && blocked[edge]) return false;
  return costs.forward[edge] < Infinity || costs.backward[edge] < Infinity;
}
