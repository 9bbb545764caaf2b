/**
 * The risk-grading rule set (data/grading-rules.json): its schema, checked with zod when the
 * rules are loaded, so a bad edit to the file fails at start-up and not while grading.
 *
 * @example
 * const rules = parseGradingRules(JSON.parse(text));   // throws GradingRulesError if invalid
 * const rules2 = loadGradingRules('data/grading-rules.json');
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
// The API's naming of a failed field; a leaf module with no run-time imports, not an upward dependency on HTTP.
import { validationDetails } from '../http/validation-errors.ts';
import {
  DEFORMATIONS,
  DRAINAGES,
  GRADES,
  HAZARDS,
  RETAINING_STRUCTURES,
  SLOPE_MATERIALS,
  type Grade,
} from './types.ts';

/** Survey properties a numeric factor may read. */
export const NUMERIC_SURVEY_PROPERTIES = ['slope_height_m', 'slope_angle_deg', 'distance_to_slope_m', 'households', 'residents'] as const;
/** Survey properties a categorical factor may read, with the values each must score. */
export const CATEGORICAL_SURVEY_PROPERTIES = {
  slope_material: SLOPE_MATERIALS,
  retaining_structure: RETAINING_STRUCTURES,
  deformation: DEFORMATIONS,
  drainage: DRAINAGES,
} as const;
type CategoricalProperty = keyof typeof CATEGORICAL_SURVEY_PROPERTIES;
const CATEGORICAL_NAMES = Object.keys(CATEGORICAL_SURVEY_PROPERTIES) as [CategoricalProperty, ...CategoricalProperty[]];

const points = z.number().finite().min(0);

const bin = z.object({
  min: z.number().finite(),
  /** Exclusive upper bound; the last bin has none. */
  max: z.number().finite().optional(),
  points,
  label: z.string().min(1),
});

const numericFactor = z
  .object({
    id: z.string().min(1),
    kind: z.literal('numeric'),
    property: z.enum(NUMERIC_SURVEY_PROPERTIES),
    label: z.string().min(1),
    unit: z.string(),
    bins: z.array(bin).min(1),
    /** Points used when the survey left this value empty. */
    missing_points: points,
  })
  .superRefine((f, ctx) => {
    f.bins.forEach((b, k) => {
      const last = k === f.bins.length - 1;
      if (last && b.max !== undefined) ctx.addIssue({ code: 'custom', path: ['bins', k, 'max'], message: 'the last bin must be open-ended (no max)' });
      if (!last && b.max === undefined) ctx.addIssue({ code: 'custom', path: ['bins', k, 'max'], message: 'only the last bin may omit max' });
      if (b.max !== undefined && b.max <= b.min) ctx.addIssue({ code: 'custom', path: ['bins', k], message: 'max must be greater than min' });
      const next = f.bins[k + 1];
      if (next && b.max !== next.min) ctx.addIssue({ code: 'custom', path: ['bins', k + 1, 'min'], message: 'bins must be contiguous (min = previous max)' });
    });
    if (f.bins[0].min > 0) ctx.addIssue({ code: 'custom', path: ['bins', 0, 'min'], message: 'the first bin must start at 0 or below' });
  });

const categoricalFactor = z
  .object({
    id: z.string().min(1),
    kind: z.literal('categorical'),
    property: z.enum(CATEGORICAL_NAMES),
    label: z.string().min(1),
    points: z.record(z.string(), points),
    missing_points: points,
  })
  .superRefine((f, ctx) => {
    const allowed: readonly string[] = CATEGORICAL_SURVEY_PROPERTIES[f.property];
    for (const v of allowed) if (!(v in f.points)) ctx.addIssue({ code: 'custom', path: ['points', v], message: `no points for "${v}"` });
    for (const v of Object.keys(f.points)) if (!allowed.includes(v)) ctx.addIssue({ code: 'custom', path: ['points', v], message: `"${v}" is not a value of ${f.property}` });
  });

const gradePoints = z.object({ very_high: points, high: points, medium: points, low: points }).strict();

