/**
 * One route from a point to one shelter: A* from the point's snap towards the shelter's snap,
 * bounded below by the straight-line distance at the network's fastest speed (Tobler's 6 km/h on
 * foot, the fastest road when driving), then drawn along the roads: point → snapped point →
 * the edges in travel order (part-edges cut at the snaps) → the shelter's snapped point → shelter.
 *
 * @example
 * const route = routeToShelter(graph, [110.93, 22.35], [110.95, 22.36], { mode: 'walk' });
 * route?.properties; // { mode, minutes, length_m, offroad_m, roads: ['G325', '村道', …] }
 */
import type { Feature, LineString, Position } from 'geojson';
import { FROM_FROM, FROM_TO, TO_FROM, TO_TO, alongCost, endCosts } from './edge-position.ts';
import { metresBetween } from './geodesy.ts';
import { NodeHeap } from './min-heap.ts';
import { modeCosts } from './mode-costs.ts';
import { OFFROAD_WALK_KMH, ROAD_CLASS_LABELS } from './road-classes.ts';
import type { RoadGraph } from './road-graph.ts';
import { offroadCost } from './shelter-field.ts';
import { snapPoint, type Snap } from './snap.ts';
import { TOBLER_MAX_KMH } from './tobler.ts';
import type { LonLat, SearchOptions, TravelMode } from './types.ts';

export interface RouteProperties {
  mode: TravelMode;
  /** Travel minutes, off-road legs included (null in `length` mode). */
  minutes: number | null;
  /** Metres of the whole line, off-road legs included. */
  length_m: number;
  /** Metres of it that are off-road (both legs). */
  offroad_m: number;
  /** Names of the roads taken in order (the class label, e.g. 村道, when unnamed), repeats merged. */
  roads: string[];
}

export type RouteFeature = Feature<LineString, RouteProperties>;

/** A lower bound of the cost of `metres` in a straight line: the A* heuristic (1 % slack for the ruler). */
function boundPerMetre(graph: RoadGraph, mode: TravelMode): number {
  if (mode === 'length') return 0.99;
  const kmh = mode === 'walk' ? TOBLER_MAX_KMH : graph.maxDriveKmh;
  return kmh > 0 ? 0.99 / (kmh / 3.6) : 0;
}

export interface Path {
  /** Cost along the roads, without the off-road legs. */
  cost: number;
  /** Edges in travel order between the two snapped edges' end nodes; empty when going straight along one edge. */
  edges: number[];
  /** Node the path leaves the origin's edge by, and reaches the target's edge at (−1 when straight along). */
  startNode: number;
  endNode: number;
}

function search(graph: RoadGraph, mode: TravelMode, blocked: Uint8Array | null | undefined, origin: Snap, target: Snap): Path | null {
  const costs = modeCosts(graph, mode);
  const o = new Float64Array(6);
  const t = new Float64Array(6);
  endCosts(graph, costs, mode, origin, o);
  endCosts(graph, costs, mode, target, t);
  let best: Path | null = null;
  if (origin.edge === target.edge) {
    const c = alongCost(graph, costs, mode, origin, target);
    if (c < Infinity) best = { cost: c, edges: [], startNode: -1, endNode: -1 };
  }
  const n = graph.nodeCount;
  const g = new Float64Array(n).fill(Infinity);
  const via = new Int32Array(n).fill(-1);
  const heap = new NodeHeap(n);
  const perMetre = boundPerMetre(graph, mode);
  const h = (x: number) => perMetre * metresBetween(graph.nodeLon[x], graph.nodeLat[x], target.snapLon, target.snapLat);
  const seed = (x: number, c: number) => {
    if (c < g[x]) {
      g[x] = c;
      heap.push(x, c + h(x));
    }
  };
  seed(graph.edgeFrom[origin.edge], o[TO_FROM]);
  seed(graph.edgeTo[origin.edge], o[TO_TO]);
  const uT = graph.edgeFrom[target.edge];
  const vT = graph.edgeTo[target.edge];
  let endNode = -1;
  let endCost = best ? best.cost : Infinity;
  const { adjStart, adjEdge, adjNode } = graph;
  const leaving = costs.leaving;
  while (heap.size > 0 && heap.peekKey() < endCost) {
    const x = heap.pop();
    const gx = g[x];
    if (x === uT && gx + t[FROM_FROM] < endCost) {
      endCost = gx + t[FROM_FROM];
      endNode = x;
    }
    if (x === vT && gx + t[FROM_TO] < endCost) {
      endCost = gx + t[FROM_TO];
      endNode = x;
    }
    for (let k = adjStart[x], end = adjStart[x + 1]; k < end; k++) {
      const e = adjEdge[k];
      if (blocked && blocked[e]) continue;
      const y = adjNode[k];
      const c = gx + leaving[k];
      // No closed set: a node is reopened whenever a cheaper way turns up, so a merely admissible bound is enough.
      if (c < g[y]) {
        g[y] = c;
        via[y] = e;
        heap.push(y, c + h(y));
      }
    }
  }
  if (endNode < 0) return best;
  const edges: number[] = [];
  let x = endNode;
  while (via[x] >= 0) {
    const e = via[x];
    edges.push(e);
    x = graph.edgeFrom[e] === x ? graph.edgeTo[e] : graph.edgeFrom[e];
  }
  edges.reverse();
  return { cost: endCost, edges, startNode: x, endNode };
}

