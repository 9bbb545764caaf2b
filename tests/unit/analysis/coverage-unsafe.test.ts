import { describe, expect, it } from 'vitest';
import { unsafeShelters, worstGrade } from '../../../server/analysis/coverage-unsafe.ts';
import { DEFAULT_STANDARDS } from '../../../server/analysis/standards.ts';
import type { Grade, Hazard, HazardZoneFeature, ShelterFeature, ShelterStatus } from '../../../server/analysis/types.ts';

const shelter = (id: number, x: number, y: number, status: ShelterStatus = 'open'): ShelterFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [x, y] },
  properties: { code: `BN-${id}`, name: `S${id}`, shelter_type: 'emergency', level: 'town', capacity: 10, status },
});
const zone = (id: number, x: number, hazard: Hazard, grade: Grade): HazardZoneFeature => ({
  type: 'Feature', id, geometry: { type: 'MultiPolygon', coordinates: [[[[x, 0], [x + 2, 0], [x + 2, 2], [x, 2], [x, 0]]]] },
  properties: { code: `FX-${id}`, hazard, grade },
});

// zones: 1 high landslide over x 0–2, 2 very-high flood over x 1–3, 3 medium flood over x 5–7
const zones = [zone(1, 0, 'landslide', 'high'), zone(2, 1, 'flood', 'very_high'), zone(3, 5, 'flood', 'medium')];

describe('unsafeShelters', () => {
  const res = unsafeShelters(
    [shelter(1, 1.5, 1), shelter(2, 0.5, 1, 'closed'), shelter(3, 6, 1), shelter(4, 3, 1), shelter(5, 4, 1)],
    zones,
    DEFAULT_STANDARDS,
  );

  it('flags shelters of any status in a high or very-high zone, with every such zone and the worst grade', () => {
    expect(res.features.map((f) => f.properties.source_id)).toEqual([1, 2, 4]);
    expect(res.features[0].properties).toMatchObject({ zone_ids: [1, 2], zone_codes: ['FX-1', 'FX-2'], hazards: ['landslide', 'flood'], worst_grade: 'very_high', usable: true });
    expect(res.features[1].properties).toMatchObject({ status: 'closed', usable: false, worst_grade: 'high' });
  });

  it('counts a shelter on a zone’s edge as inside it, as PostGIS ST_Intersects does', () => {
    // shelter 4 stands on the eastern edge of zone 2 (x = 3)
    expect(res.features[2].properties.zone_codes).toEqual(['FX-2']);
  });

  it('leaves shelters in medium zones or outside every zone alone, and lists the flagged positions', () => {
    expect([...res.unsafe]).toEqual([0, 1, 3]);
  });
});

describe('worstGrade', () => {
  it('picks the most severe grade', () => {
    expect(worstGrade(['low', 'high', 'medium'])).toBe('high');
    expect(worstGrade([])).toBe('low');
  });
});
