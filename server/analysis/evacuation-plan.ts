/**
 * Early-evacuation plan for a warning: who must leave, where each household goes, which
 * shelters must be opened and where their supplies come from.
 *
 * 1. Sites to evacuate: risk sites inside the warning area, of at least `minGrade` (sites
 *    without a grade are then left out and counted in `summary.skipped_ungraded_sites`), and,
 *    if `hazard` is given, lying in a zone of that hazard. Relocated sites (nobody lives there
 *    any more) are left out.
 * 2. Safe shelters: open or standby, outside the warning area, and not inside a high or
 *    very-high zone of any hazard in `unsafeZoneHazards` (default: every hazard, since the
 *    same rain that floods a valley loosens its slopes). Excluded shelters are listed with
 *    the reason.
 * 3. Assignment: as catchments' capacity method (households never split, no shelter over
 *    capacity, most residents placed, then least total distance). Evacuees may walk or be
 *    driven further than everyday users, so a shelter's reach is `radiusFactor` (default 2)
 *    times the service radius of its type, or a flat `maxDistanceM` if given.
 *    With `travel`, the reach is a travel time instead: `maxMinutes` (default 60) along the roads.
 * 4. Shelters to open: the used shelters whose status is standby.
 * 5. Supplies: the nearest depot (great-circle distance) to each used shelter.
 * 6. Totals per town (by the sites' town_code) and overall.
 *
 * The features are the lines from each site to its shelter, for the map: by travel the way along
 * the roads (assignment-ways.ts; straight past MAX_WAYS sites), else straight.
 *
 * @example
 * const plan = evacuationPlan({ warningArea, sites, shelters, depots, zones, towns,
 *   hazard: 'landslide', minGrade: 'high', serviceRadiusM });
 * plan.summary.residents;          // residents to move
 * plan.shelters_to_open;           // ids of standby shelters to open
 */
import type { Feature, LineString, Position } from 'geojson';
import { assignmentWays, MAX_WAYS, positionsById, type AssignmentWay } from './assignment-ways.ts';
import { assignWithCapacity } from './capacity-assign.ts';
import { assembleCatchments, radiusFor, type CatchmentAssignment, type CatchmentResult, type CatchmentUnassigned, type ClosedRoad } from './catchment-result.ts';
import { demandPoints } from './demand-points.ts';
import { nearestIndex } from './nearest-index.ts';
import { areaTest, polygonIndex } from './point-in-polygon.ts';
import { shelterCandidates } from './shelter-candidates.ts';
import { chosenMeasures, positionsOf, travelCandidates, type Travel } from './travel.ts';
import {
  GRADES,
  HAZARDS,
  type Areal,
  type DepotCollection,
  type DepotFeature,
  type Grade,
  type Hazard,
  type HazardZoneCollection,
  type HazardZoneFeature,
  type RiskSiteCollection,
  type RiskSiteFeature,
  type ServiceRadiusM,
  type ShelterCollection,
  type ShelterFeature,
  type ShelterStatus,
  type ShelterType,
  type TownCollection,
  type TownFeature,
} from './types.ts';

type List<F> = { features: readonly F[] } | readonly F[];

export interface EvacuationPlanInput {
  warningArea: Areal | Feature<Areal>;
  sites: RiskSiteCollection | List<RiskSiteFeature>;
  shelters: ShelterCollection | List<ShelterFeature>;
  depots: DepotCollection | List<DepotFeature>;
  zones: HazardZoneCollection | List<HazardZoneFeature>;
  towns: TownCollection | List<TownFeature>;
  /** Only sites lying in a zone of this hazard. */
  hazard?: Hazard;
  /** Only sites of this grade or worse. */
  minGrade?: Grade;
  serviceRadiusM: ServiceRadiusM;
  /** Reach = radiusFactor × service radius of the shelter's type (default 2). */
  radiusFactor?: number;
  /** Flat reach in metres for every shelter; overrides radiusFactor. */
  maxDistanceM?: number;
  /** Hazards whose high and very-high zones make a shelter unsafe (default: all). */
  unsafeZoneHazards?: readonly Hazard[];
  /** Measure by travel along the roads: the reach is then `maxMinutes` for every shelter. */
  travel?: Travel;
  /** travel: the longest walk or drive to a shelter, minutes (default 60). */
  maxMinutes?: number;
  /**
   * Draw the lines of the map (default true). Without them `features` is empty and the rest of
   * the plan is the same: an operation freezing the plan into tasks needs no way drawn.
   */
  drawLines?: boolean;
}

