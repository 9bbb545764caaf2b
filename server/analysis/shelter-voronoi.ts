/**
 * Voronoi cells of shelters ("whose nearest shelter is this one"), clipped to a boundary such
 * as the city outline.
 *
 * The cells are computed in a local equirectangular projection (x = lon·cos φ₀, y = lat, φ₀ the
 * data's mid-latitude), where bisectors match great-circle ones to within a fraction of a
 * percent over a county and about 3 % at the edges of a province; assignments themselves always
 * use great-circle distance, so a point within metres of a cell edge may sit in the
 * neighbour's cell. Shelters at the same position share one cell.
 *
 * @example
 * const cells = shelterVoronoi(shelters.features, cityOutline);
 * // cells[j]: Polygon | MultiPolygon, or null if shelter j's cell lies outside the boundary
 */
import { bboxClip, featureCollection, intersect, point, voronoi } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { clipToConvex, prepareArea } from './clip-convex.ts';
import { areaTest } from './point-in-polygon.ts';

type Areal = Polygon | MultiPolygon;
const RAD = Math.PI / 180;

/**
 * @param shelters point features (not mutated)
 * @param boundary clip area; without it, cells fill the data's extent padded by 10 %
 * @returns one geometry per shelter, in input order
 */
export function shelterVoronoi(shelters: readonly Feature<Point, unknown>[], boundary?: Areal | Feature<Areal> | null): (Areal | null)[] {
  const out: (Areal | null)[] = new Array(shelters.length).fill(null);
  if (shelters.length === 0) return out;
  const area: Areal | null = boundary ? ('geometry' in boundary ? boundary.geometry : boundary) : null;

  // extent: the boundary and the shelters, padded so that every site lies strictly inside
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (p: Position): void => {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  };
  for (const s of shelters) grow(s.geometry.coordinates);
  if (area) forEachRing(area, (ring) => ring.forEach(grow));
  const padX = Math.max((maxX - minX) * 0.1, 0.01);
  const padY = Math.max((maxY - minY) * 0.1, 0.01);
  minX -= padX;
  maxX += padX;
  minY -= padY;
  maxY += padY;
  const k = Math.cos(((minY + maxY) / 2) * RAD);

  // one site per distinct position
  const siteOf = new Map<string, number>();
  const firstOf = new Int32Array(shelters.length);
  const sites: Feature<Point>[] = [];
  shelters.forEach((s, j) => {
    const [x, y] = s.geometry.coordinates;
    const key = `${x},${y}`;
    let site = siteOf.get(key);
    if (site === undefined) {
      site = sites.length;
      siteOf.set(key, site);
      sites.push(point([x * k, y]));
    }
    firstOf[j] = site;
  });

  const cells = voronoi(featureCollection(sites), { bbox: [minX * k, minY, maxX * k, maxY] });
  const unprojected: (Polygon | null)[] = sites.map((_, s) => {
    const c = cells.features[s];
    if (!c?.geometry) return null;
    return { type: 'Polygon', coordinates: c.geometry.coordinates.map((ring) => ring.map(([x, y]) => [x / k, y])) };
  });

  const clipped = area ? clipAll(unprojected, sites.map((s) => [s.geometry.coordinates[0] / k, s.geometry.coordinates[1]]), area) : unprojected;
  shelters.forEach((_, j) => {
    out[j] = clipped[firstOf[j]];
  });
  return out;
}

/**
 * Clips convex cells to an area. A cell whose box touches no boundary edge lies wholly inside
 * or wholly outside, which one point tells; only the cells on the boundary are clipped, with
 * the convex-window clipper (a general clipper is 100× slower and kept for degenerate cases).
 */
function clipAll(cells: (Polygon | null)[], sitePositions: Position[], area: Areal): (Areal | null)[] {
  const segments: [number, number, number, number][] = [];
  forEachRing(area, (ring) => {
    for (let i = 0; i + 1 < ring.length; i++) segments.push([ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]]);
  });
  const index = new Flatbush(Math.max(1, segments.length));
  for (const [x1, y1, x2, y2] of segments) index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
  if (segments.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  const areaFeature: Feature<Areal> = { type: 'Feature', properties: {}, geometry: area };
  const prepared = prepareArea(area);
  const inArea = areaTest(area);

  return cells.map((cell, s) => {
    if (!cell) return null;
    const box = ringBox(cell.coordinates[0]);
    if (index.search(box[0], box[1], box[2], box[3]).length === 0 || segments.length === 0) {
      // no boundary edge crosses the cell's box; test a point inside the cell (its site)
      return segments.length > 0 && inArea(sitePositions[s][0], sitePositions[s][1]) ? cell : null;
    }
    const fast = clipToConvex(prepared, cell.coordinates[0]);
    if (fast !== undefined) return fast;
    // rare degenerate touch (a boundary vertex exactly on a cell edge): the general clipper
    const local = clipToBox(areaFeature, box);
    if (!local) return null;
    const clipped = intersect(featureCollection<Areal>([{ type: 'Feature', properties: {}, geometry: cell }, local]));
    return clipped?.geometry ?? null;
  });
}

/** The area cut to a box, without the empty parts bboxClip leaves behind; null if nothing is left. */
function clipToBox(area: Feature<Areal>, box: [number, number, number, number]): Feature<Areal> | null {
  const g = bboxClip(area, box).geometry;
  const polys = (g.type === 'Polygon' ? [g.coordinates as Position[][]] : (g.coordinates as Position[][][])).filter((rings) => rings.length > 0);
  if (polys.length === 0) return null;
  return { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: polys } };
}

function ringBox(ring: Position[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}

function forEachRing(area: Areal, fn: (ring: Position[]) => void): void {
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  for (const poly of polys) for (const ring of poly) fn(ring);
}
