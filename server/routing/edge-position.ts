/**
 * Costs from a point on an edge to the edge's two nodes and to another point on the same edge.
 * Walking sums the segments' own Tobler times (a part of a segment has that segment's slope), so
 * uphill and downhill differ; driving and length are proportional to the distance along the edge.
 */
import type { ModeCosts } from './mode-costs.ts';
import type { RoadGraph } from './road-graph.ts';
import type { Snap } from './snap.ts';
import type { TravelMode } from './types.ts';

/** Where the ends cost array keeps each value. */
export const TO_FROM = 0;
export const TO_TO = 1;
export const FROM_FROM = 2;
export const FROM_TO = 3;
export const M_FROM = 4;
export const M_TO = 5;

/** Walking seconds from the edge's start to the point, forward [0], and from the point back to the start [1]. */
function walkBefore(graph: RoadGraph, snap: Snap, out: Float64Array): void {
  let f = snap.t * graph.segWalkForward[snap.vertex];
  let b = snap.t * graph.segWalkBackward[snap.vertex];
  for (let i = graph.edgeFirstVertex[snap.edge]; i < snap.vertex; i++) {
    f += graph.segWalkForward[i];
    b += graph.segWalkBackward[i];
  }
  out[0] = f;
  out[1] = b;
}

function walkTotals(graph: RoadGraph, edge: number, out: Float64Array): void {
  let f = 0;
  let b = 0;
  for (let i = graph.edgeFirstVertex[edge]; i < graph.edgeLastVertex[edge]; i++) {
    f += graph.segWalkForward[i];
    b += graph.segWalkBackward[i];
  }
  out[2] = f;
  out[3] = b;
}

const scratch = new Float64Array(4);

/**
 * Writes into `out` (length ≥ 6): cost point → from, point → to, from → point, to → point
 * (Infinity where the direction is closed to the mode), then metres to the from and to nodes.
 */
export function endCosts(graph: RoadGraph, costs: ModeCosts, mode: TravelMode, snap: Snap, out: Float64Array): void {
  const e = snap.edge;
  const len = graph.edgeLength[e];
  const mFrom = snap.alongM;
  const mTo = Math.max(0, len - mFrom);
  const fwdOk = costs.forward[e] < Infinity;
  const bwdOk = costs.backward[e] < Infinity;
  out[M_FROM] = mFrom;
  out[M_TO] = mTo;
  if (mode === 'walk') {
    walkBefore(graph, snap, scratch);
    walkTotals(graph, e, scratch);
    out[TO_FROM] = bwdOk ? scratch[1] : Infinity;
    out[FROM_FROM] = fwdOk ? scratch[0] : Infinity;
    out[TO_TO] = fwdOk ? Math.max(0, scratch[2] - scratch[0]) : Infinity;
    out[FROM_TO] = bwdOk ? Math.max(0, scratch[3] - scratch[1]) : Infinity;
  } else {
    const f = len > 0 ? mFrom / len : 0;
    out[TO_FROM] = bwdOk ? costs.backward[e] * f : Infinity;
    out[FROM_FROM] = fwdOk ? costs.forward[e] * f : Infinity;
    out[TO_TO] = fwdOk ? costs.forward[e] * (1 - f) : Infinity;
    out[FROM_TO] = bwdOk ? costs.backward[e] * (1 - f) : Infinity;
  }
  // A point on a node is at that node whatever the edge allows.
  if (mFrom === 0) out[TO_FROM] = out[FROM_FROM] = 0;
  if (mTo === 0) out[TO_TO] = out[FROM_TO] = 0;
}

const pa = new Float64Array(4);
const pb = new Float64Array(4);

/** Cost of travelling along their shared edge from point a to point b (Infinity if that way is closed). */
export function alongCost(graph: RoadGraph, costs: ModeCosts, mode: TravelMode, a: Snap, b: Snap): number {
  const e = a.edge;
  const d = b.alongM - a.alongM;
  if (d === 0) return 0;
  const ahead = d > 0;
  if (!((ahead ? costs.forward[e] : costs.backward[e]) < Infinity)) return Infinity;
  if (mode !== 'walk') {
    const len = graph.edgeLength[e];
    return len > 0 ? (ahead ? costs.forward[e] : costs.backward[e]) * (Math.abs(d) / len) : 0;
  }
  walkBefore(graph, a, pa);
  walkBefore(graph, b, pb);
  return Math.max(0, ahead ? pb[0] - pa[0] : pa[1] - pb[1]);
}
