import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeSite, type SiteSurvey } from '../../../server/analysis/grade-site.ts';
import { GradingRulesError, loadGradingRules, parseGradingRules } from '../../../server/analysis/grading-rules.ts';
import { tinyCity } from '../../fixtures/tiny-city.ts';
import { deepFreeze } from './support/deep-freeze.ts';

const RULES_PATH = new URL('../../../data/grading-rules.json', import.meta.url).pathname;
const rules = loadGradingRules(RULES_PATH);
const rawRules = (): Record<string, unknown> => JSON.parse(readFileSync(RULES_PATH, 'utf8')) as Record<string, unknown>;

const survey = (over: Partial<SiteSurvey>): SiteSurvey => ({
  households: 1,
  residents: 4,
  slope_height_m: 2,
  slope_angle_deg: 25,
  distance_to_slope_m: 15,
  slope_material: 'rock',
  retaining_structure: 'engineered',
  deformation: 'none',
  drainage: 'adequate',
  ...over,
});
const pointsOf = (g: ReturnType<typeof gradeSite>): Record<string, number> => Object.fromEntries(g.factors.map((f) => [f.factor, f.points]));

describe('loadGradingRules', () => {
  it('loads the shipped rule set, version 2026.1', () => {
    expect(rules.version).toBe('2026.1');
    expect(rules.grades.map((g) => g.grade)).toEqual(['very_high', 'high', 'medium', 'low']);
  });

  it('rejects bins that leave a gap, naming the path', () => {
    const bad = rawRules() as { factors: { bins?: { min: number }[] }[] };
    bad.factors[0].bins![2].min = 6; // 5 → 6: a gap after "3–5 m"
    expect(() => parseGradingRules(bad)).toThrow(GradingRulesError);
    try {
      parseGradingRules(bad);
    } catch (e) {
      expect((e as GradingRulesError).issues.some((i) => i.path === 'factors[0].bins[2].min')).toBe(true);
    }
  });

  it('rejects a categorical factor that does not score every value', () => {
    const bad = rawRules() as { factors: { id: string; points?: Record<string, number> }[] };
    delete bad.factors.find((f) => f.id === 'deformation')!.points!.severe;
    expect(() => parseGradingRules(bad)).toThrow(/no points for "severe"/);
  });

  it('rejects thresholds out of order and an unknown version format', () => {
    const bad = rawRules() as { version: string; grades: { min_score: number }[] };
    bad.grades[1].min_score = 90;
    bad.version = 'v1';
    expect(() => parseGradingRules(bad)).toThrow(/strictly|version/);
  });
});