/** Appends vertices a…b of the vertex arrays (either order) to the line. */
function appendVertices(graph: RoadGraph, line: Position[], a: number, b: number): void {
  const step = a <= b ? 1 : -1;
  for (let i = a; i !== b + step; i += step) line.push([graph.vertexLon[i], graph.vertexLat[i]]);
}

function drawLine(graph: RoadGraph, origin: Snap, target: Snap, path: Path): Position[] {
  const line: Position[] = [[origin.lon, origin.lat], [origin.snapLon, origin.snapLat]];
  if (path.startNode < 0) {
    // Straight along the shared edge: the vertices strictly between the two snapped points.
    if (target.alongM >= origin.alongM) {
      for (let i = origin.vertex + 1; i <= target.vertex; i++) line.push([graph.vertexLon[i], graph.vertexLat[i]]);
    } else {
      for (let i = origin.vertex; i > target.vertex; i--) line.push([graph.vertexLon[i], graph.vertexLat[i]]);
    }
  } else {
    const oe = origin.edge;
    if (path.startNode === graph.edgeFrom[oe]) appendVertices(graph, line, origin.vertex, graph.edgeFirstVertex[oe]);
    else appendVertices(graph, line, origin.vertex + 1, graph.edgeLastVertex[oe]);
    let at = path.startNode;
    for (const e of path.edges) {
      if (graph.edgeFrom[e] === at) {
        appendVertices(graph, line, graph.edgeFirstVertex[e], graph.edgeLastVertex[e]);
        at = graph.edgeTo[e];
      } else {
        appendVertices(graph, line, graph.edgeLastVertex[e], graph.edgeFirstVertex[e]);
        at = graph.edgeFrom[e];
      }
    }
    const te = target.edge;
    if (path.endNode === graph.edgeFrom[te]) appendVertices(graph, line, graph.edgeFirstVertex[te], target.vertex);
    else appendVertices(graph, line, graph.edgeLastVertex[te], target.vertex + 1);
  }
  line.push([target.snapLon, target.snapLat], [target.lon, target.lat]);
  const out: Position[] = [];
  for (const p of line) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length === 1) out.push([out[0][0], out[0][1]]);
  return out;
}

function roadLabel(graph: RoadGraph, edge: number): string {
  const road = graph.roads[graph.edgeRoad[edge]];
  return road.name ?? ROAD_CLASS_LABELS[road.roadClass].zh;
}

function roadsTaken(graph: RoadGraph, origin: Snap, target: Snap, path: Path): string[] {
  const edges: number[] = [];
  if (path.startNode < 0) {
    if (origin.alongM !== target.alongM) edges.push(origin.edge);
  } else {
    const oe = origin.edge;
    const leftOnOrigin = path.startNode === graph.edgeFrom[oe] ? origin.alongM : graph.edgeLength[oe] - origin.alongM;
    if (leftOnOrigin > 0) edges.push(oe);
    edges.push(...path.edges);
    const te = target.edge;
    const onTarget = path.endNode === graph.edgeFrom[te] ? target.alongM : graph.edgeLength[te] - target.alongM;
    if (onTarget > 0) edges.push(te);
  }
  const names: string[] = [];
  for (const e of edges) {
    const label = roadLabel(graph, e);
    if (names[names.length - 1] !== label) names.push(label);
  }
  return names;
}

function pathMetres(graph: RoadGraph, origin: Snap, target: Snap, path: Path): number {
  if (path.startNode < 0) return Math.abs(target.alongM - origin.alongM);
  const oe = origin.edge;
  const te = target.edge;
  let m = path.startNode === graph.edgeFrom[oe] ? origin.alongM : graph.edgeLength[oe] - origin.alongM;
  for (const e of path.edges) m += graph.edgeLength[e];
  m += path.endNode === graph.edgeFrom[te] ? target.alongM : graph.edgeLength[te] - target.alongM;
  return m;
}

/** The route's feature: the line drawn along the path, its minutes, length, off-road metres and roads. */
export function routeFeature(graph: RoadGraph, origin: Snap, target: Snap, path: Path, mode: TravelMode, offroadKmh: number): RouteFeature {
  const offroadM = origin.offroadM + target.offroadM;
  const cost = path.cost + offroadCost(offroadM, mode, offroadKmh);
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: drawLine(graph, origin, target, path) },
    properties: {
      mode,
      minutes: mode === 'length' ? null : cost / 60,
      length_m: pathMetres(graph, origin, target, path) + offroadM,
      offroad_m: offroadM,
      roads: roadsTaken(graph, origin, target, path),
    },
  };
}

/** The route from `from` to the shelter at `to`, or null when the shelter cannot be reached. */
export function routeToShelter(graph: RoadGraph, from: LonLat, to: LonLat, options: SearchOptions): RouteFeature | null {
  const { mode } = options;
  const origin = snapPoint(graph, from[0], from[1], mode, options.blocked);
  const target = snapPoint(graph, to[0], to[1], mode, options.blocked);
  if (!origin || !target) return null;
  const path = search(graph, mode, options.blocked, origin, target);
  return path ? routeFeature(graph, origin, target, path, mode, options.offroadKmh ?? OFFROAD_WALK_KMH) : null;
}
