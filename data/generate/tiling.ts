/**
 * Tiles an outline into towns: the Voronoi cell of each town centre, clipped to the outline.
 * Cells share their edges exactly, so the towns cover the outline with no gaps or overlaps.
 */
import { featureCollection, intersect, point, polygon, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Frame, LonLat, XY } from './frame.ts';
import { orientRing, ringBBox, signedArea } from './geometry.ts';
import { roundRing } from './round.ts';

export type MultiPolygonCoords = LonLat[][][];

/** Parts smaller than this (deg², about 100 m²) are rounding slivers, not land. */
const SLIVER_DEG2 = 1e-8;

/** One MultiPolygon (lon/lat, rounded to 5 decimals) per centre, in the centres' order. */
export function tileOutline(outline: readonly XY[], centres: readonly XY[], frame: Frame): MultiPolygonCoords[] {
  const [w, s, e, n] = ringBBox(outline);
  const pad = Math.max(e - w, n - s);
  // Voronoi runs in the km frame, where distance is the same in every direction.
  const cells = voronoi(featureCollection(centres.map((c) => point([c[0], c[1]]))), { bbox: [w - pad, s - pad, e + pad, n + pad] });
  const clip = polygon([outline.map((p) => [p[0], p[1]])]);
  return centres.map((_, i) => {
    const cell = cells.features[i];
    if (!cell) throw new Error(`town centre ${i} has no Voronoi cell (duplicate centre?)`);
    const piece = intersect(featureCollection([cell as Feature<Polygon>, clip]));
    if (!piece) throw new Error(`town centre ${i} lies outside the outline`);
    return toLonLatParts(piece, frame);
  });
}

function toLonLatParts(piece: Feature<Polygon | MultiPolygon>, frame: Frame): MultiPolygonCoords {
  const polys = piece.geometry.type === 'Polygon' ? [piece.geometry.coordinates] : piece.geometry.coordinates;
  const parts: MultiPolygonCoords = [];
  for (const rings of polys) {
    const out = rings.map((ring, r) => orientRing(roundRing(ring.map((p) => frame.toLonLat([p[0], p[1]]))), r === 0));
    if (out[0].length >= 4 && Math.abs(signedArea(out[0])) > SLIVER_DEG2) {
      parts.push([out[0], ...out.slice(1).filter((h) => h.length >= 4 && Math.abs(signedArea(h)) > SLIVER_DEG2)]);
    }
  }
  return parts;
}
