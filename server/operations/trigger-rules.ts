/**
 * Trigger rules: which grades of risk site must be evacuated at which warning (hazard and level),
 * read once from a versioned JSON file (data/trigger-rules.json; see data/trigger-rules.md), so
 * that a deployment edits the file, never the code.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { validationSummary } from '../http/validation-errors.ts';
import { GRADES, WARNING_HAZARDS, WARNING_LEVELS, type Grade, type WarningHazard, type WarningLevel } from '../domain/vocabularies.ts';

const file = z.strictObject({
  $comment: z.string().optional(),
  version: z.string().min(1).max(40),
  exempt_rectification: z.array(z.enum(['not_started', 'in_progress', 'completed', 'relocated'])).default(['relocated']),
  rules: z.array(z.strictObject({ hazard: z.enum(WARNING_HAZARDS), level: z.enum(WARNING_LEVELS), grades: z.array(z.enum(GRADES)).min(1) })),
});

export type TriggerRules = z.infer<typeof file>;

export function parseTriggerRules(json: unknown, where = 'trigger rules'): TriggerRules {
  const r = file.safeParse(json);
  if (!r.success) throw new Error(`${where}: ${validationSummary(r.error)}`);
  return r.data;
}

export function loadTriggerRules(path: string): TriggerRules {
  return parseTriggerRules(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** The grades to move at this warning, worst first (none when no rule matches). */
export function gradesFor(rules: TriggerRules, hazard: WarningHazard, level: WarningLevel): Grade[] {
  const rule = rules.rules.find((r) => r.hazard === hazard && r.level === level);
  return rule ? GRADES.filter((g) => rule.grades.includes(g)) : [];
}
