/** What place search answers, in zod (the web client's search box reads these types). */
import { z } from 'zod';

/** GET /api/search's query. */
export const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'type at least one character').max(50, 'at most 50 characters').describe('part of a name (龙楼, longlou, "Long Lou") or a shelter code'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const placeHit = z.object({
  layer: z.enum(['towns', 'villages', 'shelters']),
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  name_en: z.string().nullable(),
  town_code: z.string().nullable(),
  town_name: z.string().nullable(),
  center: z.tuple([z.number(), z.number()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type PlaceHitAnswer = z.infer<typeof placeHit>;
export const searchAnswer = z.object({ q: z.string(), results: z.array(placeHit) });
export type SearchAnswer = z.infer<typeof searchAnswer>;
