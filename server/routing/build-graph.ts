/**
 * Builds the road graph from road features: nodes where roads meet (a vertex shared by two or
 * more roads, or a vertex a road passes twice) and at road ends; an edge per stretch of road
 * between two nodes, with its length and its walking and driving seconds in each direction.
 *
 * @example
 * const graph = buildRoadGraph(roads.features);
 * graph.nodeCount, graph.edgeCount; // junctions and road ends; stretches between them
 */
import { FORD_WALK_FACTOR, driveSpeedKmh, isRoadClass, isWalkable } from './road-classes.ts';
import type { RoadGraph, RoadInfo } from './road-graph.ts';
import { rulerAt } from './geodesy.ts';
import { hilbertRank } from './node-order.ts';
import { pendantTrees } from './pendant-trees.ts';
import { SegmentIndex } from './segment-index.ts';
import { toblerSeconds } from './tobler.ts';
import type { RoadFeature } from './types.ts';

/** Vertices closer than 1e-7° (~1 cm) are the same place: rounding noise never splits a junction. */
const QUANT = 1e7;

type Line = readonly (readonly number[])[];

function partsOf(road: RoadFeature): readonly Line[] {
  const g = road.geometry;
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  return [];
}

/** Open-addressing hash of quantised positions → slot; counts how often each position occurs. */
class PositionTable {
  readonly keyX: Int32Array;
  readonly keyY: Int32Array;
  readonly count: Int32Array;
  private readonly mask: number;

  constructor(expected: number) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.keyX = new Int32Array(cap);
    this.keyY = new Int32Array(cap);
    this.count = new Int32Array(cap);
  }

  slot(qx: number, qy: number): number {
    let h = (Math.imul(qx, 0x9e3779b1) ^ Math.imul(qy, 0x85ebca6b)) & this.mask;
    while (this.count[h] !== 0 && (this.keyX[h] !== qx || this.keyY[h] !== qy)) h = (h + 1) & this.mask;
    this.keyX[h] = qx;
    this.keyY[h] = qy;
    return h;
  }
}

function roadInfo(road: RoadFeature, index: number): RoadInfo {
  const p = road.properties;
  if (!p || !isRoadClass(p.road_class)) throw new Error(`road ${index}: road_class must be one of the road classes, got ${JSON.stringify(p?.road_class)}`);
  const id = typeof p.id === 'number' ? p.id : typeof road.id === 'number' ? road.id : null;
  return { id, code: typeof p.code === 'string' ? p.code : null, name: typeof p.name === 'string' && p.name ? p.name : null, roadClass: p.road_class };
}

