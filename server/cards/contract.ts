/** What GET /api/cards/{code} answers, in zod: the household evacuation card (the card page reads these types). */
import { z } from 'zod';
import { point } from '../http/geojson-contract.ts';
import { nearestShelterAnswer } from '../analysis-api/contract.ts';
import { warningSignalsFile } from './warning-signals.ts';

export const cardAnswer = z.object({
  site: z.object({ id: z.number().int(), geometry: point, properties: z.record(z.string(), z.unknown()) }),
  town: z.object({ code: z.string(), name: z.string().nullable(), name_en: z.string().nullable() }),
  grade: z.object({ grade: z.string().nullable(), score: z.number().nullable(), graded_at: z.string().nullable() }),
  hazard_zones: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string().nullable(), hazard: z.string(), grade: z.string() })),
  shelter: nearestShelterAnswer.nullable(),
  /** Present only on a card for signed-in staff. */
  monitor: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  warning_signals: warningSignalsFile,
  printed_by: z.string().nullable(),
  generated_at: z.string(),
});
export type CardAnswer = z.infer<typeof cardAnswer>;
