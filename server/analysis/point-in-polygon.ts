/**
 * The one point-in-polygon rule of the analyses, the same as PostGIS `ST_Intersects` between
 * a point and an area (what grading's SQL and the evacuation card use): a point inside, or
 * exactly on an edge or a vertex of any ring (holes included), belongs to the area; a point
 * inside a hole does not. A MultiPolygon holds a point when any of its parts does.
 *
 * - `polygonIndex(features)`: many areas (hazard zones, towns). A Flatbush index over the box
 *   of every polygon part narrows each query to a few parts, which are then tested exactly.
 * - `areaTest(area)`: one area (a warning area, the city outline) tested against many points.
 * A part with many edges gets an index of its edges, so a test reads only the edges on the
 * ray from the point, not the whole outline.
 *
 * The test walks an eastward ray and counts the edges it crosses; whether a point lies on an
 * edge and which side of it lies are decided by one cross product, as PostGIS does, so the
 * two never disagree about a point.
 *
 * @example
 * const zonesAt = polygonIndex(zones.features);
 * zonesAt.containing(110.95, 22.36);   // positions (in zones.features) of the zones holding the point
 * const inWarning = areaTest(warning.geometry);
 * inWarning(110.90, 22.30);            // true on the area's corner
 */
import Flatbush from 'flatbush';
import type { Feature, Position } from 'geojson';
import type { Areal } from './types.ts';

export interface PolygonIndex {
  /** Positions of the features whose area holds the point (boundary included), ascending. */
  containing(lon: number, lat: number): number[];
  /** Whether any feature holds the point (stops at the first). */
  any(lon: number, lat: number): boolean;
}

/** A part with more edges than this gets an index of its edges. */
const EDGE_INDEX_FROM = 64;

/** One polygon (outer ring plus holes) of a feature, flattened. */
interface Part {
  feature: number;
  /** Ring k spans xy[ringStart[k] .. ringStart[k+1]) as x, y pairs. */
  ringStart: number[];
  xy: Float64Array;
  edgeCount: number;
  maxX: number;
  /** Built on the first test of a large part: edge e joins xy[from[e]] and xy[to[e]]. */
  edges?: { index: Flatbush; from: Int32Array; to: Int32Array };
}

/**
 * @param features polygon or multipolygon features (not mutated); features without an areal
 *   geometry, and empty rings, are skipped
 */
export function polygonIndex(features: readonly (Feature<Areal | null, unknown> | null)[]): PolygonIndex {
  const parts: Part[] = [];
  const boxes: number[] = [];
  features.forEach((f, i) => {
    const g = f?.geometry;
    if (!g) return;
    const polys: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const rings of polys) {
      const part = flatten(i, rings);
      if (!part) continue;
      parts.push(part);
      // the outer ring bounds the part
      boxes.push(...ringBox(rings[0]));
    }
  });

  const tree = new Flatbush(Math.max(parts.length, 1));
  for (let p = 0; p < parts.length; p++) tree.add(boxes[4 * p], boxes[4 * p + 1], boxes[4 * p + 2], boxes[4 * p + 3]);
  if (parts.length === 0) tree.add(0, 0, 0, 0); // Flatbush needs one box; never reported
  tree.finish();

  const hits = (lon: number, lat: number): number[] => (parts.length === 0 ? [] : tree.search(lon, lat, lon, lat));

  return {
    containing(lon, lat) {
      const out = new Set<number>();
      for (const p of hits(lon, lat)) if (partContains(parts[p], lon, lat)) out.add(parts[p].feature);
      return [...out].sort((a, b) => a - b);
    },
    any(lon, lat) {
      for (const p of hits(lon, lat)) if (partContains(parts[p], lon, lat)) return true;
      return false;
    },
  };
}

/** A test of one area against many points (boundary included). */
export function areaTest(area: Areal | Feature<Areal>): (lon: number, lat: number) => boolean {
  const geometry = 'geometry' in area ? area.geometry : area;
  const index = polygonIndex([{ type: 'Feature', properties: null, geometry }]);
  return (lon, lat) => index.any(lon, lat);
}

