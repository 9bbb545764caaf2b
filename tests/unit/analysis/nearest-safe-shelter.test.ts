import { describe, expect, it } from 'vitest';
import { safeShelterFinder, WALKING_SPEED_M_PER_MIN } from '../../../server/analysis/nearest-safe-shelter.ts';
import { DEFAULT_STANDARDS } from '../../../server/analysis/standards.ts';
import type { HazardZoneFeature, ShelterFeature, ShelterStatus } from '../../../server/analysis/types.ts';

const M = (6_371_008.8 * Math.PI) / 180 / 1000; // metres per 0.001° of latitude
const shelter = (id: number, lat: number, status: ShelterStatus = 'open'): ShelterFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9, lat] },
  properties: { code: `BN-${id}`, name: `S${id}`, shelter_type: 'emergency', level: 'town', capacity: 10, status },
});
// a high landslide zone round 22.301–22.303
const zone: HazardZoneFeature = {
  type: 'Feature', id: 1, geometry: { type: 'Polygon', coordinates: [[[110.89, 22.301], [110.91, 22.301], [110.91, 22.303], [110.89, 22.303], [110.89, 22.301]]] },
  properties: { code: 'FX-1', hazard: 'landslide', grade: 'high' },
};

// From a household at 22.300: shelter 1 at 22.302 (222 m, in the zone), shelter 2 at 22.304
// (445 m, closed), shelter 3 at 22.306 (667 m, open and safe).
const find = safeShelterFinder([shelter(1, 22.302), shelter(2, 22.304, 'closed'), shelter(3, 22.306)], [zone], DEFAULT_STANDARDS);

describe('safeShelterFinder', () => {
  it('sends a household to the nearest usable shelter outside high-grade zones, and says what it passed over', () => {
    const a = find(110.9, 22.3)!;
    expect(a.shelter.id).toBe(3);
    expect(a.distance_m).toBeCloseTo(6 * M, 1);
    expect(a.excluded_unsafe).toBe(1); // shelter 1; the closed one is not usable at all
  });

  it('gives the walk in whole minutes at 4 km/h, rounded up, and the straight line to draw', () => {
    const a = find(110.9, 22.3)!;
    expect(a.walking_minutes).toBe(Math.ceil((6 * M) / WALKING_SPEED_M_PER_MIN)); // 667 m → 11 min
    expect(a.walking_minutes).toBe(11);
    expect(a.line.geometry.coordinates).toEqual([[110.9, 22.3], [110.9, 22.306]]);
    expect(a.line.properties.distance_m).toBe(a.distance_m);
  });

  it('counts at least one minute, and answers null when no safe shelter exists', () => {
    expect(find(110.9, 22.306)!.walking_minutes).toBe(1);
    expect(safeShelterFinder([shelter(1, 22.302)], [zone], DEFAULT_STANDARDS)(110.9, 22.3)).toBeNull();
  });
});
