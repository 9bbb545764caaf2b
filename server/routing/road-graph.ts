/**
 * The road graph in typed arrays. Nodes are road ends and vertices shared by two or more roads;
 * an edge runs between two nodes along one road, and its interior vertices are only its geometry.
 * Every edge is stored once with a cost in each direction; the adjacency lists each edge under
 * both of its nodes (an incidence CSR), which serves as the forward graph (costs leaving a node)
 * and the reverse graph (costs arriving at it) alike.
 */
import type { RoadClass } from './road-classes.ts';
import type { PendantTrees } from './pendant-trees.ts';
import type { SegmentIndex } from './segment-index.ts';

export interface RoadInfo {
  /** The feature's `id` (property or feature id), when it has one. */
  id: number | null;
  code: string | null;
  name: string | null;
  roadClass: RoadClass;
}

export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  /** Metres along the edge (ellipsoidal). */
  edgeLength: Float64Array;
  /** Index of the road (input feature) the edge belongs to. */
  edgeRoad: Int32Array;
  /** Seconds from → to and to → from; Infinity where the way is impassable (class, one-way, closed). */
  walkForward: Float32Array;
  walkBackward: Float32Array;
  driveForward: Float32Array;
  driveBackward: Float32Array;
  /** The edge's geometry: vertices first…last (inclusive) of the vertex arrays, in from → to order. */
  edgeFirstVertex: Int32Array;
  edgeLastVertex: Int32Array;
  vertexLon: Float64Array;
  vertexLat: Float64Array;
  /** Per segment, indexed by the vertex it starts at: metres, and walking seconds forward and backward. */
  segLength: Float64Array;
  segWalkForward: Float32Array;
  segWalkBackward: Float32Array;
  /** Incidence CSR: the half-edges of node n are adjStart[n] … adjStart[n+1]-1. */
  adjStart: Int32Array;
  adjEdge: Int32Array;
  /** The node at the other end of the half-edge. */
  adjNode: Int32Array;
  /** 1 when the node owning the half-edge is the edge's `from` node. */
  adjFromSide: Uint8Array;
  /** The trees hanging off the network's core, which a search walks without its heap. */
  pendant: PendantTrees;
  roads: RoadInfo[];
  /** Nearest-segment index for snapping points and finding edges in an area. */
  segments: SegmentIndex;
  /** Fastest driving speed on the network, km/h (the A* bound). */
  maxDriveKmh: number;
}
