import { describe, expect, it } from 'vitest';
import * as analysis from '../../../server/analysis/types.ts';
import {
  GRADES,
  GRADE_LABELS,
  HAZARDS,
  HAZARD_LABELS,
  SHELTER_STATUSES,
  SHELTER_STATUS_LABELS,
  SHELTER_TYPES,
  SHELTER_TYPE_LABELS,
  type Label,
} from '../../../server/domain/vocabularies.ts';
import { hazardZones } from '../../../server/layers/hazard-zones.ts';
import { riskSites } from '../../../server/layers/risk-sites.ts';
import { shelters } from '../../../server/layers/shelters.ts';

const enumOf = (spec: unknown) => spec as { values: readonly string[]; labels?: Record<string, Label> };

describe('the domain vocabularies', () => {
  it('name every value in Chinese and English, and nothing else', () => {
    for (const [values, labels] of [[GRADES, GRADE_LABELS], [HAZARDS, HAZARD_LABELS], [SHELTER_TYPES, SHELTER_TYPE_LABELS], [SHELTER_STATUSES, SHELTER_STATUS_LABELS]] as const) {
      expect(Object.keys(labels)).toEqual([...values]);
      for (const v of values) {
        const l = (labels as Record<string, Label>)[v];
        expect(l.zh.length).toBeGreaterThan(0);
        expect(l.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('list grades most severe first (极高, 高, 中, 低), the order the analyses rank by', () => {
    expect(GRADES.map((g) => GRADE_LABELS[g].zh)).toEqual(['极高', '高', '中', '低']);
  });

  it('are the very values and labels the layers validate and the legend shows', () => {
    expect(enumOf(hazardZones.attributes.hazard)).toMatchObject({ values: HAZARDS, labels: HAZARD_LABELS });
    expect(enumOf(hazardZones.attributes.grade)).toMatchObject({ values: GRADES, labels: GRADE_LABELS });
    expect(enumOf(riskSites.attributes.grade)).toMatchObject({ values: GRADES, labels: GRADE_LABELS });
    expect(enumOf(shelters.attributes.shelter_type)).toMatchObject({ values: SHELTER_TYPES, labels: SHELTER_TYPE_LABELS });
    expect(enumOf(shelters.attributes.status)).toMatchObject({ values: SHELTER_STATUSES, labels: SHELTER_STATUS_LABELS });
  });

  it('are the ones the analyses read', () => {
    expect(analysis.GRADES).toBe(GRADES);
    expect(analysis.HAZARDS).toBe(HAZARDS);
    expect(analysis.SHELTER_TYPES).toBe(SHELTER_TYPES);
    expect(analysis.SHELTER_STATUSES).toBe(SHELTER_STATUSES);
  });
});
