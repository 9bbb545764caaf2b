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
 * 4. Shelters to open: the used shelters whose status is standby.
 * 5. Supplies: the nearest depot (geodesic) to each used shelter.
 * 6. Totals per town (by the sites' town_code) and overall.
 *
 * The features are straight lines from each site to its shelter, for the map.
 *
 * @example
 * const plan = evacuationPlan({ warningArea, sites, shelters, depots, zones, towns,
 *   hazard: 'landslide', minGrade: 'high', serviceRadiusM });
 * plan.summary.residents;          // residents to move
 * plan.shelters_to_open;           // ids of standby shelters to open
 */
import type { Feature, LineString, Position } from 'geojson';
import { assignWithCapacity } from './capacity-assign.ts';
import { assembleCatchments, radiusFor, type CatchmentAssignment, type CatchmentUnassigned } from './catchment-result.ts';
import { demandPoints } from './demand-points.ts';
import { nearestIndex } from './nearest-index.ts';
import { areaTest, polygonIndex } from './point-in-polygon.ts';
import { shelterCandidates } from './shelter-candidates.ts';
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
  reach_m: number;
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
  reach: { radius_factor: number } | { max_distance_m: number };
}

export interface EvacuationPlan {
  type: 'FeatureCollection';
  features: (Feature<LineString, { demand_id: number; shelter_id: number; residents: number; households: number; distance_m: number }> & { id: number })[];
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
  const area: Areal = 'geometry' in input.warningArea ? input.warningArea.geometry : input.warningArea;
  const sites = listOf(input.sites);
  const shelters = listOf(input.shelters);
  const depots = listOf(input.depots);
  const zones = listOf(input.zones);
  const towns = listOf(input.towns);
  const inWarningArea = areaTest(area);
  const inArea = (p: Position): boolean => inWarningArea(p[0], p[1]);
  const zoneIndex = polygonIndex(zones);
  const zonesAt = (p: Position): HazardZoneFeature[] => zoneIndex.containing(p[0], p[1]).map((k) => zones[k]);
  const minRank = input.minGrade ? GRADES.indexOf(input.minGrade) : GRADES.length;
  if (input.minGrade && minRank < 0) throw new RangeError(`evacuationPlan: unknown grade "${input.minGrade}"`);
  if (input.hazard && !HAZARDS.includes(input.hazard)) throw new RangeError(`evacuationPlan: unknown hazard "${input.hazard}"`);

  // 1. sites to evacuate
  let skippedUngraded = 0;
  const chosen: RiskSiteFeature[] = [];
  for (const s of sites) {
    const p = s.properties;
    if (p.rectification_status === 'relocated') continue;
    if (!inArea(s.geometry.coordinates)) continue;
    if (input.minGrade) {
      if (!p.grade) {
        skippedUngraded++;
        continue;
      }
      if (GRADES.indexOf(p.grade) > minRank) continue;
    }
    if (input.hazard && !zonesAt(s.geometry.coordinates).some((z) => z.properties.hazard === input.hazard)) continue;
    chosen.push(s);
  }

  // 2. safe shelters
  const unsafeHazards = new Set<Hazard>(input.unsafeZoneHazards ?? HAZARDS);
  const eligible: ShelterFeature[] = [];
  const excluded: ExcludedShelter[] = [];
  for (const s of shelters) {
    const p = s.properties;
    if (p.status !== 'open' && p.status !== 'standby') {
      excluded.push({ shelter_id: s.id, code: p.code, reason: 'not_open_or_standby' });
      continue;
    }
    if (inArea(s.geometry.coordinates)) {
      excluded.push({ shelter_id: s.id, code: p.code, reason: 'in_warning_area' });
      continue;
    }
    const unsafe = zonesAt(s.geometry.coordinates)
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

  // 3. assignment within the evacuation reach
  const factor = input.radiusFactor ?? 2;
  const reach = Float64Array.from(eligible, (s) => input.maxDistanceM ?? factor * radiusFor(s, input.serviceRadiusM));
  const d = demandPoints(chosen, 'risk_site');
  const index = nearestIndex(eligible);
  const cands = shelterCandidates(d, index, reach);
  const res = assignWithCapacity({ residents: d.residents, capacity: eligible.map((s) => s.properties.capacity), candidates: cands });
  const assembled = assembleCatchments(d, eligible, res.shelter, res.distance, reach, (i) => cands.start[i + 1] === cands.start[i], 'capacity');

  // 4–5. shelters used, to open, and their nearest depots
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
      reach_m: reach[j],
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

  // 6. totals per town
  const townName = new Map(towns.map((t) => [t.properties.code, t.properties.name]));
  const placedOf = new Map<number, number>();
  for (const a of assembled.assignments) placedOf.set(a.demand_id, a.residents);
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
    if (placedOf.has(s.id)) t.placed_residents += p.residents;
    else t.unassigned_residents += p.residents;
  }

  const shelterPos = new Map(eligible.map((s) => [s.id, s.geometry.coordinates]));
  const sitePos = new Map(chosen.map((s) => [s.id, s.geometry.coordinates]));
  const features = assembled.assignments.map((a) => ({
    type: 'Feature' as const,
    id: a.demand_id,
    geometry: { type: 'LineString' as const, coordinates: [sitePos.get(a.demand_id) as Position, shelterPos.get(a.shelter_id) as Position] },
    properties: { demand_id: a.demand_id, shelter_id: a.shelter_id, residents: a.residents, households: a.households, distance_m: a.distance_m },
  }));
  const toOpen = used.filter((s) => s.open_required).map((s) => s.shelter_id);
  const sum = assembled.summary;
  return {
    type: 'FeatureCollection',
    features,
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
    towns: [...byTown.values()].sort((a, b) => a.town_code.localeCompare(b.town_code)),
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
      reach: input.maxDistanceM !== undefined ? { max_distance_m: input.maxDistanceM } : { radius_factor: factor },
    },
  };
}

function listOf<F>(x: List<F>): readonly F[] {
  return 'features' in x ? x.features : x;
}