export interface EvacuationSite {
  site_id: number;
  code: string;
  town_code: string;
  village: string | null;
  grade: Grade | null;
  residents: number;
  households: number;
}

export interface NearestDepot {
  depot_id: number;
  code: string;
  name: string;
  tier: string;
  distance_m: number;
}

export interface EvacuationShelter {
  shelter_id: number;
  code: string;
  name: string;
  shelter_type: ShelterType;
  status: ShelterStatus;
  /** Standby now: must be opened for this plan. */
  open_required: boolean;
  load: number;
  capacity: number;
  utilisation: number | null;
  households: number;
  demand_count: number;
  max_distance_m: number | null;
  /** Reach in metres (straight lines), or null by travel. */
  reach_m: number | null;
  /** By travel only: reach in minutes. */
  reach_minutes?: number;
  nearest_depot: NearestDepot | null;
}

export interface ExcludedShelter {
  shelter_id: number;
  code: string;
  reason: 'not_open_or_standby' | 'in_warning_area' | 'in_hazard_zone';
  /** For in_hazard_zone: the zone (the worst one) that excludes it. */
  zone_code?: string;
  zone_hazard?: Hazard;
  zone_grade?: Grade;
}

export interface TownTotals {
  town_code: string;
  town_name: string | null;
  sites: number;
  households: number;
  residents: number;
  placed_residents: number;
  unassigned_residents: number;
}

export interface EvacuationSummary {
  sites: number;
  households: number;
  /** Residents to move. */
  residents: number;
  placed_residents: number;
  unassigned_residents: number;
  total_distance_m: number;
  mean_distance_m: number | null;
  eligible_shelters: number;
  shelters_used: number;
  shelters_to_open: number;
  skipped_ungraded_sites: number;
  hazard: Hazard | null;
  min_grade: Grade | null;
  reach: { radius_factor: number } | { max_distance_m: number } | { mode: 'walk' | 'drive'; max_minutes: number };
  /** By travel only: Σ residents × minutes, and its mean per placed resident. */
  total_minutes?: number;
  mean_minutes?: number | null;
  /** straight for straight lines, else the travel mode. */
  mode?: 'walk' | 'drive';
  /** How the lines are drawn: along the roads, or straight (mode straight, or past MAX_WAYS sites). */
  lines: 'roads' | 'straight';
  /** What-if cuts: the roads closed by id, and how many roads a closed area cut. */
  closed_roads?: ClosedRoad[];
  closed_area?: { roads: number };
}

/** A line of the plan: by travel the way along the roads, with its length, off-road metres and minutes. */
export interface EvacuationLineProps {
  demand_id: number;
  shelter_id: number;
  residents: number;
  households: number;
  distance_m: number;
  minutes?: number;
  length_m?: number;
  offroad_m?: number;
}

export interface EvacuationPlan {
  type: 'FeatureCollection';
  features: (Feature<LineString, EvacuationLineProps> & { id: number })[];
  sites: EvacuationSite[];
  assignments: CatchmentAssignment[];
  unassigned: CatchmentUnassigned[];
  shelters: EvacuationShelter[];
  shelters_to_open: number[];
  excluded_shelters: ExcludedShelter[];
  towns: TownTotals[];
  summary: EvacuationSummary;
}

const UNSAFE_GRADES: readonly Grade[] = ['very_high', 'high'];

