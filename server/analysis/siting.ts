/**
 * Where to build `count` new shelters of one type: maximal covering location. Demand is the
 * risk-site residents beyond the service radius of every usable shelter today; each new
 * shelter covers the uncovered residents within its type's radius. Candidates default to the
 * village centres; none inside a hazard zone of an unsafe grade is ever picked (the answer
 * says how many were excluded and why).
 *
 * With `travel`, "within reach" is a travel time instead: the minutes of the type along the roads
 * (service_walk_minutes or service_drive_minutes of the standards), both for the shelters of today
 * (as coverage counts them) and for a candidate, which an off-road leg joins to the roads like any
 * point. `straight_line` then counts what the radii would call covered that the minutes do not.
 *
 * Picks are made greedily with lazy evaluation, then improved by swaps (see coverage-celf.ts):
 * within (1 − 1/e) of the best possible coverage, in practice at or near it. With `capacity`, a new shelter takes
 * at most that many residents, nearest first; the last site it reaches may be taken only in
 * part (residents are counted, not sites), so `marginal_gain` never exceeds the capacity.
 *
 * @example
 * const res = siting({ count: 3, shelterType: 'emergency', sites, villages, shelters, zones });
 * res.picks.features[0].properties;  // { rank: 1, marginal_gain: 240, candidate_code: '440983101203', ... }
 * res.after.covered_pct;             // e.g. 31.4 (was res.before.covered_pct)
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { greedyMaxCover, type MaxCoverProblem } from './coverage-celf.ts';
import { polygonIndex } from './point-in-polygon.ts';
import { pct, round } from './coverage-provision.ts';
import { usableShelters, type ShelterSet } from './coverage-shelters.ts';
import { nearestIndex } from './nearest-index.ts';
import { travelProbes } from './coverage-travel.ts';
import { travelCoverRows } from './siting-travel.ts';
import { DEFAULT_STANDARDS, serviceMinutes, type Standards } from './standards.ts';
import { positionsOf, type Travel } from './travel.ts';
import type { Grade, Hazard, HazardZoneCollection, HazardZoneFeature, RiskSiteCollection, RiskSiteFeature, ServiceRadiusM, ShelterCollection, ShelterType, VillageCollection } from './types.ts';

/** A candidate location: any point feature; code, name and town_code are reported when present. */
export type CandidateFeature = Feature<Point | null, unknown>;

export interface SitingInput {
  /** New shelters wanted (an integer ≥ 0). */
  count: number;
  shelterType: ShelterType;
  /** Residents one new shelter may take; default no limit. */
  capacity?: number;
  /** Candidate locations; default the village centres. */
  candidates?: { features: readonly CandidateFeature[] };
  sites: RiskSiteCollection;
  villages: VillageCollection;
  shelters: ShelterCollection;
  zones: HazardZoneCollection;
  /** Defaults to {@link DEFAULT_STANDARDS}. */
  standards?: Readonly<Standards>;
  /** Count a usable shelter inside an unsafe zone as covering today (default true, as in coverage). */
  countUnsafeShelters?: boolean;
  /** Reach by travel time along the roads; straight lines and radii when not given. */
  travel?: Travel;
}

export interface SitingPickProps {
  rank: number;
  /** Residents newly covered by this pick, given the picks ranked before it. */
  marginal_gain: number;
  sites_covered: number;
  covered_site_ids: number[];
  cumulative_residents_covered: number;
  cumulative_covered_pct: number | null;
  candidate_id: string | number | null;
  candidate_code: string | null;
  candidate_name: string | null;
  town_code: string | null;
  shelter_type: ShelterType;
  service_radius_m: number;
  /** By travel only: the reach in minutes. */
  service_minutes?: number;
  capacity: number | null;
}

export interface CoverageState {
  sites: number;
  residents: number;
  residents_covered: number;
  residents_uncovered: number;
  covered_pct: number | null;
}

export type ExclusionReason = 'in_hazard_zone' | 'not_a_point';

export interface ExcludedCandidateProps {
  candidate_id: string | number | null;
  candidate_code: string | null;
  reason: ExclusionReason;
  zone_codes: string[];
  hazards: Hazard[];
  grades: Grade[];
}

export interface SitingResult {
  picks: FeatureCollection<Point, SitingPickProps>;
  before: CoverageState;
  after: CoverageState;
  candidates: {
    total: number;
    eligible: number;
    excluded: number;
    by_reason: Record<ExclusionReason, number>;
    /** Excluded for a hazard zone, per hazard (a candidate in two zones counts under both). */
    by_hazard: Partial<Record<Hazard, number>>;
  };
  /** The excluded candidates that have a location (those in a hazard zone). */
  excluded: FeatureCollection<Point, ExcludedCandidateProps>;
  /** By travel only: the mode. */
  mode?: 'walk' | 'drive';
  /** By travel only: what the straight line would count otherwise. */
  straight_line?: StraightLineComparison;
  method: {
    algorithm: 'greedy maximal covering, lazy evaluation (CELF), then improving swaps';
    guarantee: string;
    evaluations: number;
    /** Improving swaps made after greedy (without a capacity). */
    swaps: number;
    /** Fewer picks than asked: nothing uncovered is left within reach of an eligible candidate. */
    stopped_early: boolean;
  };
}

