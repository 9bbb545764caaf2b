/**
 * Coverage gaps of the shelter and depot network, for planners.
 *
 * - **uncovered**: demand (risk sites by residents, villages by population) beyond the service
 *   radius of every usable shelter (status in `usable_statuses`; radius by shelter type).
 * - **overloaded**: shelters whose nearest-shelter load exceeds their capacity; the load sends
 *   each demand point whole to its nearest usable shelter whose radius reaches it (risk-site
 *   residents by default; villages with `loadDemand: 'villages'`: the two are not added, as
 *   risk-site residents live in villages).
 * - **unsafe_shelters**: shelters of any status inside a hazard zone of an unsafe grade.
 * - **depot_gaps**: villages beyond reach of a village-tier depot, towns (from their centroid,
 *   or a point on their surface) beyond reach of a town-tier or city-tier depot.
 * - **gap_areas**: grid cells (`cellSizeM`, 1 km by default) holding uncovered demand, merged
 *   into one polygon per 4-connected group, or one square per cell (`gapAreas: 'cells'`).
 * - **towns**: the town polygons with per-town figures, including shelter places and
 *   effective area per risk-site resident against the standard; **summary**: the same for the
 *   whole city, and the parameters used.
 *
 * Inputs are never mutated; output town features share their geometry objects with the input.
 *
 * @example
 * const res = coverage({ sites, villages, shelters, depots, zones, towns });
 * res.summary.city.uncovered_residents;                 // e.g. 5120
 * res.uncovered.features[0].properties.shortfall_m;      // metres beyond the nearest reach
 */
import type { Feature, Point, Polygon, Position } from 'geojson';
import { depotGaps, type DepotGapResult } from './coverage-depots.ts';
import { gridFor, mergeCells } from './coverage-grid.ts';
import { pct, provision, round } from './coverage-provision.ts';
import { shelterIdentity, usableShelters, type ShelterSet } from './coverage-shelters.ts';
import { townTable } from './coverage-towns.ts';
import type {
  CityCoverageFigures,
  CoverageFigures,
  CoverageInput,
  CoverageResult,
  CoverageSummary,
  DemandKind,
  GapAreaProps,
  OverloadedProps,
  TownCoverageFigures,
  UncoveredProps,
} from './coverage-types.ts';
import { travelProbes, type TravelProbes } from './coverage-travel.ts';
import { unsafeShelters } from './coverage-unsafe.ts';
import { DEFAULT_STANDARDS, serviceMinutes, serviceRadii, type Standards } from './standards.ts';
import { TownTallies } from './town-tallies.ts';
import type { IdFeature } from './types.ts';

export type * from './coverage-types.ts';

/** The properties of risk sites and villages that coverage reads. */
interface DemandLikeProps {
  code?: string;
  town_code?: string | null;
  residents?: number | null;
  population?: number | null;
  households?: number | null;
  name?: string | null;
  village?: string | null;
}

/** Per-town tallies while walking the demand; the last slot collects unassigned items. */
interface Tally {
  sites: number;
  residents: number;
  uncoveredSites: number;
  uncoveredResidents: number;
  villages: number;
  population: number;
  uncoveredVillages: number;
  uncoveredPopulation: number;
  shelters: number[];
  overloaded: number;
  unsafe: number;
  villagesBeyondDepot: number;
  gapCells: Set<number>;
}

const newTally = (): Tally => ({
  sites: 0, residents: 0, uncoveredSites: 0, uncoveredResidents: 0,
  villages: 0, population: 0, uncoveredVillages: 0, uncoveredPopulation: 0,
  shelters: [], overloaded: 0, unsafe: 0, villagesBeyondDepot: 0, gapCells: new Set(),
});

/** The options with their defaults, as the summary reports them. */
type Parameters = Pick<CoverageSummary['parameters'], 'load_demand' | 'cell_size_m' | 'gap_areas' | 'count_unsafe_shelters' | 'higher_tier_depots_serve'>;

