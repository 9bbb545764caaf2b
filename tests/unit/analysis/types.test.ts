import { describe, expect, it } from 'vitest';
import { DEFORMATIONS, DRAINAGES, GRADES, RETAINING_STRUCTURES, SHELTER_TYPES, SLOPE_MATERIALS, type CityLayers } from '../../../server/analysis/types.ts';
import { tinyCity } from '../../fixtures/tiny-city.ts';

describe('the analysis types', () => {
  it('rank grades most severe first and shelter types from the shortest stay, as the analyses compare them', () => {
    expect(GRADES).toEqual(['very_high', 'high', 'medium', 'low']);
    expect(SHELTER_TYPES).toEqual(['emergency', 'short_term', 'mid_term', 'long_term']);
  });

  it('list every survey value the grading rules must score', () => {
    expect(SLOPE_MATERIALS).toEqual(['soil', 'weathered_rock', 'rock', 'mixed']);
    expect(RETAINING_STRUCTURES).toEqual(['none', 'simple', 'engineered']);
    expect(DEFORMATIONS).toEqual(['none', 'minor', 'obvious', 'severe']);
    expect(DRAINAGES).toEqual(['none', 'poor', 'adequate']);
  });

  it('describe the layers as the service serves them: the tiny city reads as CityLayers', () => {
    const city: CityLayers = tinyCity('tiny-city');
    for (const s of city.sites.features) {
      expect(Number.isInteger(s.id)).toBe(true);
      expect(s.geometry.type).toBe('Point');
      if (s.properties.grade) expect(GRADES).toContain(s.properties.grade);
    }
    for (const s of city.shelters.features) expect(SHELTER_TYPES).toContain(s.properties.shelter_type);
  });
});