export interface StraightLineComparison {
  /** Sites (and their residents) within a radius of today's shelters but beyond their minutes. */
  newly_uncovered_sites: number;
  newly_uncovered_residents: number;
  /** Sites within the radius of a pick that no pick reaches within the minutes. */
  picks_radius_not_time_sites: number;
  picks_radius_not_time_residents: number;
}

/** Inputs are not mutated. */
export function siting(input: SitingInput): SitingResult {
  const { count, shelterType, capacity } = input;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be an integer ≥ 0');
  if (capacity !== undefined && !(capacity > 0)) throw new RangeError('capacity must be positive');
  const standards = input.standards ?? DEFAULT_STANDARDS;
  const type = standards.shelter_types[shelterType];
  if (!type) throw new RangeError(`unknown shelter type "${String(shelterType)}"`);
  const radius = type.service_radius_m;
  const unsafeGrades = new Set<Grade>(standards.unsafe_zone_grades);
  const unsafeZones = input.zones.features.filter((z) => unsafeGrades.has(z.properties?.grade));
  const zoneIndex = polygonIndex(unsafeZones);

  const set = usableShelters(input.shelters.features, standards, input.countUnsafeShelters === false ? (f) => zoneIndex.any(f.geometry.coordinates[0], f.geometry.coordinates[1]) : undefined);
  const travel = input.travel;
  const minutes = travel ? serviceMinutes(standards, travel.mode)[shelterType] : undefined;
  const demand = uncoveredDemand(input.sites, set, travel && serviceMinutes(standards, travel.mode), travel);
  const all: readonly CandidateFeature[] = input.candidates ? input.candidates.features : input.villages.features;
  const candidates = safeCandidates(all, (lon, lat) => zoneIndex.containing(lon, lat).map((k) => unsafeZones[k]));
  const byRadius = coverProblem(demand.uncovered, candidates.eligible, radius);
  const problem =
    travel && minutes !== undefined ? { ...byRadius, ...travelCoverRows(travel, positionsOf(candidates.eligible as { geometry: Point }[]), positionsOf(demand.uncovered), minutes) } : byRadius;
  const { picks, evaluations, swaps } = greedyMaxCover({ ...problem, count, capacity });

  let cumulative = demand.covered;
  const pickFeatures = picks.map((p, rank): Feature<Point, SitingPickProps> => {
    const c = candidates.eligible[p.candidate];
    cumulative += p.gain;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [...(c.geometry as Point).coordinates] },
      properties: {
        rank: rank + 1,
        marginal_gain: round(p.gain, 3),
        sites_covered: p.demand.length,
        covered_site_ids: p.demand.map((i) => demand.uncovered[i].id),
        cumulative_residents_covered: round(cumulative, 3),
        cumulative_covered_pct: pct(cumulative, demand.residents),
        candidate_id: c.id ?? null,
        candidate_code: prop(c, 'code'),
        candidate_name: prop(c, 'name'),
        town_code: prop(c, 'town_code'),
        shelter_type: shelterType,
        service_radius_m: radius,
        ...(minutes !== undefined ? { service_minutes: minutes } : {}),
        capacity: capacity ?? null,
      },
    };
  });

  return {
    picks: { type: 'FeatureCollection', features: pickFeatures },
    before: state(demand.sites, demand.residents, demand.covered),
    after: state(demand.sites, demand.residents, cumulative),
    candidates: {
      total: all.length,
      eligible: candidates.eligible.length,
      excluded: all.length - candidates.eligible.length,
      by_reason: candidates.byReason,
      by_hazard: candidates.byHazard,
    },
    excluded: { type: 'FeatureCollection', features: candidates.excluded },
    ...(travel ? { mode: travel.mode, straight_line: { ...demand.straightLine, ...radiusNotTime(byRadius, problem, picks.map((p) => p.candidate)) } } : {}),
    method: {
      algorithm: 'greedy maximal covering, lazy evaluation (CELF), then improving swaps',
      guarantee: capacity === undefined ? 'covers at least 1 − 1/e ≈ 63 % of the best possible for this count' : 'greedy under a per-shelter capacity; no worst-case bound is claimed',
      evaluations,
      swaps,
      stopped_early: picks.length < count,
    },
  };
}

/**
 * The demand: risk sites beyond every usable shelter's reach (by travel: beyond the minutes of
 * each shelter's type), the totals before any pick, and by travel the sites that only the radii cover.
 */
