/**
 * Snapping a point to the network: the nearest point of the nearest edge that the mode may use
 * (and the what-if mask leaves open). The straight line from the point to it is the off-road leg.
 */
import { modeCosts, passable } from './mode-costs.ts';
import type { RoadGraph } from './road-graph.ts';
import type { TravelMode } from './types.ts';

export interface Snap {
  /** The point itself. */
  lon: number;
  lat: number;
  edge: number;
  /** Vertex the snapped segment starts at, and the position along it (0–1). */
  vertex: number;
  t: number;
  /** The snapped point on the edge. */
  snapLon: number;
  snapLat: number;
  /** Length of the off-road leg, metres. */
  offroadM: number;
  /** Metres along the edge from its `from` node to the snapped point. */
  alongM: number;
}

/** Per closure mask (the graph itself when nothing is closed), per mode: the edges a point may snap to. */
const usable = new WeakMap<RoadGraph | Uint8Array, Map<TravelMode, Uint8Array>>();

/** 1 for each edge a point may snap to in this mode with these closures. */
export function usableEdges(graph: RoadGraph, mode: TravelMode, blocked?: Uint8Array | null): Uint8Array {
  const key = blocked ?? graph;
  let byMode = usable.get(key);
  if (!byMode) usable.set(key, (byMode = new Map()));
  let edges = byMode.get(mode);
  if (!edges) {
    const costs = modeCosts(graph, mode);
    edges = new Uint8Array(graph.edgeCount);
    for (let e = 0; e < graph.edgeCount; e++) edges[e] = passable(costs, blocked, e) ? 1 : 0;
    byMode.set(mode, edges);
  }
  return edges;
}

export function snapPoint(graph: RoadGraph, lon: number, lat: number, mode: TravelMode, blocked?: Uint8Array | null, maxM = Infinity): Snap | null {
  const hit = graph.segments.nearest(lon, lat, usableEdges(graph, mode, blocked), maxM);
  if (!hit) return null;
  const v = hit.vertex;
  let along = hit.t * graph.segLength[v];
  for (let i = graph.edgeFirstVertex[hit.edge]; i < v; i++) along += graph.segLength[i];
  return {
    lon,
    lat,
    edge: hit.edge,
    vertex: v,
    t: hit.t,
    snapLon: graph.vertexLon[v] + hit.t * (graph.vertexLon[v + 1] - graph.vertexLon[v]),
    snapLat: graph.vertexLat[v] + hit.t * (graph.vertexLat[v + 1] - graph.vertexLat[v]),
    offroadM: hit.distanceM,
    alongM: Math.min(along, graph.edgeLength[hit.edge]),
  };
}

/** Snaps many points; null where no usable edge exists (or none within maxM). */
export function snapPoints(graph: RoadGraph, points: readonly (readonly number[])[], mode: TravelMode, blocked?: Uint8Array | null, maxM = Infinity): (Snap | null)[] {
  return points.map((p) => snapPoint(graph, p[0], p[1], mode, blocked, maxM));
}
