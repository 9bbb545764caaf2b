/**
 * "Where do I go?" without a signal: the nearest usable shelter in a straight line, from
 * hand-placed shelters whose distances were worked out by hand (at 22.35° N one degree of
 * latitude is about 110.76 km; 0.001° of latitude ≈ 110.8 m).
 */
import { describe, expect, it } from 'vitest';
import { nearestByStraightLine, type ShelterFeature } from '../../../web/src/offline/straight-line-nearest.ts';

const at = (code: string, lon: number, lat: number, props: Record<string, unknown> = {}): ShelterFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { code, status: 'open', ...props },
});

const HERE: [number, number] = [110.94, 22.35];

describe('the nearest shelter in a straight line', () => {
  it('picks the nearest open or standby shelter, with its distance and walking minutes at 4 km/h', () => {
    const r = nearestByStraightLine([at('far', 110.94, 22.36), at('near', 110.94, 22.353, { status: 'standby' })], ...HERE)!;
    expect(r.shelter.properties.code).toBe('near');
    // 0.003° of latitude ≈ 332 m; 332 m at 66.7 m a minute → 5 minutes (rounded up)
    expect(r.distance_m).toBeGreaterThan(330);
    expect(r.distance_m).toBeLessThan(334);
    expect(r.walking_minutes).toBe(5);
  });

  it('passes over closed or planned shelters and full ones', () => {
    const r = nearestByStraightLine(
      [at('closed', 110.94, 22.3501, { status: 'closed' }), at('planned', 110.94, 22.3502, { status: 'planned' }), at('full', 110.94, 22.3503, { vacancies: 0 }), at('room', 110.94, 22.351, { vacancies: 12 })],
      ...HERE,
    )!;
    expect(r.shelter.properties.code).toBe('room');
  });

  it('answers null when no shelter is usable', () => {
    expect(nearestByStraightLine([at('closed', 110.94, 22.351, { status: 'closed' })], ...HERE)).toBeNull();
    expect(nearestByStraightLine([], ...HERE)).toBeNull();
  });
});