describe('gradeSite', () => {
  const city = tinyCity('tiny-city');
  const site = (id: number) => city.sites.features.find((f) => f.id === id)!;
  const zone = (code: string) => city.zones.features.find((f) => f.properties.code === code)!;

  it('grades site 2 of the tiny city very high: 73 survey points + 10 for its very-high landslide zone', () => {
    // height 8 → 12, angle 60 → 13, distance 3 → 12, soil 10, no support 10, minor 5, poor drainage 3, 5 households → 8
    const g = gradeSite(site(2), [zone('FXQ-02')], rules);
    expect(pointsOf(g)).toMatchObject({
      slope_height: 12, slope_angle: 13, distance_to_slope: 12, slope_material: 10,
      retaining_structure: 10, deformation: 5, drainage: 3, households: 8, hazard_zone: 10,
    });
    expect(g.score).toBe(83);
    expect(g.grade).toBe('very_high');
    expect(g.rules_version).toBe('2026.1');
    expect(g.missing_inputs).toEqual([]);
  });

  it('accounts for every point of the score in the factors', () => {
    for (const f of city.sites.features) {
      const g = gradeSite(f, [], rules);
      expect(g.factors.reduce((s, x) => s + x.points, 0)).toBe(g.score);
    }
  });

  it('reproduces the grades stored in the tiny city (zones from the fixture)', () => {
    const zonesFor: Record<number, string[]> = { 1: ['FXQ-02'], 2: ['FXQ-02'], 5: ['FXQ-03'] };
    for (const f of city.sites.features.filter((x) => x.properties.grade)) {
      const g = gradeSite(f, (zonesFor[f.id] ?? []).map(zone), rules);
      expect([f.id, g.grade]).toEqual([f.id, f.properties.grade]);
    }
  });

  it('grades a low, engineered, distant site low (6 points)', () => {
    const g = gradeSite(survey({}), [], rules);
    expect(g.score).toBe(6); // distance 15 → 2, rock 2, 1 household 2
    expect(g.grade).toBe('low');
  });

  it('raises a severely deforming site to very high and shows the raise as a factor', () => {
    // 4 m → 6, 40° → 5, 8 m → 6, weathered rock 6, simple 5, severe 15, adequate 0, 2 households 5 = 48 (medium)
    const g = gradeSite(survey({ slope_height_m: 4, slope_angle_deg: 40, distance_to_slope_m: 8, slope_material: 'weathered_rock', retaining_structure: 'simple', deformation: 'severe', households: 2 }), [], rules);
    const floor = g.factors.find((f) => f.factor === 'floor:severe_deformation')!;
    expect(floor.points).toBe(75 - 48);
    expect(g.score).toBe(75);
    expect(g.grade).toBe('very_high');
  });

  it('applies the Guangdong pattern (≥ 5 m, ≥ 45°, < 5 m, no engineered support) as a floor of high', () => {
    // 5 → 12, 45 → 10, 4.9 → 12, soil 10, simple 5, none 0, adequate 0, 1 household 2 = 51 (medium) → high
    const g = gradeSite(survey({ slope_height_m: 5, slope_angle_deg: 45, distance_to_slope_m: 4.9, slope_material: 'soil', retaining_structure: 'simple' }), [], rules);
    expect(g.factors.find((f) => f.factor === 'floor:high_steep_close_unsupported')?.points).toBe(60 - 51);
    expect(g.grade).toBe('high');
    // at 5 m from the slope the pattern no longer holds: 5 m falls in the 5–10 m bin (6 points)
    const away = gradeSite(survey({ slope_height_m: 5, slope_angle_deg: 45, distance_to_slope_m: 5, slope_material: 'soil', retaining_structure: 'simple' }), [], rules);
    expect(away.factors.some((f) => f.factor.startsWith('floor:'))).toBe(false);
    expect(away.score).toBe(45);
    expect(away.grade).toBe('medium');
  });

  it('counts only the worst zone, by the rule table', () => {
    const g = gradeSite(survey({}), [
      { hazard: 'flood', grade: 'very_high' }, // 0 points: floods do not bring slopes down
      { hazard: 'typhoon', grade: 'high' }, // 2
      { hazard: 'landslide', grade: 'low' }, // 1
    ], rules);
    const z = g.factors.find((f) => f.factor === 'hazard_zone')!;
    expect(z.points).toBe(2);
    expect(z.note).toMatch(/typhoon high/);
  });

  it('scores empty survey fields with the documented assumption and lists them', () => {
    const g = gradeSite(survey({ slope_height_m: null, slope_angle_deg: null, deformation: null, drainage: null }), [], rules);
    expect(g.missing_inputs).toEqual(['slope_height_m', 'slope_angle_deg', 'deformation', 'drainage']);
    const p = pointsOf(g);
    expect([p.slope_height, p.slope_angle, p.deformation, p.drainage]).toEqual([12, 10, 5, 3]);
    expect(g.factors.find((f) => f.factor === 'slope_height')!.note).toMatch(/not surveyed/);
  });

  it('does not mutate its inputs', () => {
    const s = deepFreeze(structuredClone(site(2)));
    const zones = deepFreeze([structuredClone(zone('FXQ-02'))]);
    const r = deepFreeze(structuredClone(rules));
    const before = JSON.stringify([s, zones, r]);
    gradeSite(s, zones, r);
    expect(JSON.stringify([s, zones, r])).toBe(before);
  });
});