export function evacuationPlan(input: EvacuationPlanInput): EvacuationPlan {
  if (input.minGrade && !GRADES.includes(input.minGrade)) throw new RangeError(`evacuationPlan: unknown grade "${input.minGrade}"`);
  if (input.hazard && !HAZARDS.includes(input.hazard)) throw new RangeError(`evacuationPlan: unknown hazard "${input.hazard}"`);
  const place = placesOf(input);

  // 1–2. who leaves, and where they may go
  const { chosen, skippedUngraded } = sitesToEvacuate(listOf(input.sites), place, input.minGrade, input.hazard);
  const { eligible, excluded } = safeShelters(listOf(input.shelters), place, new Set<Hazard>(input.unsafeZoneHazards ?? HAZARDS));

  // 3. assignment within the evacuation reach
  const factor = input.radiusFactor ?? 2;
  const travel = input.travel;
  const maxMinutes = input.maxMinutes ?? 60;
  const reach = Float64Array.from(eligible, (s) => (travel ? NaN : (input.maxDistanceM ?? factor * radiusFor(s, input.serviceRadiusM))));
  const d = demandPoints(chosen, 'risk_site');
  const capacity = eligible.map((s) => s.properties.capacity);
  let assembled: CatchmentResult;
  let ways: Map<number, AssignmentWay> | null = null;
  if (travel) {
    const reachMinutes = new Float64Array(eligible.length).fill(maxMinutes);
    const c = travelCandidates(travel, positionsOf(eligible), Array.from(d.lon, (lon, i) => [lon, d.lat[i]]), reachMinutes, 16);
    const res = assignWithCapacity({ residents: d.residents, capacity, candidates: c.candidates });
    const m = chosenMeasures(res.shelter, c);
    assembled = assembleCatchments(d, eligible, res.shelter, m.metres, reach, (i) => c.candidates.start[i + 1] === c.candidates.start[i], 'capacity', { mode: travel.mode, reachMinutes, ...m });
    if (chosen.length <= MAX_WAYS && input.drawLines !== false) ways = assignmentWays(travel, assembled.assignments, positionsById(chosen), positionsById(eligible));
  } else {
    const cands = shelterCandidates(d, nearestIndex(eligible), reach);
    const res = assignWithCapacity({ residents: d.residents, capacity, candidates: cands });
    assembled = assembleCatchments(d, eligible, res.shelter, res.distance, reach, (i) => cands.start[i + 1] === cands.start[i], 'capacity');
  }

  // 4–6. shelters used and to open with their depots, totals per town, the lines for the map
  const used = sheltersUsed(assembled, eligible, reach, listOf(input.depots), travel ? maxMinutes : undefined);
  const toOpen = used.filter((s) => s.open_required).map((s) => s.shelter_id);
  const sum = assembled.summary;
  return {
    type: 'FeatureCollection',
    features: input.drawLines === false ? [] : evacuationLines(assembled.assignments, chosen, eligible, ways),
    sites: chosen.map((s) => ({
      site_id: s.id,
      code: s.properties.code,
      town_code: s.properties.town_code,
      village: s.properties.village ?? null,
      grade: s.properties.grade ?? null,
      residents: s.properties.residents,
      households: s.properties.households,
    })),
    assignments: assembled.assignments,
    unassigned: assembled.unassigned,
    shelters: used,
    shelters_to_open: toOpen,
    excluded_shelters: excluded,
    towns: townTotals(chosen, listOf(input.towns), assembled.assignments),
    summary: {
      sites: chosen.length,
      households: sum.households,
      residents: sum.residents,
      placed_residents: sum.placed_residents,
      unassigned_residents: sum.unassigned_residents,
      total_distance_m: sum.total_distance_m,
      mean_distance_m: sum.mean_distance_m,
      eligible_shelters: eligible.length,
      shelters_used: used.length,
      shelters_to_open: toOpen.length,
      skipped_ungraded_sites: skippedUngraded,
      hazard: input.hazard ?? null,
      min_grade: input.minGrade ?? null,
      reach: travel ? { mode: travel.mode, max_minutes: maxMinutes } : input.maxDistanceM !== undefined ? { max_distance_m: input.maxDistanceM } : { radius_factor: factor },
      ...(travel ? { mode: travel.mode, total_minutes: sum.total_minutes, mean_minutes: sum.mean_minutes } : {}),
      // How the map's lines are (or would be) drawn: the same summary with or without them.
      lines: travel && chosen.length <= MAX_WAYS ? 'roads' : 'straight',
    },
  };
}