export function coverage(input: CoverageInput): CoverageResult {
  const standards = input.standards ?? DEFAULT_STANDARDS;
  const params = parametersOf(input);
  const unsafe = unsafeShelters(input.shelters.features, input.zones.features, standards);
  const set = usableShelters(input.shelters.features, standards, params.count_unsafe_shelters ? undefined : (_f, i) => unsafe.unsafe.has(i));
  const tallies = new TownTallies(townTable(input.towns.features), newTally);

  const demand = walkDemand(input, set, tallies, params.load_demand, standards);
  const overloaded = overloadedShelters(set, demand, tallies);
  for (const f of unsafe.features) tallies.atFeature(f).unsafe++;
  const depots = depotGaps({ villages: input.villages.features, towns: tallies.towns, depots: input.depots.features, standards, higherTierServes: params.higher_tier_depots_serve });
  for (const g of depots.gaps) if (g.properties.kind === 'village') tallies.slots[tallies.slotOf(g.properties.town_code)].villagesBeyondDepot++;
  const gapAreas = gapAreaFeatures(demand.gaps, params.cell_size_m, params.gap_areas, tallies);

  const figures = (t: Tally): CoverageFigures => coverageFigures(t, set, standards);
  const towns = tallies.townFeatures((t, i): CoverageFigures & Omit<TownCoverageFigures, keyof CoverageFigures> => ({ ...figures(t), ...depotReach(depots, i, standards) }));
  const rest = tallies.unassigned;
  const city: CityCoverageFigures = {
    ...figures(tallies.city()),
    towns: towns.length,
    towns_beyond_town_depot: towns.filter((f) => !f.properties.town_depot_ok).length,
    towns_beyond_city_depot: towns.filter((f) => !f.properties.city_depot_ok).length,
    unassigned_sites: rest.sites,
    unassigned_villages: rest.villages,
    unassigned_shelters: rest.shelters.length,
  };

  return {
    uncovered: { type: 'FeatureCollection', features: demand.uncovered },
    overloaded: { type: 'FeatureCollection', features: overloaded },
    unsafe_shelters: { type: 'FeatureCollection', features: unsafe.features },
    depot_gaps: { type: 'FeatureCollection', features: depots.gaps },
    gap_areas: { type: 'FeatureCollection', features: gapAreas },
    towns: { type: 'FeatureCollection', features: towns },
    summary: {
      city,
      parameters: {
        service_radius_m: serviceRadii(standards),
        usable_statuses: [...standards.usable_statuses],
        unsafe_zone_grades: [...standards.unsafe_zone_grades],
        depot_max_distance_m: { ...standards.depot_max_distance_m },
        town_area_reference_type: standards.town_area_reference_type,
        ...params,
        ...(input.options?.travel ? { mode: input.options.travel.mode, service_minutes: serviceMinutes(standards, input.options.travel.mode) } : {}),
      },
      ...(input.options?.travel ? { straight_line: demand.straightLine } : {}),
      counts: {
        sites: input.sites.features.length,
        villages: input.villages.features.length,
        shelters: input.shelters.features.length,
        usable_shelters: set.features.length,
        depots: input.depots.features.length,
        zones: input.zones.features.length,
        towns: towns.length,
      },
    },
  };
}

function parametersOf(input: CoverageInput): Parameters {
  const o = input.options ?? {};
  return {
    load_demand: o.loadDemand ?? 'risk_sites',
    cell_size_m: o.cellSizeM ?? 1000,
    gap_areas: o.gapAreas ?? 'merged',
    count_unsafe_shelters: o.countUnsafeShelters ?? true,
    higher_tier_depots_serve: o.higherTierDepotsServe ?? false,
  };
}

