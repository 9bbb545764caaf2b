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

/** Per graph and mode, the edges usable with no closures; per closure mask, those it leaves usable. */
const usableByMode = new WeakMap<RoadGraph, Map<TravelMode, Uint8Array>>();
const usableByMask = new WeakMap<Uint8Array, Map<TravelMode, Uint8Array>>();

/** 1 for each edge a point may snap to in this mode with these closures. */
export function usableEdges(graph: RoadGraph, mode: TravelMode, blocked?: Uint8Array | null): Uint8Array {
  const key = blocked ?? graph;
  const cache = blocked ? usableByMask : usableByMode;
  let byMode = cache.get(key as RoadGraph & Uint8Array);
  if (!byMode) cache.set(key as RoadGraph & Uint8Array, (byMode = new Map()));
  let usable = byMode.get(mode);
  if (!usable) {
    const costs = modeCosts(graph, mode);
    usable = new Uint8Array(graph.edgeCount);
    for (let e = 0; e < graph.edgeCount; e++) usable[e] = passable(costs, blocked, e) ? 1 : 0;
    byMode.set(mode, usable);
  }
  return usable;
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
