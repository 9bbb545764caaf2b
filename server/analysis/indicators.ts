/**
 * The plan's indicators per town and for the whole city:
 *
 * - risk sites by grade (ungraded included) and by rectification status, with their residents;
 * - residents at risk: those of sites not yet made safe (status `not_started` or
 *   `in_progress` by default; a site without a status counts as `not_started`);
 * - the share of them within reach of a usable shelter with room: sites go whole, nearest
 *   first, to the nearest usable shelter within its service radius that still has room (see
 *   coverage-room.ts); `within_radius` ignores capacity;
 * - shelter places and effective area per resident at risk against the standard;
 * - depots per tier; shelters (any status) inside a hazard zone of an unsafe grade.
 *
 * The plan's other targets (relief within 8 h, forest-fire watch, rain gauges, warning reach)
 * cannot be measured from these layers; they are returned in `plan_targets` for display.
 *
 * @example
 * const ind = indicators({ sites, shelters, depots, zones, towns });
 * ind.city.within_reach_pct;                       // e.g. 41.7
 * ind.towns.features[0].properties.sites_by_grade; // { very_high: 3, high: 10, medium: 22, low: 40, ungraded: 5 }
 */
import type { FeatureCollection } from 'geojson';
import { pct, provision, type ProvisionFigures } from './coverage-provision.ts';
import { placeWithRoom } from './coverage-room.ts';
import { usableShelters, type ShelterSet } from './coverage-shelters.ts';
import { townTable } from './coverage-towns.ts';
import { unsafeShelters } from './coverage-unsafe.ts';
import { DEFAULT_STANDARDS, type PlanTargets, type Standards } from './standards.ts';
import { TownTallies } from './town-tallies.ts';
import type {
  AdminLevel,
  Areal,
  DepotCollection,
  Grade,
  HazardZoneCollection,
  RectificationStatus,
  RiskSiteCollection,
  ShelterCollection,
  TownCollection,
  TownProps,
} from './types.ts';

export const RECTIFICATION_STATUSES = ['not_started', 'in_progress', 'completed', 'relocated'] as const satisfies readonly RectificationStatus[];

export interface IndicatorOptions {
  /** Statuses whose residents are still at risk (default not_started, in_progress). */
  atRiskStatuses?: RectificationStatus[];
  /** Count a usable shelter inside an unsafe zone as able to take people (default true). */
  countUnsafeShelters?: boolean;
}

export interface IndicatorInput {
  sites: RiskSiteCollection;
  shelters: ShelterCollection;
  depots: DepotCollection;
  zones: HazardZoneCollection;
  towns: TownCollection;
  /** Defaults to {@link DEFAULT_STANDARDS}. */
  standards?: Readonly<Standards>;
  options?: IndicatorOptions;
}

export type GradeKey = Grade | 'ungraded';

export interface Indicators extends ProvisionFigures {
  risk_sites: number;
  sites_by_grade: Record<GradeKey, number>;
  residents_by_grade: Record<GradeKey, number>;
  sites_by_rectification: Record<RectificationStatus, number>;
  residents_total: number;
  sites_at_risk: number;
  residents_at_risk: number;
  /** At-risk residents placed in a usable shelter in reach with room. */
  residents_within_reach: number;
  within_reach_pct: number | null;
  /** At-risk residents with a usable shelter in reach, room or not. */
  residents_within_radius: number;
  within_radius_pct: number | null;
  depots: Record<AdminLevel, number>;
  unsafe_shelters: number;
  /** Of those, the ones whose status counts them as usable. */
  unsafe_usable_shelters: number;
}

export interface CityIndicators extends Indicators {
  towns: number;
  /** Sites, usable shelters and depots that fall in no town (counted in the city only). */
  unassigned: { sites: number; shelters: number; depots: number };
}

export interface IndicatorResult {
  towns: FeatureCollection<Areal, TownProps & Indicators>;
  city: CityIndicators;
  plan_targets: PlanTargets;
  parameters: {
    at_risk_statuses: RectificationStatus[];
    usable_statuses: Standards['usable_statuses'];
    unsafe_zone_grades: Standards['unsafe_zone_grades'];
    town_area_reference_type: Standards['town_area_reference_type'];
    count_unsafe_shelters: boolean;
  };
}

interface Tally {
  sites: number;
  byGrade: Record<GradeKey, number>;
  residentsByGrade: Record<GradeKey, number>;
  byStatus: Record<RectificationStatus, number>;
  residents: number;
  sitesAtRisk: number;
  atRisk: number;
  withinReach: number;
  withinRadius: number;
  shelters: number[];
  depots: Record<AdminLevel, number>;
  unsafe: number;
  unsafeUsable: number;
}

