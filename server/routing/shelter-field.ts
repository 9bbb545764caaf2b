/**
 * The multi-source search from every shelter at once, on the reverse graph: each node learns its
 * nearest shelter (by travel towards it), the cost and the metres along the way, off-road legs
 * included. One field answers any number of demand points (see nearestShelters).
 *
 * @example
 * const field = shelterField(graph, shelters.map((s) => s.geometry.coordinates), { mode: 'walk' });
 * field.shelter[node], field.cost[node] / 60; // nearest shelter of a node, minutes
 */
import { FROM_FROM, FROM_TO, M_FROM, M_TO, endCosts } from './edge-position.ts';
import { modeCosts } from './mode-costs.ts';
import { OFFROAD_WALK_KMH } from './road-classes.ts';
import type { RoadGraph } from './road-graph.ts';
import { runSearch, type SearchBuffers, type Seeds } from './search.ts';
import { snapPoints, type Snap } from './snap.ts';
import type { LonLat, SearchOptions, TravelMode } from './types.ts';

export interface ShelterFieldOptions extends SearchOptions {
  /** Stop the search past this many minutes (walk, drive) or metres (length). */
  maxCost?: number;
  /**
   * Per shelter, seconds (metres in `length` mode) counted as already spent on arriving there:
   * the field then measures min over shelters of (way + handicap), e.g. time beyond each
   * shelter's own reach, in one search.
   */
  handicap?: ArrayLike<number>;
  /** Keep the metres along each way (default true); without them, nearestShelters gives NaN metres. */
  metres?: boolean;
  /** Arrays to search into (see SearchKeeps.into): the field is then valid until the next search into them. */
  into?: SearchBuffers;
}

export interface ShelterField {
  mode: TravelMode;
  blocked: Uint8Array | null;
  offroadKmh: number;
  /** Each shelter's snap (null when no usable road exists). */
  shelters: readonly (Snap | null)[];
  /** Per node: nearest shelter (index into the shelters given; −1 = none reachable). */
  shelter: Int32Array;
  /** Per node: seconds to that shelter (metres in `length` mode), off-road leg included. */
  cost: Float64Array;
  /** Per node: metres along the way, off-road leg included (null when not kept). */
  metres: Float64Array | null;
  /** Shelters snapped onto each edge, for demand that shares an edge with a shelter. */
  byEdge: Map<number, number[]>;
  /** Each shelter's handicap, included in `cost` (null = none). */
  handicap: ArrayLike<number> | null;
}

/** Cost of an off-road leg of `metres`: seconds at the off-road speed, or metres in `length` mode. */
export function offroadCost(metres: number, mode: TravelMode, offroadKmh: number): number {
  return mode === 'length' ? metres : metres / (offroadKmh / 3.6);
}

/** Snaps the shelters and lists them by edge. */
export function snapShelters(graph: RoadGraph, shelters: readonly LonLat[], options: SearchOptions): { snaps: (Snap | null)[]; byEdge: Map<number, number[]> } {
  const snaps = snapPoints(graph, shelters, options.mode, options.blocked);
  return { snaps, byEdge: byEdgeOf(snaps) };
}

/** Shelters (positions in `snaps`) listed by the edge they snapped to. */
function byEdgeOf(snaps: readonly (Snap | null)[]): Map<number, number[]> {
  const byEdge = new Map<number, number[]>();
  snaps.forEach((s, i) => {
    if (!s) return;
    const list = byEdge.get(s.edge);
    if (list) list.push(i);
    else byEdge.set(s.edge, [i]);
  });
  return byEdge;
}

/** Two seeds per shelter: the ends of its edge, with what it costs to go from each end to the shelter (plus its handicap). */
export function shelterSeeds(graph: RoadGraph, snaps: readonly (Snap | null)[], mode: TravelMode, offroadKmh: number, handicap?: ArrayLike<number>): Seeds {
  const costs = modeCosts(graph, mode);
  const k = snaps.length * 2;
  const seeds: Seeds = { node: new Int32Array(k), cost: new Float64Array(k).fill(Infinity), metres: new Float64Array(k), label: new Int32Array(k) };
  const ends = new Float64Array(6);
  snaps.forEach((s, i) => {
    seeds.label[2 * i] = seeds.label[2 * i + 1] = i;
    if (!s) return;
    endCosts(graph, costs, mode, s, ends);
    const off = offroadCost(s.offroadM, mode, offroadKmh) + (handicap ? handicap[i] : 0);
    seeds.node[2 * i] = graph.edgeFrom[s.edge];
    seeds.cost[2 * i] = ends[FROM_FROM] + off;
    seeds.metres[2 * i] = ends[M_FROM] + s.offroadM;
    seeds.node[2 * i + 1] = graph.edgeTo[s.edge];
    seeds.cost[2 * i + 1] = ends[FROM_TO] + off;
    seeds.metres[2 * i + 1] = ends[M_TO] + s.offroadM;
  });
  return seeds;
}

export function shelterField(graph: RoadGraph, shelters: readonly LonLat[], options: ShelterFieldOptions): ShelterField {
  return fieldFromSnaps(graph, snapPoints(graph, shelters, options.mode, options.blocked), options);
}

/** The same field from shelters already snapped in the mode and closures of `options` (several fields of one set share them). */
export function fieldFromSnaps(graph: RoadGraph, snaps: readonly (Snap | null)[], options: ShelterFieldOptions): ShelterField {
  const offroadKmh = options.offroadKmh ?? OFFROAD_WALK_KMH;
  const maxCost = options.maxCost === undefined ? Infinity : options.mode === 'length' ? options.maxCost : options.maxCost * 60;
  const found = runSearch(graph, options.mode, 'to', shelterSeeds(graph, snaps, options.mode, offroadKmh, options.handicap), options.blocked, maxCost, undefined, { metres: options.metres ?? true, into: options.into });
  return {
    mode: options.mode,
    blocked: options.blocked ?? null,
    offroadKmh,
    shelters: snaps,
    shelter: found.label,
    cost: found.cost,
    metres: found.metres,
    byEdge: byEdgeOf(snaps),
    handicap: options.handicap ?? null,
  };
}
