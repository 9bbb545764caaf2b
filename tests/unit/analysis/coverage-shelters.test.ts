import { describe, expect, it } from 'vitest';
import { shelterIdentity, usableShelters } from '../../../server/analysis/coverage-shelters.ts';
import { DEFAULT_STANDARDS, parseStandards } from '../../../server/analysis/standards.ts';
import type { ShelterFeature, ShelterStatus, ShelterType } from '../../../server/analysis/types.ts';

const M = (6_371_008.8 * Math.PI) / 180 / 1000; // metres per 0.001° of latitude
const shelter = (id: number, lat: number, type: ShelterType, status: ShelterStatus): ShelterFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9, lat] },
  properties: { code: `BN-${id}`, name: `S${id}`, shelter_type: type, level: 'town', capacity: 100, effective_area_m2: null, status },
});

// shelter 1 open emergency at 22.300, 2 closed at 22.301, 3 standby mid-term at 22.310, 4 planned
const all = [shelter(1, 22.3, 'emergency', 'open'), shelter(2, 22.301, 'emergency', 'closed'), shelter(3, 22.31, 'mid_term', 'standby'), shelter(4, 22.302, 'long_term', 'planned')];

describe('usableShelters', () => {
  it('keeps open and standby shelters, with their radius, capacity and area', () => {
    const set = usableShelters(all, DEFAULT_STANDARDS);
    expect(set.features.map((f) => f.id)).toEqual([1, 3]);
    expect(Array.from(set.inputPosition)).toEqual([0, 2]);
    expect(Array.from(set.radius)).toEqual([500, 1500]);
    expect(Array.from(set.area)).toEqual([0, 0]);
    expect(set.maxRadius).toBe(1500);
  });

  it('follows the deployment’s usable statuses, and drops what `exclude` says', () => {
    expect(usableShelters(all, parseStandards({ usable_statuses: ['open'] })).features.map((f) => f.id)).toEqual([1]);
    expect(usableShelters(all, DEFAULT_STANDARDS, (_f, i) => i === 0).features.map((f) => f.id)).toEqual([3]);
  });

  it('answers which shelter covers a point and which is nearest', () => {
    const set = usableShelters(all, DEFAULT_STANDARDS);
    // at 22.306: 667 m from 1 (reach 500 ✗), 445 m from 3 (reach 1,500 ✓)
    expect(set.covering(110.9, 22.306)).toMatchObject({ j: 1 });
    expect(set.nearest(110.9, 22.304)?.j).toBe(0); // 444.8 m from 1, 667.2 m from 3
    const probe = set.probe(110.9, 22.28); // 2,224 m from 1, 3,336 m from 3
    expect(probe.covering).toBeNull();
    expect(probe.shortfall_m).toBeCloseTo(20 * M - 500, 3);
  });
});

describe('shelterIdentity', () => {
  it('names a shelter as every per-shelter answer does', () => {
    expect(shelterIdentity(all[2])).toEqual({ source_id: 3, code: 'BN-3', name: 'S3', town_code: null, shelter_type: 'mid_term', status: 'standby' });
  });
});
