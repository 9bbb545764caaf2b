/**
 * Planning standards the analysis measures against: per shelter type the service
 * (responsibility) radius and the minimum effective area per person (GB 51143-2015 by default),
 * the reach expected of a relief depot of each tier, and the plan's own targets (专栏2 of the
 * city's 2021–2025 emergency plan). A deployment overrides any of them in
 * data/shelter-standards.json (or the file named by SHELTER_STANDARDS_FILE); what the file leaves
 * out keeps its default. See data/shelter-standards.md for the sources of each figure.
 *
 * @example
 * const std = parseStandards({ shelter_types: { emergency: { service_radius_m: 400 } } });
 * std.shelter_types.emergency.service_radius_m;   // 400 (overridden)
 * std.shelter_types.long_term.service_radius_m;   // 2500 (default)
 * const std2 = loadStandards('data/shelter-standards.json');
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
// The API's naming of a failed field; a leaf module with no run-time imports, not an upward dependency on HTTP.
import { validationDetails } from '../http/validation-errors.ts';
import { SHELTER_TYPE_LABELS } from '../domain/vocabularies.ts';
import { GRADES, SHELTER_STATUSES, SHELTER_TYPES, type AdminLevel, type Grade, type ServiceRadiusM, type ShelterStatus, type ShelterType } from './types.ts';

export const ADMIN_LEVELS = ['city', 'town', 'village'] as const satisfies readonly AdminLevel[];

export interface ShelterTypeStandard {
  /** Service (responsibility) radius: farthest straight-line distance to the people it serves. */
  service_radius_m: number;
  /** Minimum effective refuge area per person. */
  area_per_person_m2: number;
  /** Reach by travel time along the roads: farthest walk, and farthest drive, in minutes. */
  service_walk_minutes: number;
  service_drive_minutes: number;
  /** Human-readable name, e.g. 紧急避难场所. */
  label?: string;
  /** Where the figures come from, and whether they are confirmed or assumed. */
  source?: string;
}

export interface PlanTargets {
  /** Relief reaches people within this many hours of a disaster (初步救助). */
  initial_relief_hours: number;
  /** Forest-fire watch coverage of key areas, per cent. */
  forest_fire_watch_coverage_pct: number;
  /** Automatic rain gauges per 100 km². */
  rain_gauges_per_100km2: number;
  /** Share of the public reached by warnings, per cent. */
  warning_coverage_pct: number;
}

export interface Standards {
  shelter_types: Record<ShelterType, ShelterTypeStandard>;
  /** Statuses of a shelter that can take people now (closed and planned ones cannot). */
  usable_statuses: ShelterStatus[];
  /** Hazard-zone grades in which a shelter is unsafe and a new one must not be sited. */
  unsafe_zone_grades: Grade[];
  /**
   * Shelter type whose area per person is the yardstick for a town's total effective area
   * (people evacuated from risk sites stay days, not hours: short-term by default).
   */
  town_area_reference_type: ShelterType;
  /** Farthest a village (village tier) or town (town and city tiers) may lie from a depot of that tier. */
  depot_max_distance_m: Record<AdminLevel, number>;
  /** The evacuation plan's reach by travel time: the longest walk or drive to a shelter, minutes. */
  evacuation_max_minutes: { walk: number; drive: number };
  plan_targets: PlanTargets;
}

const GB = 'GB 51143-2015 防灾避难场所设计规范';

/**
 * Defaults. Radii and areas per person follow GB 51143-2015 as quoted in the planning
 * literature; only the 500 m walk to an emergency shelter is confirmed by a source we could
 * read (see data/shelter-standards.md), the rest are marked as assumptions there.
 */
export const DEFAULT_STANDARDS: Readonly<Standards> = deepFreeze({
  shelter_types: {
    emergency: { service_radius_m: 500, area_per_person_m2: 0.5, service_walk_minutes: 10, service_drive_minutes: 5, label: SHELTER_TYPE_LABELS.emergency.zh, source: `${GB}; 500 m / ~10 min on foot also in Guangdong's shelter planning outline. Area per person: assumption (not confirmed)` },
    short_term: { service_radius_m: 1000, area_per_person_m2: 2.0, service_walk_minutes: 20, service_drive_minutes: 10, label: SHELTER_TYPE_LABELS.short_term.zh, source: `${GB}, responsibility-area and per-person tables: assumption (not confirmed)` },
    mid_term: { service_radius_m: 1500, area_per_person_m2: 3.0, service_walk_minutes: 30, service_drive_minutes: 15, label: SHELTER_TYPE_LABELS.mid_term.zh, source: `${GB}, responsibility-area and per-person tables: assumption (not confirmed)` },
    long_term: { service_radius_m: 2500, area_per_person_m2: 4.5, service_walk_minutes: 50, service_drive_minutes: 20, label: SHELTER_TYPE_LABELS.long_term.zh, source: `${GB}, responsibility-area and per-person tables: assumption (not confirmed)` },
  },
  usable_statuses: ['open', 'standby'],
  unsafe_zone_grades: ['very_high', 'high'],
  town_area_reference_type: 'short_term',
  depot_max_distance_m: { village: 5000, town: 20000, city: 60000 },
  evacuation_max_minutes: { walk: 60, drive: 60 },
  plan_targets: { initial_relief_hours: 8, forest_fire_watch_coverage_pct: 90, rain_gauges_per_100km2: 5, warning_coverage_pct: 95 },
} satisfies Standards);