/** What walking the demand finds: the uncovered points, and the nearest-shelter load. */
interface DemandWalk {
  uncovered: Feature<Point, UncoveredProps>[];
  /** Residents and demand points sent to each usable shelter. */
  load: Float64Array;
  loadPoints: Int32Array;
  gaps: GapPoints;
  /** By travel: demand covered by the radii but not within the minutes. */
  straightLine: { newly_uncovered_sites: number; newly_uncovered_residents: number; newly_uncovered_villages: number; newly_uncovered_population: number };
}

/**
 * Every risk site, then every village: counted in its town, sent whole to the nearest usable
 * shelter whose radius reaches it (adding to that shelter's load if it is the load demand),
 * or else reported as uncovered with how far it lies beyond the nearest reach.
 */
function walkDemand(input: CoverageInput, set: ShelterSet, tallies: TownTallies<Tally>, loadDemand: Parameters['load_demand'], standards: Readonly<Standards>): DemandWalk {
  const travel = input.options?.travel;
  const out: DemandWalk = {
    straightLine: { newly_uncovered_sites: 0, newly_uncovered_residents: 0, newly_uncovered_villages: 0, newly_uncovered_population: 0 },
    uncovered: [],
    load: new Float64Array(set.features.length),
    loadPoints: new Int32Array(set.features.length),
    gaps: { lon: [], lat: [], isSite: [], residents: [], slot: [], bbox: [Infinity, Infinity, -Infinity, -Infinity] },
  };
  // Sites and villages go to the same shelters: each search serves both lists.
  const pointsOf = (features: readonly IdFeature<Point | null, DemandLikeProps>[]) => {
    const points: Position[] = [];
    for (const f of features) if (f.geometry?.type === 'Point') points.push(f.geometry.coordinates);
    return points;
  };
  const [siteTimes, villageTimes] = travel ? travelProbes(set, serviceMinutes(standards, travel.mode), travel, [pointsOf(input.sites.features), pointsOf(input.villages.features)]) : [null, null];
  const walk = (features: readonly IdFeature<Point | null, DemandLikeProps>[], kind: DemandKind, byTime: TravelProbes | null): void => {
    const loads = (kind === 'risk_site') === (loadDemand === 'risk_sites');
    let k = -1;
    for (const f of features) {
      if (f.geometry?.type !== 'Point') continue;
      k++;
      const p = f.properties ?? {};
      const [lon, lat] = f.geometry.coordinates;
      const residents = Math.max(0, Number(kind === 'risk_site' ? p.residents : p.population) || 0);
      const townCode = typeof p.town_code === 'string' ? p.town_code : null;
      const slot = tallies.slotOf(townCode);
      const t = tallies.slots[slot];
      if (kind === 'risk_site') {
        t.sites++;
        t.residents += residents;
      } else {
        t.villages++;
        t.population += residents;
      }
      const probe = set.probeInto(lon, lat);
      const coverJ = byTime ? byTime.coverJ[k] : probe.coverJ;
      if (coverJ >= 0) {
        if (loads) {
          out.load[coverJ] += residents;
          out.loadPoints[coverJ]++;
        }
        continue;
      }
      if (byTime && probe.coverJ >= 0) {
        if (kind === 'risk_site') {
          out.straightLine.newly_uncovered_sites++;
          out.straightLine.newly_uncovered_residents += residents;
        } else {
          out.straightLine.newly_uncovered_villages++;
          out.straightLine.newly_uncovered_population += residents;
        }
      }
      if (kind === 'risk_site') {
        t.uncoveredSites++;
        t.uncoveredResidents += residents;
      } else {
        t.uncoveredVillages++;
        t.uncoveredPopulation += residents;
      }
      const nearestJ = byTime ? byTime.nearestJ[k] : probe.nearestJ;
      const near = nearestJ >= 0 ? set.features[nearestJ] : null;
      const properties: UncoveredProps = {
        demand_type: kind,
        source_id: f.id,
        code: String(p.code ?? ''),
        name: kind === 'village' ? (typeof p.name === 'string' ? p.name : null) : typeof p.village === 'string' ? p.village : null,
        town_code: townCode,
        residents,
        households: Math.max(0, Number(p.households) || 0),
        nearest_shelter_id: near ? near.id : null,
        nearest_shelter_code: near ? near.properties.code : null,
        nearest_shelter_type: near ? near.properties.shelter_type : null,
        nearest_distance_m: near ? round(byTime ? byTime.nearestM[k] : probe.nearestD, 1) : null,
        shortfall_m: !byTime && Number.isFinite(probe.shortfall) ? round(probe.shortfall, 1) : null,
      };
      // Added after, not spread in: 90,000 features of a province share one shape, built without a copy each.
      if (byTime) {
        properties.nearest_minutes = near ? round(byTime.nearestMinutes[k], 1) : null;
        properties.offroad_m = near ? round(byTime.nearestOffroadM[k], 1) : null;
        properties.shortfall_minutes = Number.isFinite(byTime.shortfallMinutes[k]) ? round(byTime.shortfallMinutes[k], 1) : null;
      }
      out.uncovered.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties });
      addGapPoint(out.gaps, lon, lat, kind === 'risk_site', residents, slot);
    }
  };
  walk(input.sites.features, 'risk_site', siteTimes);
  walk(input.villages.features, 'village', villageTimes);
  return out;
}

