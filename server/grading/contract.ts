/** What the grading routes answer, in zod: a grading with its factors, a site's history, a regrading's tally. */
import { z } from 'zod';
import { GRADES } from '../domain/vocabularies.ts';

/** The body of a grading: an optional note kept with it. */
export const gradeBody = z.strictObject({ note: z.string().max(2000).optional() });

const grade = z.enum(GRADES as unknown as [string, ...string[]]);
const zoneGrade = z.object({ hazard: z.string(), grade: z.string(), code: z.string().optional() });

export const gradeFactor = z.object({
  factor: z.string(),
  input: z.union([z.number(), z.string(), z.null(), z.array(zoneGrade)]),
  points: z.number(),
  note: z.string(),
});

/** One grading of a site as recorded; who graded is left out for the public. */
export const gradingAnswer = z.object({
  id: z.number().int(),
  site_id: z.number().int(),
  grade,
  score: z.number(),
  factors: z.array(gradeFactor),
  rules_version: z.string(),
  missing_inputs: z.array(z.string()).optional(),
  graded_by: z.string().optional(),
  graded_at: z.string(),
  note: z.string().nullable(),
  inputs: z.object({ survey: z.record(z.string(), z.unknown()), zones: z.array(zoneGrade) }),
});
export type GradingAnswer = z.infer<typeof gradingAnswer>;

export const gradingsAnswer = z.object({ site_id: z.number().int(), gradings: z.array(gradingAnswer) });
export type GradingsAnswer = z.infer<typeof gradingsAnswer>;

export const gradeAllAnswer = z.object({ graded: z.number().int(), by_grade: z.record(z.string(), z.number().int()), rules_version: z.string() });
