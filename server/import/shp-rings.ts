/**
 * Shapefile polygons are flat lists of rings: clockwise rings are outer boundaries and
 * counter-clockwise rings are holes, each inside one of the outer rings. This groups them.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Twice the signed area: negative for clockwise rings (y up). */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum;
}

function contains(ring: Position[], [x, y]: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function ringsToPolygons(rings: Position[][]): Polygon | MultiPolygon {
  const outers: Position[][][] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    if (signedArea(ring) < 0) outers.push([ring]);
    else holes.push(ring);
  }
  // A file with only counter-clockwise rings (written by a careless tool): read each as an outer ring.
  if (outers.length === 0) return holes.length === 1 ? { type: 'Polygon', coordinates: [holes[0]] } : { type: 'MultiPolygon', coordinates: holes.map((h) => [h]) };
  for (const hole of holes) {
    const owner = outers.find((o) => hole.some((p) => contains(o[0], p))) ?? outers[0];
    owner.push(hole);
  }
  return outers.length === 1 ? { type: 'Polygon', coordinates: outers[0] } : { type: 'MultiPolygon', coordinates: outers };
}