/** Usable shelters, counted in their towns; those whose load exceeds their capacity, as features. */
function overloadedShelters(set: ShelterSet, demand: DemandWalk, tallies: TownTallies<Tally>): Feature<Point, OverloadedProps>[] {
  const { load, loadPoints } = demand;
  const overloaded: Feature<Point, OverloadedProps>[] = [];
  set.features.forEach((s, j) => {
    const t = tallies.atFeature(s);
    t.shelters.push(j);
    if (!(load[j] > set.capacity[j])) return;
    t.overloaded++;
    overloaded.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.geometry.coordinates[0], s.geometry.coordinates[1]] },
      properties: {
        ...shelterIdentity(s),
        capacity: set.capacity[j],
        load: load[j],
        excess: load[j] - set.capacity[j],
        load_ratio: set.capacity[j] > 0 ? round(load[j] / set.capacity[j], 3) : null,
        demand_points: loadPoints[j],
      },
    });
  });
  return overloaded;
}

/** The figures of one tally (a town or the city). */
function coverageFigures(t: Tally, set: ShelterSet, standards: Readonly<Standards>): CoverageFigures {
  return {
    risk_sites: t.sites,
    residents: t.residents,
    uncovered_sites: t.uncoveredSites,
    uncovered_residents: t.uncoveredResidents,
    covered_residents_pct: pct(t.residents - t.uncoveredResidents, t.residents),
    villages: t.villages,
    village_population: t.population,
    uncovered_villages: t.uncoveredVillages,
    uncovered_village_population: t.uncoveredPopulation,
    covered_village_population_pct: pct(t.population - t.uncoveredPopulation, t.population),
    ...provision(t.shelters, set, t.residents, standards),
    overloaded_shelters: t.overloaded,
    unsafe_shelters: t.unsafe,
    villages_beyond_depot: t.villagesBeyondDepot,
    gap_cells: t.gapCells.size,
  };
}

/** A town's distances to its nearest town-tier and city-tier depots, and whether each is near enough. */
function depotReach(depots: DepotGapResult, town: number, standards: Readonly<Standards>): Omit<TownCoverageFigures, keyof CoverageFigures> {
  const townD = depots.townDistance.town[town];
  const cityD = depots.townDistance.city[town];
  const metres = (d: number): number | null => (Number.isFinite(d) ? round(d, 1) : null);
  return {
    town_depot_distance_m: metres(townD),
    city_depot_distance_m: metres(cityD),
    town_depot_ok: townD <= standards.depot_max_distance_m.town,
    city_depot_ok: cityD <= standards.depot_max_distance_m.city,
  };
}

