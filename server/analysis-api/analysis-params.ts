/**
 * The parameters of the analysis routes, declared once: queries are checked by the routes on
 * the event loop (they are small), bodies by the worker task that runs the analysis (they may
 * be large), with the same schemas.
 */
import { z } from 'zod';
import { ANALYSIS_MODES } from '../analysis/travel.ts';
import { GRADES, HAZARDS, SHELTER_TYPES } from '../analysis/types.ts';
import { parseBody } from '../http/parse-request.ts';
import { parseCappedJson, type JsonCaps } from '../http/json-caps.ts';
import { draftSchema } from './shelter-draft.ts';

const list = <T extends string>(values: readonly T[]) =>
  z.string().transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
    const bad = parts.filter((p) => !values.includes(p as T));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown value(s) ${bad.join(', ')}; allowed: ${values.join(', ')}` });
    return parts as T[];
  });

/** Most roads a what-if may close in one question. */
export const MAX_CLOSURES = 200;

/** Road ids to close for a what-if: `closures=12,40`. */
const closures = z.string().max(4000).transform((s, ctx) => {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length > MAX_CLOSURES) ctx.addIssue({ code: 'custom', message: `at most ${MAX_CLOSURES} road ids` });
  const bad = parts.filter((p) => !/^[1-9]\d{0,9}$/.test(p));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `road ids are positive integers; not ${bad.slice(0, 5).join(', ')}` });
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
});

/**
 * How distances are measured: along the roads on foot or by car, or straight lines. People go by
 * the roads, so the answers default to travel time; `straight` keeps the radius answers to compare.
 */
export const modeParam = (fallback: (typeof ANALYSIS_MODES)[number]) => z.enum(ANALYSIS_MODES).default(fallback);

/** Along the roads only (a route or an isochrone has no straight-line form). */
const travelMode = z.enum(['walk', 'drive']).default('walk');
const shelterId = z.coerce.number().int().positive().max(2 ** 31 - 1);

/** At most this many isochrone thresholds, each at most this many minutes. */
export const MAX_ISOCHRONES = 6;
export const MAX_ISOCHRONE_MINUTES = 120;

export const routeQuery = z.strictObject({
  from: z
    .string()
    .max(60)
    .transform((s, ctx) => {
      const parts = s.split(',');
      const [lon, lat] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
      if (parts.length !== 2 || !(Math.abs(lon) <= 180) || !(Math.abs(lat) <= 90)) {
        ctx.addIssue({ code: 'custom', message: 'LON,LAT in degrees, e.g. 110.94,22.35' });
        return z.NEVER;
      }
      return [lon, lat] as [number, number];
    }),
  shelter_id: shelterId,
  mode: travelMode,
  closures: closures.optional(),
});

export const isochroneQuery = {
  shelter_id: shelterId,
  minutes: z
    .string()
    .max(200)
    .transform((s, ctx) => {
      const parts = s.split(',').map((p) => p.trim());
      const values = parts.map((p) => (p === '' ? NaN : Number(p)));
      if (values.length > MAX_ISOCHRONES) ctx.addIssue({ code: 'custom', message: `at most ${MAX_ISOCHRONES} values` });
      if (values.some((v) => !(v > 0 && v <= MAX_ISOCHRONE_MINUTES))) ctx.addIssue({ code: 'custom', message: `minutes are numbers above 0 and at most ${MAX_ISOCHRONE_MINUTES}, comma-separated` });
      return [...new Set(values)].sort((a, b) => a - b);
    }),
  mode: travelMode,
  closures: closures.optional(),
};

/** What-if: close every road that crosses a hazard zone of these grades (`close_zones=very_high,high`). */
const closeZones = list(GRADES).optional();

export const catchmentQuery = {
  mode: modeParam('walk'),
  closures: closures.optional(),
  close_zones: closeZones,
  method: z.enum(['nearest', 'capacity']).default('nearest'),
  demand: z.enum(['risk_sites', 'villages']).default('risk_sites'),
  /** `roads`: the answer draws who goes where along the roads (`lines`), walk and drive only. */
  lines: z.enum(['roads']).optional(),
  shelter_type: list(SHELTER_TYPES).optional(),
  level: list(['city', 'town', 'village'] as const).optional(),
};

export const coverageQuery = {
  mode: modeParam('walk'),
  closures: closures.optional(),
  close_zones: closeZones,
  cell_size_m: z.coerce.number().min(100).max(20_000).optional(),
  gap_areas: z.enum(['merged', 'cells']).optional(),
  demand: z.enum(['risk_sites', 'villages']).optional(),
};

export const nearestQuery = z.strictObject({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  mode: modeParam('walk'),
});

export const evacuationBody = z.strictObject({
  warning_area: z.unknown(),
  hazard: z.enum(HAZARDS).optional(),
  min_grade: z.enum(GRADES).optional(),
  max_distance_m: z.number().positive().max(200_000).optional(),
  /** An evacuation is by car (buses and trucks) unless the plan asks otherwise. */
  mode: modeParam('drive'),
  /** The longest walk or drive to a shelter (walk and drive only); default from the standards. */
  max_minutes: z.number().positive().max(600).optional(),
  /** What-if (walk and drive only): roads cut by id, and an area no road through is passable. */
  draft: z
    .strictObject({
      close_roads: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(MAX_CLOSURES).optional(),
      close_area: z.unknown().optional(),
    })
    .optional(),
});

export const draftBody = z.strictObject({ draft: draftSchema.optional() });

export const sitingBody = z.strictObject({
  count: z.number().int().min(1).max(200),
  shelter_type: z.enum(SHELTER_TYPES),
  capacity: z.number().int().positive().max(1_000_000).optional(),
  candidates: z.strictObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(20_000) }).optional(),
  /** Reach by walking or driving time along the roads, as the other analyses; straight keeps the radii. */
  mode: modeParam('walk'),
});

/** A body as received: parsed under the caps, then checked against its schema (worker side). */
export function readBody<S extends z.ZodType>(schema: S, raw: Uint8Array | undefined, caps: JsonCaps): z.infer<S> {
  return parseBody(schema, raw && raw.byteLength > 0 ? parseCappedJson(raw, caps) : {});
}
