/**
 * Each demand point's nearest shelter from a shelter field: the point walks off-road to its edge,
 * then leaves by either end (whichever gives the cheaper total) or, when a shelter sits on the
 * same edge, goes straight along the edge to it.
 *
 * @example
 * const field = shelterField(graph, shelterPositions, { mode: 'walk' });
 * const best = nearestShelters(graph, field, sitePositions);
 * best.shelter[i], best.minutes[i], best.distance_m[i], best.offroad_m[i];
 * // Several fields of the same mode and closures can share the points' snaps:
 * const snaps = snapPoints(graph, sitePositions, 'walk');
 * nearestFromSnaps(graph, field, snaps);
 */
import { M_FROM, M_TO, TO_FROM, TO_TO, alongCost, endCosts } from './edge-position.ts';
import { modeCosts } from './mode-costs.ts';
import type { RoadGraph } from './road-graph.ts';
import { offroadCost, type ShelterField } from './shelter-field.ts';
import { snapPoints, type Snap } from './snap.ts';
import type { LonLat, TravelMode } from './types.ts';

export interface NearestShelters {
  /** Index of the nearest shelter per demand point; −1 when none can be reached. */
  shelter: Int32Array;
  /** Travel minutes, off-road legs included (NaN in `length` mode; Infinity when unreachable). */
  minutes: Float64Array;
  /** Metres along the way, off-road legs included (NaN when the field kept no metres). */
  distance_m: Float64Array;
  /** Metres of the way that are off-road: the point's leg to the network plus the shelter's leg from it. */
  offroad_m: Float64Array;
}

export function nearestShelters(graph: RoadGraph, field: ShelterField, demand: readonly LonLat[]): NearestShelters {
  return nearestFromSnaps(graph, field, snapPoints(graph, demand, field.mode, field.blocked));
}

/** What endCosts gives for each snapped point, six values a point: fields of one mode and closures can share them. */
export function snapEnds(graph: RoadGraph, mode: TravelMode, snaps: readonly (Snap | null)[]): Float64Array {
  const costs = modeCosts(graph, mode);
  const all = new Float64Array(snaps.length * 6);
  const one = new Float64Array(6);
  snaps.forEach((snap, i) => {
    if (!snap) return;
    endCosts(graph, costs, mode, snap, one);
    all.set(one, i * 6);
  });
  return all;
}

/**
 * The same answer for points already snapped in the field's mode and closures (null = no usable
 * road); `shared`: their snapEnds, when several fields probe the same points.
 */
export function nearestFromSnaps(graph: RoadGraph, field: ShelterField, snaps: readonly (Snap | null)[], shared?: Float64Array): NearestShelters {
  const n = snaps.length;
  const out: NearestShelters = {
    shelter: new Int32Array(n).fill(-1),
    minutes: new Float64Array(n).fill(Infinity),
    distance_m: new Float64Array(n).fill(Infinity),
    offroad_m: new Float64Array(n).fill(Infinity),
  };
  const costs = modeCosts(graph, field.mode);
  const own = new Float64Array(6);
  const ends = shared ?? own;
  const { metres } = field;
  for (let i = 0; i < n; i++) {
    const snap = snaps[i];
    if (!snap) continue;
    let at = i * 6;
    if (!shared) {
      endCosts(graph, costs, field.mode, snap, own);
      at = 0;
    }
    const off = offroadCost(snap.offroadM, field.mode, field.offroadKmh);
    const u = graph.edgeFrom[snap.edge];
    const v = graph.edgeTo[snap.edge];
    let best = -1;
    let bestCost = Infinity;
    let bestM = Infinity;
    const viaU = ends[at + TO_FROM] + field.cost[u];
    if (viaU < bestCost) {
      best = field.shelter[u];
      bestCost = viaU;
      bestM = metres ? ends[at + M_FROM] + metres[u] : NaN;
    }
    const viaV = ends[at + TO_TO] + field.cost[v];
    if (viaV < bestCost) {
      best = field.shelter[v];
      bestCost = viaV;
      bestM = metres ? ends[at + M_TO] + metres[v] : NaN;
    }
    for (const s of field.byEdge.get(snap.edge) ?? []) {
      const target = field.shelters[s]!;
      const c = alongCost(graph, costs, field.mode, snap, target) + offroadCost(target.offroadM, field.mode, field.offroadKmh) + (field.handicap ? field.handicap[s] : 0);
      if (c < bestCost || (c === bestCost && s < best)) {
        best = s;
        bestCost = c;
        bestM = metres ? Math.abs(target.alongM - snap.alongM) + target.offroadM : NaN;
      }
    }
    if (best < 0) continue;
    const total = bestCost + off;
    out.shelter[i] = best;
    out.minutes[i] = field.mode === 'length' ? NaN : total / 60;
    out.distance_m[i] = bestM + snap.offroadM;
    out.offroad_m[i] = snap.offroadM + field.shelters[best]!.offroadM;
  }
  return out;
}
