import { area, booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { catchmentHull } from '../../../server/analysis/catchment-hull.ts';

const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
/** Area of the regular octagon of circumradius r that widens each corner: 2√2 r². */
const octagon = (r: number) => 2 * Math.SQRT2 * r * r;

describe('catchmentHull', () => {
  it('gives a shelter with no points an octagon of the margin round it', () => {
    const g = catchmentHull([110.93, 22.35], [], 50);
    expect(g.coordinates[0]).toHaveLength(9); // 8 corners and the closing point
    expect(area(g)).toBeCloseTo(octagon(50), -1); // 7,071 m², within 10 m²
    expect(booleanPointInPolygon([110.93, 22.35], g)).toBe(true);
  });

  it('stretches round a point 1 km north: the octagon plus a 100 m wide strip 1 km long', () => {
    // the hull of two octagons 1,000 m apart along a meridian: their area + 1,000 × 2 × 50 m²
    const g = catchmentHull([110.93, 22.35], [[110.93, 22.35 + 1000 / M_PER_DEG]], 50);
    expect(area(g) / (octagon(50) + 1000 * 100)).toBeCloseTo(1, 2);
  });

  it('holds the shelter and every assigned point, with room to spare', () => {
    const pts = [[110.94, 22.36], [110.92, 22.37], [110.935, 22.34], [110.931, 22.355]];
    const g = catchmentHull([110.93, 22.35], pts, 50);
    for (const p of pts) expect(booleanPointInPolygon(p, g)).toBe(true);
    expect(g.coordinates[0][0]).toEqual(g.coordinates[0][g.coordinates[0].length - 1]);
    // anticlockwise, as RFC 7946 wants an outer ring
    const ring = g.coordinates[0];
    const twice = ring.slice(1).reduce((s, p, i) => s + (ring[i][0] * p[1] - p[0] * ring[i][1]), 0);
    expect(twice).toBeGreaterThan(0);
  });
});