function uncoveredDemand(sites: RiskSiteCollection, set: ShelterSet, minutesPerType?: ServiceRadiusM, travel?: Travel) {
  const points = sites.features.filter((f): f is RiskSiteFeature => f.geometry?.type === 'Point');
  const byTime = travel && minutesPerType ? travelProbes(set, minutesPerType, travel, [positionsOf(points)])[0] : null;
  const uncovered: RiskSiteFeature[] = [];
  const straightLine = { newly_uncovered_sites: 0, newly_uncovered_residents: 0 };
  let residents = 0, uncoveredResidents = 0;
  points.forEach((f, k) => {
    const r = Math.max(0, Number(f.properties?.residents) || 0);
    residents += r;
    const byRadius = set.covering(f.geometry.coordinates[0], f.geometry.coordinates[1]) !== null;
    if (byTime ? byTime.coverJ[k] >= 0 : byRadius) return;
    if (byTime && byRadius) {
      straightLine.newly_uncovered_sites++;
      straightLine.newly_uncovered_residents += r;
    }
    uncovered.push(f);
    uncoveredResidents += r;
  });
  return { uncovered, sites: points.length, residents, covered: residents - uncoveredResidents, straightLine };
}

/** Demand within the radius of some pick that no pick reaches by travel (the rows of `byRadius` are by radius). */
function radiusNotTime(byRadius: Pick<MaxCoverProblem, 'weight' | 'start' | 'cover'>, byTime: Pick<MaxCoverProblem, 'start' | 'cover'>, picked: readonly number[]) {
  const inRadius = new Uint8Array(byRadius.weight.length);
  for (const c of picked) for (let k = byRadius.start[c]; k < byRadius.start[c + 1]; k++) inRadius[byRadius.cover[k]] = 1;
  for (const c of picked) for (let k = byTime.start[c]; k < byTime.start[c + 1]; k++) inRadius[byTime.cover[k]] = 0;
  let sites = 0, residents = 0;
  inRadius.forEach((v, i) => {
    if (!v) return;
    sites++;
    residents += byRadius.weight[i];
  });
  return { picks_radius_not_time_sites: sites, picks_radius_not_time_residents: round(residents, 3) };
}

/** Candidates that are points outside every unsafe zone; the others, counted by reason and hazard. */
function safeCandidates(all: readonly CandidateFeature[], unsafeZonesAt: (lon: number, lat: number) => HazardZoneFeature[]) {
  const eligible: CandidateFeature[] = [];
  const excluded: Feature<Point, ExcludedCandidateProps>[] = [];
  const byReason: Record<ExclusionReason, number> = { in_hazard_zone: 0, not_a_point: 0 };
  const byHazard: Partial<Record<Hazard, number>> = {};
  for (const c of all) {
    if (c.geometry?.type !== 'Point') {
      byReason.not_a_point++;
      continue;
    }
    const [lon, lat] = c.geometry.coordinates;
    const zones = unsafeZonesAt(lon, lat);
    if (zones.length === 0) {
      eligible.push(c);
      continue;
    }
    byReason.in_hazard_zone++;
    const hazards = [...new Set(zones.map((z) => z.properties.hazard))];
    for (const h of hazards) byHazard[h] = (byHazard[h] ?? 0) + 1;
    excluded.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        candidate_id: c.id ?? null,
        candidate_code: prop(c, 'code'),
        reason: 'in_hazard_zone',
        zone_codes: zones.map((z) => z.properties.code),
        hazards,
        grades: [...new Set(zones.map((z) => z.properties.grade))],
      },
    });
  }
  return { eligible, excluded, byReason, byHazard };
}

/**
 * The covering problem: the residents of each uncovered site, and for each candidate the
 * sites within `radius`, nearest first (so a pick with a capacity takes the nearest residents).
 */
function coverProblem(uncovered: readonly RiskSiteFeature[], eligible: readonly CandidateFeature[], radius: number): Pick<MaxCoverProblem, 'weight' | 'start' | 'cover'> {
  const weight = Float64Array.from(uncovered, (f) => Math.max(0, Number(f.properties.residents) || 0));
  const demandIndex = nearestIndex(uncovered);
  const start = new Int32Array(eligible.length + 1);
  const cover: number[] = [];
  const rowIdx: number[] = [];
  const rowDist: number[] = [];
  eligible.forEach((c, k) => {
    const [lon, lat] = (c.geometry as Point).coordinates;
    const m = demandIndex.aroundInto(lon, lat, uncovered.length, radius, rowIdx, rowDist);
    for (let i = 0; i < m; i++) cover.push(rowIdx[i]);
    start[k + 1] = cover.length;
  });
  return { weight, start, cover: Int32Array.from(cover) };
}

function state(sites: number, residents: number, covered: number): CoverageState {
  return {
    sites,
    residents,
    residents_covered: round(covered, 3),
    residents_uncovered: round(residents - covered, 3),
    covered_pct: pct(covered, residents),
  };
}

/** A string property of a candidate, or null. */
function prop(c: CandidateFeature, key: string): string | null {
  const p = c.properties;
  if (!p || typeof p !== 'object') return null;
  const v = (p as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}