/** Uncovered demand points, as parallel arrays, and their bounding box. */
interface GapPoints {
  lon: number[];
  lat: number[];
  isSite: boolean[];
  residents: number[];
  /** Town slot of each point. */
  slot: number[];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
}

function addGapPoint(points: GapPoints, lon: number, lat: number, isSite: boolean, residents: number, slot: number): void {
  points.lon.push(lon);
  points.lat.push(lat);
  points.isSite.push(isSite);
  points.residents.push(residents);
  points.slot.push(slot);
  const b = points.bbox;
  if (lon < b[0]) b[0] = lon;
  if (lon > b[2]) b[2] = lon;
  if (lat < b[1]) b[1] = lat;
  if (lat > b[3]) b[3] = lat;
}

/**
 * The grid cells holding uncovered demand, merged into one polygon per 4-connected group (or
 * one square per cell), with the demand and the towns in each; each town's tally notes the
 * cells that hold its uncovered points.
 */
function gapAreaFeatures(points: GapPoints, cellSizeM: number, mode: 'merged' | 'cells', tallies: TownTallies<Tally>): Feature<Polygon, GapAreaProps>[] {
  const n = points.lon.length;
  if (n === 0) return [];
  const grid = gridFor(points.bbox, cellSizeM);
  // per cell (in order of first use): sums, and the towns of its points
  const cellOf = new Map<number, number>();
  const keys: number[] = [];
  const residents: number[] = [], sites: number[] = [], population: number[] = [], villages: number[] = [];
  const firstSlot: number[] = [];
  const moreSlots = new Map<number, number[]>(); // cells whose points lie in more than one town
  for (let i = 0; i < n; i++) {
    const key = grid.cellOf(points.lon[i], points.lat[i]);
    let c = cellOf.get(key);
    if (c === undefined) {
      c = keys.length;
      cellOf.set(key, c);
      keys.push(key);
      residents.push(0);
      sites.push(0);
      population.push(0);
      villages.push(0);
      firstSlot.push(-1);
    }
    if (points.isSite[i]) {
      residents[c] += points.residents[i];
      sites[c]++;
    } else {
      population[c] += points.residents[i];
      villages[c]++;
    }
    const slot = points.slot[i];
    if (firstSlot[c] === -1) {
      firstSlot[c] = slot;
      tallies.slots[slot].gapCells.add(key);
    } else if (firstSlot[c] !== slot) {
      const more = moreSlots.get(c);
      if (more?.includes(slot)) continue;
      if (more) more.push(slot);
      else moreSlots.set(c, [slot]);
      tallies.slots[slot].gapCells.add(key);
    }
  }
  const towns = tallies.towns.features;
  const propsOf = (cellKeys: number[], cell?: number): GapAreaProps => {
    let r = 0, s = 0, p = 0, v = 0, area = 0;
    const codes = new Set<string>();
    for (const k of cellKeys) {
      const c = cellOf.get(k) as number;
      r += residents[c];
      s += sites[c];
      p += population[c];
      v += villages[c];
      area += grid.cellAreaKm2(k);
      for (const slot of [firstSlot[c], ...(moreSlots.get(c) ?? [])]) if (slot < towns.length) codes.add(towns[slot].properties.code);
    }
    return {
      cells: cellKeys.length,
      area_km2: round(area, 3),
      uncovered_residents: r,
      uncovered_sites: s,
      uncovered_village_population: p,
      uncovered_villages: v,
      town_codes: [...codes].sort(),
      ...(cell !== undefined ? { cell } : {}),
    };
  };
  if (mode === 'cells') {
    return [...keys].sort((a, b) => a - b).map((k) => ({ type: 'Feature', geometry: grid.cellPolygon(k), properties: propsOf([k], k) }));
  }
  return mergeCells(grid, new Set(keys)).map((m) => ({ type: 'Feature', geometry: m.polygon, properties: propsOf(m.cells) }));
}