const propertyCondition = z
  .object({
    property: z.enum([...NUMERIC_SURVEY_PROPERTIES, ...CATEGORICAL_NAMES]),
    in: z.array(z.string()).min(1).optional(),
    gte: z.number().finite().optional(),
    gt: z.number().finite().optional(),
    lte: z.number().finite().optional(),
    lt: z.number().finite().optional(),
  })
  .strict()
  .refine((c) => [c.in, c.gte, c.gt, c.lte, c.lt].some((v) => v !== undefined), 'a condition needs one of in, gte, gt, lte, lt');

const zoneCondition = z
  .object({
    zone: z.object({ hazard: z.array(z.enum(HAZARDS)).min(1), grade: z.array(z.enum(GRADES)).min(1) }).strict(),
  })
  .strict();

const floor = z.object({
  id: z.string().min(1),
  label: z.string().min(1),
  min_grade: z.enum(GRADES),
  /** All conditions must hold; a condition on an empty survey value does not hold. */
  when: z.array(z.union([propertyCondition, zoneCondition])).min(1),
});

const gradingRulesSchema = z
  .object({
    version: z.string().regex(/^\d{4}\.\d+$/, 'version is "YYYY.N"'),
    title: z.string(),
    description: z.string().optional(),
    factors: z.array(z.discriminatedUnion('kind', [numericFactor, categoricalFactor])).min(1),
    hazard_zone: z.object({
      label: z.string().min(1),
      combine: z.literal('max'),
      points: z.object({
        landslide: gradePoints,
        debris_flow: gradePoints,
        flood: gradePoints,
        waterlogging: gradePoints,
        forest_fire: gradePoints,
        typhoon: gradePoints,
      }).strict(),
    }),
    floors: z.array(floor),
    grades: z.array(z.object({ grade: z.enum(GRADES), min_score: z.number().finite() })).length(GRADES.length),
  })
  .superRefine((r, ctx) => {
    const ids = new Set<string>();
    for (const [k, f] of [...r.factors, ...r.floors].entries()) {
      if (ids.has(f.id)) ctx.addIssue({ code: 'custom', path: [k < r.factors.length ? 'factors' : 'floors'], message: `duplicate id "${f.id}"` });
      ids.add(f.id);
    }
    // grades listed most severe first, thresholds strictly falling, and low starting at 0 so every score has a grade
    r.grades.forEach((g, k) => {
      if (g.grade !== GRADES[k]) ctx.addIssue({ code: 'custom', path: ['grades', k, 'grade'], message: `expected "${GRADES[k]}" here (order: ${GRADES.join(', ')})` });
      const prev = r.grades[k - 1];
      if (prev && g.min_score >= prev.min_score) ctx.addIssue({ code: 'custom', path: ['grades', k, 'min_score'], message: 'thresholds must fall strictly from very_high to low' });
    });
    const low = r.grades[r.grades.length - 1];
    if (low && low.min_score !== 0) ctx.addIssue({ code: 'custom', path: ['grades', r.grades.length - 1, 'min_score'], message: 'low must start at 0' });
  });

export type GradingRules = z.infer<typeof gradingRulesSchema>;
export type GradingFactorRule = GradingRules['factors'][number];
export type GradingFloorRule = GradingRules['floors'][number];
export type GradingCondition = GradingFloorRule['when'][number];

/** Thrown when a rule set does not match the schema; `issues` lists each problem with its path. */
export class GradingRulesError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid grading rules: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'GradingRulesError';
  }
}

/** Validates parsed JSON as a grading rule set and returns it typed (a fresh object). */
export function parseGradingRules(json: unknown): GradingRules {
  const result = gradingRulesSchema.safeParse(json);
  if (!result.success) {
    throw new GradingRulesError(validationDetails(result.error).map((d) => ({ path: d.field, message: d.message })));
  }
  return result.data;
}

/** Reads and validates a rule file (UTF-8 JSON). */
export function loadGradingRules(path: string): GradingRules {
  return parseGradingRules(JSON.parse(readFileSync(path, 'utf8')));
}

/** The grade a score falls in under a rule set. */
export function gradeForScore(score: number, rules: GradingRules): Grade {
  for (const g of rules.grades) if (score >= g.min_score) return g.grade;
  return 'low';
}