const positive = z.number().finite().positive();

const typeStandard = z
  .object({
    service_radius_m: positive,
    area_per_person_m2: positive,
    service_walk_minutes: positive,
    service_drive_minutes: positive,
    label: z.string().optional(),
    source: z.string().optional(),
  })
  .strict();

// every part optional: a deployment file names only what it changes
const overridesSchema = z
  .object({
    $comment: z.string().optional(),
    shelter_types: z
      .object({
        emergency: typeStandard.partial().optional(),
        short_term: typeStandard.partial().optional(),
        mid_term: typeStandard.partial().optional(),
        long_term: typeStandard.partial().optional(),
      })
      .strict()
      .optional(),
    usable_statuses: z.array(z.enum(SHELTER_STATUSES)).min(1).optional(),
    unsafe_zone_grades: z.array(z.enum(GRADES)).optional(),
    town_area_reference_type: z.enum(SHELTER_TYPES).optional(),
    depot_max_distance_m: z.object({ village: positive.optional(), town: positive.optional(), city: positive.optional() }).strict().optional(),
    evacuation_max_minutes: z.object({ walk: positive.optional(), drive: positive.optional() }).strict().optional(),
    plan_targets: z
      .object({
        initial_relief_hours: positive.optional(),
        forest_fire_watch_coverage_pct: z.number().min(0).max(100).optional(),
        rain_gauges_per_100km2: z.number().finite().min(0).optional(),
        warning_coverage_pct: z.number().min(0).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Thrown when a standards file does not match the schema; `issues` lists each problem with its path. */
export class StandardsError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid shelter standards: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'StandardsError';
  }
}

/**
 * Validates parsed JSON (all keys optional) and lays it over `base` (the defaults unless given).
 * Returns a fresh object; neither argument is changed.
 */
export function parseStandards(json: unknown, base: Readonly<Standards> = DEFAULT_STANDARDS): Standards {
  const result = overridesSchema.safeParse(json);
  if (!result.success) throw new StandardsError(validationDetails(result.error).map((d) => ({ path: d.field, message: d.message })));
  const o = result.data;
  const shelter_types = {} as Record<ShelterType, ShelterTypeStandard>;
  for (const t of SHELTER_TYPES) shelter_types[t] = { ...base.shelter_types[t], ...definedOnly(o.shelter_types?.[t]) };
  return {
    shelter_types,
    usable_statuses: [...(o.usable_statuses ?? base.usable_statuses)],
    unsafe_zone_grades: [...(o.unsafe_zone_grades ?? base.unsafe_zone_grades)],
    town_area_reference_type: o.town_area_reference_type ?? base.town_area_reference_type,
    depot_max_distance_m: { ...base.depot_max_distance_m, ...definedOnly(o.depot_max_distance_m) },
    evacuation_max_minutes: { ...base.evacuation_max_minutes, ...definedOnly(o.evacuation_max_minutes) },
    plan_targets: { ...base.plan_targets, ...definedOnly(o.plan_targets) },
  };
}

/** Reads and validates a standards file (UTF-8 JSON), over the defaults. */
export function loadStandards(path: string): Standards {
  return parseStandards(JSON.parse(readFileSync(path, 'utf8')));
}

/** Service radius per shelter type, in the shape the catchment functions take. */
export function serviceRadii(standards: Readonly<Standards>): ServiceRadiusM {
  const out = {} as ServiceRadiusM;
  for (const t of SHELTER_TYPES) out[t] = standards.shelter_types[t].service_radius_m;
  return out;
}

/** Reach per shelter type in minutes of walking or driving (the travel-time counterpart of the radii). */
export function serviceMinutes(standards: Readonly<Standards>, mode: 'walk' | 'drive'): ServiceRadiusM {
  const out = {} as ServiceRadiusM;
  for (const t of SHELTER_TYPES) out[t] = mode === 'walk' ? standards.shelter_types[t].service_walk_minutes : standards.shelter_types[t].service_drive_minutes;
  return out;
}

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
