/** The one error answer of every route: { error: { code, message, details } } (see errors.ts). */
import { z } from 'zod';

export const errorDetail = z.looseObject({ field: z.string().optional(), message: z.string() });
export type ErrorDetail = z.infer<typeof errorDetail>;

/** Some errors carry more members beside code and message (a 412 the current ETag, a 409 the taken code). */
export const errorAnswer = z.object({
  error: z.looseObject({ code: z.string(), message: z.string(), details: z.array(errorDetail).optional() }),
});
export type ErrorAnswer = z.infer<typeof errorAnswer>;
