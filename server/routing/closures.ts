/**
 * What-if closures as a mask over the built graph (1 = impassable), so a planner can close roads
 * by id or code and close an area without rebuilding anything: every edge with a segment that
 * meets the area (crossing it, touching it or lying inside) is closed.
 *
 * @example
 * const blocked = closureMask(graph, { roadIds: [12, 40], areas: [floodZone.geometry] });
 * shelterField(graph, shelters, { mode: 'walk', blocked });
 */
import { bbox, booleanIntersects, lineString } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { RoadGraph } from './road-graph.ts';

export interface Closures {
  /** Road ids (the feature's `id`). */
  roadIds?: readonly number[];
  /** Road codes. */
  roadCodes?: readonly string[];
  /** Areas closed to all traffic. */
  areas?: readonly (Polygon | MultiPolygon)[];
  /** A mask to add to (not modified). */
  base?: Uint8Array | null;
}

export function closureMask(graph: RoadGraph, closures: Closures): Uint8Array {
  const mask = closures.base ? Uint8Array.from(closures.base) : new Uint8Array(graph.edgeCount);
  const ids = new Set(closures.roadIds ?? []);
  const codes = new Set(closures.roadCodes ?? []);
  if (ids.size || codes.size) {
    const closedRoad = graph.roads.map((r) => (r.id !== null && ids.has(r.id)) || (r.code !== null && codes.has(r.code)));
    for (let e = 0; e < graph.edgeCount; e++) if (closedRoad[graph.edgeRoad[e]]) mask[e] = 1;
  }
  for (const area of closures.areas ?? []) {
    const [w, s, east, n] = bbox(area);
    for (const { vertex, edge } of graph.segments.segmentsInBox(w, s, east, n)) {
      if (mask[edge]) continue;
      const segment = lineString([
        [graph.vertexLon[vertex], graph.vertexLat[vertex]],
        [graph.vertexLon[vertex + 1], graph.vertexLat[vertex + 1]],
      ]);
      if (booleanIntersects(segment, area)) mask[edge] = 1;
    }
  }
  return mask;
}