export function buildRoadGraph(roads: readonly RoadFeature[]): RoadGraph {
  const infos = roads.map(roadInfo);
  // Pass 1: copy every part's vertices (consecutive repeats dropped) into flat arrays.
  let capacity = 0;
  for (const road of roads) for (const line of partsOf(road)) capacity += line.length;
  const lon = new Float64Array(capacity);
  const lat = new Float64Array(capacity);
  const z = new Float64Array(capacity);
  const qx = new Int32Array(capacity);
  const qy = new Int32Array(capacity);
  const partStart: number[] = [];
  const partEnd: number[] = [];
  const partRoad: number[] = [];
  let v = 0;
  roads.forEach((road, r) => {
    for (const line of partsOf(road)) {
      const start = v;
      for (const p of line) {
        const x = Math.round(p[0] * QUANT);
        const y = Math.round(p[1] * QUANT);
        if (v > start && qx[v - 1] === x && qy[v - 1] === y) continue;
        lon[v] = p[0];
        lat[v] = p[1];
        z[v] = p.length > 2 && Number.isFinite(p[2]) ? p[2] : NaN;
        qx[v] = x;
        qy[v] = y;
        v++;
      }
      if (v - start < 2) {
        v = start; // a part with fewer than two distinct vertices has no length
        continue;
      }
      partStart.push(start);
      partEnd.push(v - 1);
      partRoad.push(r);
    }
  });
  const vertexCount = v;

  // Pass 2: count occurrences of each position; part ends count twice so they always become nodes.
  const table = new PositionTable(vertexCount);
  const slotOf = new Int32Array(vertexCount);
  for (let i = 0; i < vertexCount; i++) {
    const s = table.slot(qx[i], qy[i]);
    slotOf[i] = s;
    table.count[s]++;
  }
  for (let p = 0; p < partStart.length; p++) {
    table.count[slotOf[partStart[p]]]++;
    table.count[slotOf[partEnd[p]]]++;
  }

  // Pass 3: number the nodes in order of first appearance (renumbered below); count edges.
  const slotNode = new Int32Array(table.count.length).fill(-1);
  const nodeLonList: number[] = [];
  const nodeLatList: number[] = [];
  let edgeCount = 0;
  for (let p = 0; p < partStart.length; p++) {
    for (let i = partStart[p]; i <= partEnd[p]; i++) {
      const s = slotOf[i];
      if (table.count[s] < 2) continue;
      if (slotNode[s] < 0) {
        slotNode[s] = nodeLonList.length;
        nodeLonList.push(lon[i]);
        nodeLatList.push(lat[i]);
      }
      if (i > partStart[p]) edgeCount++;
    }
  }
  const nodeCount = nodeLonList.length;
  // Renumber the nodes along a Hilbert curve (see node-order.ts): neighbours then sit near each other in memory.
  const rank = hilbertRank(nodeLonList, nodeLatList);
  const nodeLon = new Float64Array(nodeCount);
  const nodeLat = new Float64Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) {
    nodeLon[rank[k]] = nodeLonList[k];
    nodeLat[rank[k]] = nodeLatList[k];
  }
  for (let k = 0; k < slotNode.length; k++) if (slotNode[k] >= 0) slotNode[k] = rank[slotNode[k]];

  // Pass 4: segments (length, walking seconds each way) and edges.
  const segLength = new Float64Array(vertexCount);
  const segWalkForward = new Float32Array(vertexCount);
  const segWalkBackward = new Float32Array(vertexCount);
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  const edgeLength = new Float64Array(edgeCount);
  const edgeRoad = new Int32Array(edgeCount);
  const edgeFirstVertex = new Int32Array(edgeCount);
  const edgeLastVertex = new Int32Array(edgeCount);
  const walkForward = new Float32Array(edgeCount);
  const walkBackward = new Float32Array(edgeCount);
  const driveForward = new Float32Array(edgeCount);
  const driveBackward = new Float32Array(edgeCount);
  let maxDriveKmh = 0;
  let e = 0;
  let rulerKey = NaN;
  let ruler = rulerAt(0);
  for (let p = 0; p < partStart.length; p++) {
    const r = partRoad[p];
    const props = roads[r].properties;
    const closed = props.closed === true;
    const walkable = isWalkable(props.road_class) && !closed;
    const walkFactor = props.ford ? 1 / FORD_WALK_FACTOR : 1;
    const speed = closed ? 0 : driveSpeedKmh(props);
    if (speed > maxDriveKmh) maxDriveKmh = speed;
    let first = partStart[p];
    let len = 0;
    let wf = 0;
    let wb = 0;
    for (let i = partStart[p]; i < partEnd[p]; i++) {
      const midLat = (lat[i] + lat[i + 1]) / 2;
      // Neighbouring segments share a latitude bucket: look the ruler up only when it changes.
      if (Math.round(midLat * 100) !== rulerKey) {
        rulerKey = Math.round(midLat * 100);
        ruler = rulerAt(midLat);
      }
      const dx = (lon[i + 1] - lon[i]) * ruler.kx;
      const dy = (lat[i + 1] - lat[i]) * ruler.ky;
      const m = Math.sqrt(dx * dx + dy * dy);
      const rise = Number.isNaN(z[i]) || Number.isNaN(z[i + 1]) ? 0 : z[i + 1] - z[i];
      segLength[i] = m;
      segWalkForward[i] = toblerSeconds(m, rise) * walkFactor;
      segWalkBackward[i] = toblerSeconds(m, -rise) * walkFactor;
      len += m;
      wf += segWalkForward[i];
      wb += segWalkBackward[i];
      if (table.count[slotOf[i + 1]] < 2) continue;
      edgeFrom[e] = slotNode[slotOf[first]];
      edgeTo[e] = slotNode[slotOf[i + 1]];
      edgeLength[e] = len;
      edgeRoad[e] = r;
      edgeFirstVertex[e] = first;
      edgeLastVertex[e] = i + 1;
      walkForward[e] = walkable ? wf : Infinity;
      walkBackward[e] = walkable ? wb : Infinity;
      const driveSeconds = speed > 0 ? (len / 1000 / speed) * 3600 : Infinity;
      driveForward[e] = driveSeconds;
      driveBackward[e] = props.oneway ? Infinity : driveSeconds;
      e++;
      first = i + 1;
      len = wf = wb = 0;
    }
  }

  // Pass 5: incidence CSR, each edge listed under both of its nodes.
  const adjStart = new Int32Array(nodeCount + 1);
  for (let k = 0; k < edgeCount; k++) {
    adjStart[edgeFrom[k] + 1]++;
    adjStart[edgeTo[k] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) adjStart[n + 1] += adjStart[n];
  const fill = adjStart.slice(0, nodeCount);
  const adjEdge = new Int32Array(2 * edgeCount);
  const adjNode = new Int32Array(2 * edgeCount);
  const adjFromSide = new Uint8Array(2 * edgeCount);
  for (let k = 0; k < edgeCount; k++) {
    let h = fill[edgeFrom[k]]++;
    adjEdge[h] = k;
    adjNode[h] = edgeTo[k];
    adjFromSide[h] = 1;
    h = fill[edgeTo[k]]++;
    adjEdge[h] = k;
    adjNode[h] = edgeFrom[k];
  }

  // Views, not copies: dropped repeats leave at most a few unused slots at the end.
  const vertexLon = lon.subarray(0, vertexCount);
  const vertexLat = lat.subarray(0, vertexCount);
  return {
    nodeCount,
    edgeCount,
    nodeLon,
    nodeLat,
    edgeFrom,
    edgeTo,
    edgeLength,
    edgeRoad,
    walkForward,
    walkBackward,
    driveForward,
    driveBackward,
    edgeFirstVertex,
    edgeLastVertex,
    vertexLon,
    vertexLat,
    segLength: segLength.subarray(0, vertexCount),
    segWalkForward: segWalkForward.subarray(0, vertexCount),
    segWalkBackward: segWalkBackward.subarray(0, vertexCount),
    adjStart,
    adjEdge,
    adjNode,
    adjFromSide,
    pendant: pendantTrees(nodeCount, adjStart, adjEdge, adjNode),
    roads: infos,
    segments: new SegmentIndex(vertexLon, vertexLat, edgeFirstVertex, edgeLastVertex),
    maxDriveKmh,
  };
}