/** Where a position lies: in the warning area or not, and in which hazard zones. */
interface Places {
  inWarningArea(p: Position): boolean;
  zonesAt(p: Position): HazardZoneFeature[];
}

function placesOf(input: EvacuationPlanInput): Places {
  const area: Areal = 'geometry' in input.warningArea ? input.warningArea.geometry : input.warningArea;
  const inArea = areaTest(area);
  const zones = listOf(input.zones);
  const zoneIndex = polygonIndex(zones);
  return {
    inWarningArea: (p) => inArea(p[0], p[1]),
    zonesAt: (p) => zoneIndex.containing(p[0], p[1]).map((k) => zones[k]),
  };
}

/**
 * Risk sites in the warning area, not relocated, of `minGrade` or worse (ungraded ones are
 * then skipped and counted), and in a zone of `hazard` when one is given.
 */
function sitesToEvacuate(sites: readonly RiskSiteFeature[], place: Places, minGrade?: Grade, hazard?: Hazard): { chosen: RiskSiteFeature[]; skippedUngraded: number } {
  const minRank = minGrade ? GRADES.indexOf(minGrade) : GRADES.length;
  let skippedUngraded = 0;
  const chosen: RiskSiteFeature[] = [];
  for (const s of sites) {
    const p = s.properties;
    if (p.rectification_status === 'relocated') continue;
    if (!place.inWarningArea(s.geometry.coordinates)) continue;
    if (minGrade) {
      if (!p.grade) {
        skippedUngraded++;
        continue;
      }
      if (GRADES.indexOf(p.grade) > minRank) continue;
    }
    if (hazard && !place.zonesAt(s.geometry.coordinates).some((z) => z.properties.hazard === hazard)) continue;
    chosen.push(s);
  }
  return { chosen, skippedUngraded };
}

/**
 * Open or standby shelters outside the warning area and outside any high or very-high zone
 * of the unsafe hazards; the others, each with the reason (and the worst zone) that rules it out.
 */
function safeShelters(shelters: readonly ShelterFeature[], place: Places, unsafeHazards: ReadonlySet<Hazard>): { eligible: ShelterFeature[]; excluded: ExcludedShelter[] } {
  const eligible: ShelterFeature[] = [];
  const excluded: ExcludedShelter[] = [];
  for (const s of shelters) {
    const p = s.properties;
    if (p.status !== 'open' && p.status !== 'standby') {
      excluded.push({ shelter_id: s.id, code: p.code, reason: 'not_open_or_standby' });
      continue;
    }
    if (place.inWarningArea(s.geometry.coordinates)) {
      excluded.push({ shelter_id: s.id, code: p.code, reason: 'in_warning_area' });
      continue;
    }
    const unsafe = place
      .zonesAt(s.geometry.coordinates)
      .filter((z) => unsafeHazards.has(z.properties.hazard) && UNSAFE_GRADES.includes(z.properties.grade))
      .sort((a, b) => GRADES.indexOf(a.properties.grade) - GRADES.indexOf(b.properties.grade))[0];
    if (unsafe) {
      excluded.push({
        shelter_id: s.id,
        code: p.code,
        reason: 'in_hazard_zone',
        zone_code: unsafe.properties.code,
        zone_hazard: unsafe.properties.hazard,
        zone_grade: unsafe.properties.grade,
      });
      continue;
    }
    eligible.push(s);
  }
  return { eligible, excluded };
}

