import { area, convex, featureCollection, intersect, point } from '@turf/turf';
import type { Feature, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { clipToConvex } from '../../../server/analysis/clip-convex.ts';
import { prng } from './support/prng.ts';

/** A 20-pointed star with a star-shaped hole: concave everywhere, so windows cut it into many parts. */
function star(points: number, r0: number, r1: number): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < points * 2; i++) {
    const a = (Math.PI * i) / points;
    const r = i % 2 ? r0 : r1;
    ring.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  ring.push(ring[0]);
  return ring;
}
const shape: Polygon = { type: 'Polygon', coordinates: [star(20, 0.5, 1), star(6, 0.1, 0.2).reverse()] };

describe('clipToConvex', () => {
  it('gives the same area as a general clipper on random convex windows', () => {
    const rnd = prng(5);
    for (let t = 0; t < 200; t++) {
      const c = [rnd() * 2.4 - 1.2, rnd() * 2.4 - 1.2];
      const s = 0.05 + rnd() * 0.6;
      const pts = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => point([c[0] + (rnd() - 0.5) * s, c[1] + (rnd() - 0.5) * s]));
      const win = convex(featureCollection(pts));
      if (!win) continue;
      const mine = clipToConvex(shape, win.geometry.coordinates[0]);
      expect(mine).not.toBeUndefined();
      const ref = intersect(featureCollection<Polygon>([win as Feature<Polygon>, { type: 'Feature', properties: {}, geometry: shape }]));
      const a = mine ? area(mine) : 0;
      const b = ref ? area(ref) : 0;
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * b + 1);
    }
  });

  it('returns the window when it lies inside, null when outside', () => {
    const inside: Position[] = [[0.3, 0], [0.35, 0], [0.35, 0.05], [0.3, 0.05], [0.3, 0]]; // between the hole (r ≤ 0.2) and the star (r ≥ 0.5)
    expect(clipToConvex(shape, inside)).toEqual({ type: 'Polygon', coordinates: [inside] });
    expect(clipToConvex(shape, [[5, 5], [6, 5], [6, 6], [5, 5]])).toBeNull();
    // inside the hole
    expect(clipToConvex(shape, [[-0.02, -0.02], [0.02, -0.02], [0.02, 0.02], [-0.02, -0.02]])).toBeNull();
  });
});
