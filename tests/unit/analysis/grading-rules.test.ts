import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORICAL_SURVEY_PROPERTIES, GradingRulesError, gradeForScore, parseGradingRules } from '../../../server/analysis/grading-rules.ts';

const shipped = () => JSON.parse(readFileSync(new URL('../../../data/grading-rules.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('gradeForScore', () => {
  // rules 2026.1: very high from 75, high from 60, medium from 40, low from 0
  const rules = parseGradingRules(shipped());

  it('grades by the first threshold the score reaches, the threshold itself included', () => {
    expect(gradeForScore(75, rules)).toBe('very_high');
    expect(gradeForScore(74.9, rules)).toBe('high');
    expect(gradeForScore(60, rules)).toBe('high');
    expect(gradeForScore(40, rules)).toBe('medium');
    expect(gradeForScore(39, rules)).toBe('low');
    expect(gradeForScore(0, rules)).toBe('low');
  });
});

describe('parseGradingRules', () => {
  const fails = (mutate: (r: Record<string, unknown> & { factors: Record<string, unknown>[]; floors: Record<string, unknown>[] }) => void) => {
    const r = shipped() as Record<string, unknown> & { factors: Record<string, unknown>[]; floors: Record<string, unknown>[] };
    mutate(r);
    try {
      parseGradingRules(r);
    } catch (e) {
      expect(e).toBeInstanceOf(GradingRulesError);
      return (e as GradingRulesError).issues;
    }
    throw new Error('the rules were accepted');
  };

  it('rejects two factors with one id', () => {
    const issues = fails((r) => r.factors.push({ ...r.factors[0] }));
    expect(issues.some((i) => i.message.includes('duplicate id'))).toBe(true);
  });

  it('rejects a floor condition that tests nothing', () => {
    const issues = fails((r) => r.floors.push({ id: 'f', label: 'F', min_grade: 'high', when: [{ property: 'slope_height_m' }] }));
    expect(issues.some((i) => i.path.startsWith('floors') && i.message.includes('needs one of'))).toBe(true);
  });

  it('rejects grades whose lowest threshold is not 0 (a score would have no grade)', () => {
    const issues = fails((r) => ((r.grades as { min_score: number }[])[3].min_score = 5));
    expect(issues).toContainEqual({ path: 'grades[3].min_score', message: 'low must start at 0' });
  });

  it('knows the values every categorical survey property takes', () => {
    expect(CATEGORICAL_SURVEY_PROPERTIES.deformation).toEqual(['none', 'minor', 'obvious', 'severe']);
  });
});
