import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_M, greatCircleM } from '../../../server/analysis/great-circle.ts';

describe('greatCircleM', () => {
  it('measures along a meridian exactly R × Δφ: 0.001° of latitude is 111.195 m', () => {
    // 6,371,008.8 × π / 180 / 1000 = 111.19508 m, at any longitude
    expect(greatCircleM(110.9, 22.3, 110.9, 22.301)).toBeCloseTo(111.19508, 4);
    expect(greatCircleM(-70, -40, -70, -39.999)).toBeCloseTo(111.19508, 4);
  });

  it('measures a degree of longitude as R × Δλ × cos φ only on the equator', () => {
    expect(greatCircleM(0, 0, 1, 0)).toBeCloseTo((EARTH_RADIUS_M * Math.PI) / 180, 6); // 111,195.08 m
    // at 60° N a great circle bows poleward, so it is a little shorter than half the equator's degree
    const d = greatCircleM(0, 60, 1, 60);
    expect(d).toBeLessThan((EARTH_RADIUS_M * Math.PI) / 360);
    expect(d).toBeGreaterThan((EARTH_RADIUS_M * Math.PI) / 360 - 1);
  });

  it('is symmetric, zero at a point, and π R between antipodes', () => {
    expect(greatCircleM(110.93, 22.35, 110.94, 22.36)).toBe(greatCircleM(110.94, 22.36, 110.93, 22.35));
    expect(greatCircleM(110.93, 22.35, 110.93, 22.35)).toBe(0);
    expect(greatCircleM(0, 0, 180, 0)).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 3);
  });

  it('agrees with turf.distance (same sphere) to the millimetre across Xinyi', () => {
    for (const [a, b] of [[[110.68, 22.19], [111.68, 22.71]], [[110.93, 22.35], [110.94, 22.35]]]) {
      expect(greatCircleM(a[0], a[1], b[0], b[1])).toBeCloseTo(distance(a, b, { units: 'meters' }), 3);
    }
  });
});