function flatten(feature: number, rings: Position[][]): Part | null {
  const kept = rings.filter((r) => r.length > 0);
  if (kept.length === 0 || rings[0].length === 0) return null;
  const ringStart = [0];
  let size = 0;
  for (const r of kept) ringStart.push((size += r.length * 2));
  const xy = new Float64Array(size);
  let k = 0;
  let maxX = -Infinity;
  for (const r of kept) {
    for (const p of r) {
      xy[k++] = p[0];
      xy[k++] = p[1];
      if (p[0] > maxX) maxX = p[0];
    }
  }
  return { feature, ringStart, xy, edgeCount: size / 2, maxX };
}

function ringBox(ring: readonly Position[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of ring) {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  return [minX, minY, maxX, maxY];
}

const MISSES = 0;
const CROSSES = 1;
const ON_EDGE = 2;

/**
 * How the eastward ray from (x, y) meets the edge (x1, y1)–(x2, y2): it lies on the edge, it
 * crosses it (half-open in y, so a ray through a vertex counts once), or neither.
 */
export function edgeRelation(x: number, y: number, x1: number, y1: number, x2: number, y2: number): 0 | 1 | 2 {
  if (y1 > y !== y2 > y) {
    // which side of the edge the point lies on: 0 is on its line, hence on the edge itself
    const side = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1);
    if (side === 0) return ON_EDGE;
    return side > 0 === y2 > y1 ? CROSSES : MISSES;
  }
  // the edge does not straddle the ray: the point can only be an end, or on a level edge
  if (y === y1 && (x === x1 || (y === y2 && (x - x1) * (x - x2) <= 0))) return ON_EDGE;
  if (y === y2 && x === x2) return ON_EDGE;
  return MISSES;
}

/** Even–odd over all rings of the part (so holes take themselves out), boundary included. */
function partContains(part: Part, x: number, y: number): boolean {
  if (part.edgeCount > EDGE_INDEX_FROM) return indexedContains(part, x, y);
  const { xy, ringStart } = part;
  let inside = false;
  for (let r = 0; r < ringStart.length - 1; r++) {
    const start = ringStart[r];
    const end = ringStart[r + 1];
    for (let i = start, j = end - 2; i < end; j = i, i += 2) {
      const rel = edgeRelation(x, y, xy[j], xy[j + 1], xy[i], xy[i + 1]);
      if (rel === ON_EDGE) return true;
      if (rel === CROSSES) inside = !inside;
    }
  }
  return inside;
}

/** The same, reading only the edges whose box meets the ray from the point eastwards. */
function indexedContains(part: Part, x: number, y: number): boolean {
  const edges = (part.edges ??= indexEdges(part));
  const { xy } = part;
  let inside = false;
  for (const e of edges.index.search(x, y, Math.max(x, part.maxX), y)) {
    const a = edges.from[e];
    const b = edges.to[e];
    const rel = edgeRelation(x, y, xy[a], xy[a + 1], xy[b], xy[b + 1]);
    if (rel === ON_EDGE) return true;
    if (rel === CROSSES) inside = !inside;
  }
  return inside;
}

function indexEdges(part: Part): NonNullable<Part['edges']> {
  const { xy, ringStart, edgeCount } = part;
  const index = new Flatbush(edgeCount);
  const from = new Int32Array(edgeCount);
  const to = new Int32Array(edgeCount);
  let e = 0;
  for (let r = 0; r < ringStart.length - 1; r++) {
    const start = ringStart[r];
    const end = ringStart[r + 1];
    for (let i = start, j = end - 2; i < end; j = i, i += 2) {
      from[e] = j;
      to[e] = i;
      index.add(Math.min(xy[i], xy[j]), Math.min(xy[i + 1], xy[j + 1]), Math.max(xy[i], xy[j]), Math.max(xy[i + 1], xy[j + 1]));
      e++;
    }
  }
  index.finish();
  return { index, from, to };
}
