/** What GET /api/health answers, in zod: the database's kind and PostGIS version, or that it is unreachable. */
import { z } from 'zod';

export const healthAnswer = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['postgis', 'pglite']), postgis: z.string().nullable() });
export type HealthAnswer = z.infer<typeof healthAnswer>;