/** The shelters that take somebody, whether each must be opened, and the nearest depot to each. */
function sheltersUsed(assembled: CatchmentResult, eligible: readonly ShelterFeature[], reach: Float64Array, depots: readonly DepotFeature[], reachMinutes?: number): EvacuationShelter[] {
  const depotIndex = nearestIndex(depots);
  const used: EvacuationShelter[] = [];
  assembled.features.forEach((f, j) => {
    const p = f.properties;
    if (p.demand_count === 0) return;
    const s = eligible[j];
    const hit = depotIndex.nearest(s.geometry.coordinates[0], s.geometry.coordinates[1]);
    used.push({
      shelter_id: s.id,
      code: p.code,
      name: p.name,
      shelter_type: p.shelter_type,
      status: s.properties.status,
      open_required: s.properties.status === 'standby',
      load: p.load,
      capacity: p.capacity,
      utilisation: p.utilisation,
      households: p.households,
      demand_count: p.demand_count,
      max_distance_m: p.max_distance_m,
      reach_m: reachMinutes === undefined ? reach[j] : null,
      ...(reachMinutes === undefined ? {} : { reach_minutes: reachMinutes }),
      nearest_depot: hit
        ? {
            depot_id: hit.feature.id,
            code: hit.feature.properties.code,
            name: hit.feature.properties.name,
            tier: hit.feature.properties.tier,
            distance_m: Math.round(hit.distance_m * 10) / 10,
          }
        : null,
    });
  });
  return used;
}

/** Sites, households and residents per town (by the sites' town_code), placed or not, by town code. */
function townTotals(chosen: readonly RiskSiteFeature[], towns: readonly TownFeature[], assignments: readonly CatchmentAssignment[]): TownTotals[] {
  const townName = new Map(towns.map((t) => [t.properties.code, t.properties.name]));
  const placed = new Set(assignments.map((a) => a.demand_id));
  const byTown = new Map<string, TownTotals>();
  for (const s of chosen) {
    const p = s.properties;
    let t = byTown.get(p.town_code);
    if (!t) {
      t = { town_code: p.town_code, town_name: townName.get(p.town_code) ?? null, sites: 0, households: 0, residents: 0, placed_residents: 0, unassigned_residents: 0 };
      byTown.set(p.town_code, t);
    }
    t.sites++;
    t.households += p.households;
    t.residents += p.residents;
    if (placed.has(s.id)) t.placed_residents += p.residents;
    else t.unassigned_residents += p.residents;
  }
  return [...byTown.values()].sort((a, b) => a.town_code.localeCompare(b.town_code));
}

/** A line from each placed site to its shelter, for the map: its way along the roads when drawn, else straight. */
function evacuationLines(
  assignments: readonly CatchmentAssignment[],
  chosen: readonly RiskSiteFeature[],
  eligible: readonly ShelterFeature[],
  ways: ReadonlyMap<number, AssignmentWay> | null,
): EvacuationPlan['features'] {
  const shelterPos = new Map(eligible.map((s) => [s.id, s.geometry.coordinates]));
  const sitePos = new Map(chosen.map((s) => [s.id, s.geometry.coordinates]));
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return assignments.map((a) => {
    const way = ways?.get(a.demand_id);
    return {
      type: 'Feature' as const,
      id: a.demand_id,
      geometry: { type: 'LineString' as const, coordinates: way ? way.coordinates : [sitePos.get(a.demand_id) as Position, shelterPos.get(a.shelter_id) as Position] },
      properties: {
        demand_id: a.demand_id,
        shelter_id: a.shelter_id,
        residents: a.residents,
        households: a.households,
        distance_m: a.distance_m,
        ...(a.minutes !== undefined ? { minutes: a.minutes } : {}),
        ...(way ? { length_m: r1(way.length_m), offroad_m: r1(way.offroad_m) } : {}),
      },
    };
  });
}

function listOf<F>(x: List<F>): readonly F[] {
  return 'features' in x ? x.features : x;
}
