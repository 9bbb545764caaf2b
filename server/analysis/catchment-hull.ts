/**
 * The area a shelter serves under a capacity assignment: the convex hull of the shelter and
 * the demand points assigned to it, widened by a margin so that a shelter with one or two
 * points still gets an area. Computed in a local metric projection around the shelter.
 *
 * @example
 * catchmentHull([110.93, 22.35], [[110.94, 22.36], [110.92, 22.37]], 50); // Polygon
 */
import type { Polygon, Position } from 'geojson';
import { EARTH_RADIUS_M } from './great-circle.ts';

const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;
const OCTAGON = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)]);

/**
 * @param shelter the shelter's [lon, lat]
 * @param points assigned demand positions (not mutated)
 * @param marginM widening in metres (each point becomes an octagon of this radius)
 */
export function catchmentHull(shelter: Position, points: readonly Position[], marginM = 50): Polygon {
  const [lon0, lat0] = shelter;
  const kx = Math.cos(lat0 * RAD) * M_PER_DEG;
  const xy: [number, number][] = [[0, 0]];
  for (const p of points) xy.push([(p[0] - lon0) * kx, (p[1] - lat0) * M_PER_DEG]);
  // hull first, then widen only its corners: far fewer points than widening every point
  const padded: [number, number][] = [];
  for (const [x, y] of hull(xy)) for (const [cx, cy] of OCTAGON) padded.push([x + marginM * cx, y + marginM * cy]);
  const ring: Position[] = hull(padded).map(([x, y]) => [lon0 + x / kx, lat0 + y / M_PER_DEG]);
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Andrew's monotone chain; anticlockwise, without the closing point. */
function hull(pts: [number, number][]): [number, number][] {
  const p = pts.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper: [number, number][] = [];
  for (let i = p.length - 1; i >= 0; i--) {
    const q = p[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop();
    upper.push(q);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}