const newTally = (): Tally => ({
  sites: 0,
  byGrade: { very_high: 0, high: 0, medium: 0, low: 0, ungraded: 0 },
  residentsByGrade: { very_high: 0, high: 0, medium: 0, low: 0, ungraded: 0 },
  byStatus: { not_started: 0, in_progress: 0, completed: 0, relocated: 0 },
  residents: 0,
  sitesAtRisk: 0,
  atRisk: 0,
  withinReach: 0,
  withinRadius: 0,
  shelters: [],
  depots: { city: 0, town: 0, village: 0 },
  unsafe: 0,
  unsafeUsable: 0,
});

/** Inputs are not mutated; town features share their geometry objects with the input. */
export function indicators(input: IndicatorInput): IndicatorResult {
  const standards = input.standards ?? DEFAULT_STANDARDS;
  const atRiskStatuses = input.options?.atRiskStatuses ?? ['not_started', 'in_progress'];
  const countUnsafe = input.options?.countUnsafeShelters ?? true;
  const tallies = new TownTallies(townTable(input.towns.features), newTally);

  const unsafe = unsafeShelters(input.shelters.features, input.zones.features, standards);
  const set = usableShelters(input.shelters.features, standards, countUnsafe ? undefined : (_f, i) => unsafe.unsafe.has(i));
  set.features.forEach((s, j) => tallies.atFeature(s).shelters.push(j));
  for (const f of unsafe.features) {
    const t = tallies.atFeature(f);
    t.unsafe++;
    if (f.properties.usable) t.unsafeUsable++;
  }
  for (const d of input.depots.features) {
    if (d.geometry?.type !== 'Point') continue;
    const tier = d.properties.tier;
    if (tier !== 'city' && tier !== 'town' && tier !== 'village') continue;
    tallies.atFeature(d).depots[tier]++;
  }
  tallySites(input.sites, new Set(atRiskStatuses), set, tallies);

  const figures = (t: Tally): Indicators => ({
    risk_sites: t.sites,
    sites_by_grade: { ...t.byGrade },
    residents_by_grade: { ...t.residentsByGrade },
    sites_by_rectification: { ...t.byStatus },
    residents_total: t.residents,
    sites_at_risk: t.sitesAtRisk,
    residents_at_risk: t.atRisk,
    residents_within_reach: t.withinReach,
    within_reach_pct: pct(t.withinReach, t.atRisk),
    residents_within_radius: t.withinRadius,
    within_radius_pct: pct(t.withinRadius, t.atRisk),
    ...provision(t.shelters, set, t.atRisk, standards),
    depots: { ...t.depots },
    unsafe_shelters: t.unsafe,
    unsafe_usable_shelters: t.unsafeUsable,
  });
  const rest = tallies.unassigned;

  return {
    towns: { type: 'FeatureCollection', features: tallies.townFeatures(figures) },
    city: {
      ...figures(tallies.city()),
      towns: tallies.towns.features.length,
      unassigned: { sites: rest.sites, shelters: rest.shelters.length, depots: rest.depots.city + rest.depots.town + rest.depots.village },
    },
    plan_targets: { ...standards.plan_targets },
    parameters: {
      at_risk_statuses: [...atRiskStatuses],
      usable_statuses: [...standards.usable_statuses],
      unsafe_zone_grades: [...standards.unsafe_zone_grades],
      town_area_reference_type: standards.town_area_reference_type,
      count_unsafe_shelters: countUnsafe,
    },
  };
}

/**
 * Counts each site in its town by grade and status; the residents of the sites still at risk
 * are then placed with room (nearest first) to find those within reach.
 */
function tallySites(sites: RiskSiteCollection, atRisk: ReadonlySet<RectificationStatus>, set: ShelterSet, tallies: TownTallies<Tally>): void {
  const lon: number[] = [], lat: number[] = [], residents: number[] = [], slotOfAtRisk: number[] = [];
  for (const f of sites.features) {
    if (f.geometry?.type !== 'Point') continue;
    const p = f.properties;
    const slot = tallies.slotOfFeature(f);
    const t = tallies.slots[slot];
    const r = Math.max(0, Number(p.residents) || 0);
    const grade: GradeKey = p.grade === 'very_high' || p.grade === 'high' || p.grade === 'medium' || p.grade === 'low' ? p.grade : 'ungraded';
    const status: RectificationStatus = p.rectification_status && RECTIFICATION_STATUSES.includes(p.rectification_status) ? p.rectification_status : 'not_started';
    t.sites++;
    t.residents += r;
    t.byGrade[grade]++;
    t.residentsByGrade[grade] += r;
    t.byStatus[status]++;
    if (!atRisk.has(status)) continue;
    t.sitesAtRisk++;
    t.atRisk += r;
    lon.push(f.geometry.coordinates[0]);
    lat.push(f.geometry.coordinates[1]);
    residents.push(r);
    slotOfAtRisk.push(slot);
  }
  const placed = placeWithRoom({ lon, lat, residents }, set);
  for (let i = 0; i < residents.length; i++) {
    const t = tallies.slots[slotOfAtRisk[i]];
    if (placed.shelter[i] >= 0) t.withinReach += residents[i];
    if (placed.inReach[i]) t.withinRadius += residents[i];
  }
}
