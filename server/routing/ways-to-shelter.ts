/**
 * The ways from many points to one shelter, drawn along the roads: one search towards the shelter
 * (its tree of quickest ways, bounded by the farthest point's cost) serves every point, where a
 * route per point would search once each. Each way is the same feature `routeToShelter` draws:
 * point → its road point → edges in travel order → the shelter's road point → the shelter.
 *
 * @example
 * const ways = waysToShelter(graph, shelterPosition, sitePositions, { mode: 'drive', maxMinutes: 60 });
 * ways[0]?.properties; // { mode, minutes, length_m, offroad_m, roads }
 */
import { TO_FROM, TO_TO, alongCost, endCosts } from './edge-position.ts';
import { modeCosts } from './mode-costs.ts';
import { OFFROAD_WALK_KMH } from './road-classes.ts';
import type { RoadGraph } from './road-graph.ts';
import { routeFeature, type Path, type RouteFeature } from './route.ts';
import { runSearch } from './search.ts';
import { offroadCost, shelterSeeds } from './shelter-field.ts';
import { snapPoint } from './snap.ts';
import type { LonLat, SearchOptions } from './types.ts';

export interface WaysOptions extends SearchOptions {
  /** Stop the search past this many minutes (metres in `length` mode): the farthest point's way. */
  maxMinutes?: number;
}

/** The way from each point to the shelter (null where none exists within the limit). */
export function waysToShelter(graph: RoadGraph, shelter: LonLat, points: readonly LonLat[], options: WaysOptions): (RouteFeature | null)[] {
  const { mode, blocked } = options;
  const offroadKmh = options.offroadKmh ?? OFFROAD_WALK_KMH;
  const target = snapPoint(graph, shelter[0], shelter[1], mode, blocked);
  if (!target) return points.map(() => null);
  const targetOff = offroadCost(target.offroadM, mode, offroadKmh);
  // A second of slack: the limit is the farthest point's own cost, which must stay inside it.
  const limit = options.maxMinutes === undefined ? Infinity : mode === 'length' ? options.maxMinutes + 1 : options.maxMinutes * 60 + 1;
  const origins = points.map((p) => snapPoint(graph, p[0], p[1], mode, blocked));
  // The search stops once both ends of every point's road are settled: their ways are then final.
  const ends2 = origins.flatMap((o) => (o ? [graph.edgeFrom[o.edge], graph.edgeTo[o.edge]] : []));
  const tree = runSearch(graph, mode, 'to', shelterSeeds(graph, [target], mode, offroadKmh), blocked, limit, ends2, { metres: false, viaEdge: true });
  const via = tree.viaEdge!;
  const costs = modeCosts(graph, mode);
  const ends = new Float64Array(6);
  return origins.map((origin) => {
    if (!origin) return null;
    endCosts(graph, costs, mode, origin, ends);
    let path: Path | null = null;
    if (origin.edge === target.edge) {
      const c = alongCost(graph, costs, mode, origin, target);
      if (c < Infinity) path = { cost: c, edges: [], startNode: -1, endNode: -1 };
    }
    for (const [node, leg] of [
      [graph.edgeFrom[origin.edge], ends[TO_FROM]],
      [graph.edgeTo[origin.edge], ends[TO_TO]],
    ] as const) {
      // tree.cost holds the shelter's off-road leg; the path's cost is along the roads only.
      const c = leg + tree.cost[node] - targetOff;
      if (!(c < (path?.cost ?? Infinity))) continue;
      const edges: number[] = [];
      let x = node;
      for (let e = via[x]; e >= 0; e = via[x]) {
        edges.push(e);
        x = graph.edgeFrom[e] === x ? graph.edgeTo[e] : graph.edgeFrom[e];
      }
      path = { cost: c, edges, startNode: node, endNode: x };
    }
    return path ? routeFeature(graph, origin, target, path, mode, offroadKmh) : null;
  });
}
