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
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { depotGaps, type DepotGapProps } from './coverage-depots.ts';
import { gridFor, mergeCells } from './coverage-grid.ts';
import { pct, provision, round, type ProvisionFigures } from './coverage-provision.ts';
import { usableShelters } from './coverage-shelters.ts';
import { townTable, type TownTable } from './coverage-towns.ts';
import { unsafeShelters, type UnsafeShelterProps } from './coverage-unsafe.ts';
import { DEFAULT_STANDARDS, serviceRadii, type Standards } from './standards.ts';
import type {
  AdminLevel,
  Areal,
  DepotCollection,
  HazardZoneCollection,
  IdFeature,
  RiskSiteCollection,
  ShelterCollection,
  ShelterStatus,
  ShelterType,
  TownCollection,
  TownProps,
  VillageCollection,
} from './types.ts';

export type { DepotGapProps } from './coverage-depots.ts';
export type { UnsafeShelterProps } from './coverage-unsafe.ts';
export type { ProvisionFigures } from './coverage-provision.ts';

export type DemandKind = 'risk_site' | 'village';

export interface CoverageOptions {
  /** Edge of a gap-grid cell, metres (default 1000). */
  cellSizeM?: number;
  /** 'merged' (default): one polygon per connected gap area; 'cells': one square per cell. */
  gapAreas?: 'merged' | 'cells';
  /** Demand that loads shelters (default 'risk_sites'). */
  loadDemand?: 'risk_sites' | 'villages';
  /** Count a usable shelter inside an unsafe zone as covering (default true: status alone decides). */
  countUnsafeShelters?: boolean;
  /** A depot of a higher tier also meets a lower tier's need (default false). */
  higherTierDepotsServe?: boolean;
}

export interface CoverageInput {
  sites: RiskSiteCollection;
  villages: VillageCollection;
  shelters: ShelterCollection;
  depots: DepotCollection;
  zones: HazardZoneCollection;
  towns: TownCollection;
  /** Defaults to {@link DEFAULT_STANDARDS}. */
  standards?: Readonly<Standards>;
  options?: CoverageOptions;
}

export interface UncoveredProps {
  demand_type: DemandKind;
  source_id: number;
  code: string;
  name: string | null;
  town_code: string | null;
  /** Risk-site residents, or village population. */
  residents: number;
  households: number;
  nearest_shelter_id: number | null;
  nearest_shelter_code: string | null;
  nearest_shelter_type: ShelterType | null;
  nearest_distance_m: number | null;
  /** How far beyond the nearest reach: min over usable shelters of distance − radius; null without shelters. */
  shortfall_m: number | null;
}

export interface OverloadedProps {
  source_id: number;
  code: string;
  name: string;
  town_code: string | null;
  shelter_type: ShelterType;
  status: ShelterStatus;
  capacity: number;
  load: number;
  excess: number;
  /** load ÷ capacity; null for a shelter with no places. */
  load_ratio: number | null;
  demand_points: number;
}

export interface GapAreaProps {
  cells: number;
  area_km2: number;
  uncovered_residents: number;
  uncovered_sites: number;
  uncovered_village_population: number;
  uncovered_villages: number;
  town_codes: string[];
  /** Grid key of the cell ('cells' mode only). */
  cell?: number;
}

export interface CoverageFigures extends ProvisionFigures {
  risk_sites: number;
  residents: number;
  uncovered_sites: number;
  uncovered_residents: number;
  covered_residents_pct: number | null;
  villages: number;
  village_population: number;
  uncovered_villages: number;
  uncovered_village_population: number;
  covered_village_population_pct: number | null;
  overloaded_shelters: number;
  /** Shelters of any status in an unsafe zone. */
  unsafe_shelters: number;
  villages_beyond_depot: number;
  gap_cells: number;
}

export interface TownCoverageFigures extends CoverageFigures {
  town_depot_distance_m: number | null;
  city_depot_distance_m: number | null;
  town_depot_ok: boolean;
  city_depot_ok: boolean;
}

export interface CityCoverageFigures extends CoverageFigures {
  towns: number;
  towns_beyond_town_depot: number;
  towns_beyond_city_depot: number;
  /** Demand points and shelters whose town_code names no town (counted in the city only). */
  unassigned_sites: number;
  unassigned_villages: number;
  unassigned_shelters: number;
}

export interface CoverageSummary {
  city: CityCoverageFigures;
  parameters: {
    service_radius_m: Record<ShelterType, number>;
    usable_statuses: ShelterStatus[];
    unsafe_zone_grades: Standards['unsafe_zone_grades'];
    depot_max_distance_m: Record<AdminLevel, number>;
    town_area_reference_type: ShelterType;
    load_demand: 'risk_sites' | 'villages';
    cell_size_m: number;
    gap_areas: 'merged' | 'cells';
    count_unsafe_shelters: boolean;
    higher_tier_depots_serve: boolean;
  };
  counts: { sites: number; villages: number; shelters: number; usable_shelters: number; depots: number; zones: number; towns: number };
}

export interface CoverageResult {
  uncovered: FeatureCollection<Point, UncoveredProps>;
  overloaded: FeatureCollection<Point, OverloadedProps>;
  unsafe_shelters: FeatureCollection<Point, UnsafeShelterProps>;
  depot_gaps: FeatureCollection<Point, DepotGapProps>;
  gap_areas: FeatureCollection<Polygon, GapAreaProps>;
  towns: FeatureCollection<Areal, TownProps & TownCoverageFigures>;
  summary: CoverageSummary;
}

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

export function coverage(input: CoverageInput): CoverageResult {
  const standards = input.standards ?? DEFAULT_STANDARDS;
  const o = input.options ?? {};
  const cellSizeM = o.cellSizeM ?? 1000;
  const gapMode = o.gapAreas ?? 'merged';
  const loadDemand = o.loadDemand ?? 'risk_sites';
  const countUnsafe = o.countUnsafeShelters ?? true;
  const higherTier = o.higherTierDepotsServe ?? false;

  const shelters = input.shelters.features;
  const unsafe = unsafeShelters(shelters, input.zones.features, standards);
  const set = usableShelters(shelters, standards, countUnsafe ? undefined : (_f, i) => unsafe.unsafe.has(i));
  const towns = townTable(input.towns.features);
  const T = towns.features.length;
  const tallies: Tally[] = Array.from({ length: T + 1 }, newTally);
  const slotOf = (code: unknown): number => towns.slotOf(code);

  // ── demand: coverage and nearest-shelter load ──
  const uncovered: Feature<Point, UncoveredProps>[] = [];
  const load = new Float64Array(set.features.length);
  const loadPoints = new Int32Array(set.features.length);
  const gapPoints: GapPoints = { lon: [], lat: [], isSite: [], residents: [], slot: [] };
  let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;

  const walk = (features: readonly IdFeature<Point | null, DemandLikeProps>[], kind: DemandKind): void => {
    const loads = (kind === 'risk_site') === (loadDemand === 'risk_sites');
    for (const f of features) {
      if (f.geometry?.type !== 'Point') continue;
      const p = f.properties ?? {};
      const [lon, lat] = f.geometry.coordinates;
      const residents = Math.max(0, Number(kind === 'risk_site' ? p.residents : p.population) || 0);
      const townCode = typeof p.town_code === 'string' ? p.town_code : null;
      const slot = slotOf(townCode);
      const t = tallies[slot];
      if (kind === 'risk_site') {
        t.sites++;
        t.residents += residents;
      } else {
        t.villages++;
        t.population += residents;
      }
      const probe = set.probeInto(lon, lat);
      if (probe.coverJ >= 0) {
        if (loads) {
          load[probe.coverJ] += residents;
          loadPoints[probe.coverJ]++;
        }
        continue;
      }
      if (kind === 'risk_site') {
        t.uncoveredSites++;
        t.uncoveredResidents += residents;
      } else {
        t.uncoveredVillages++;
        t.uncoveredPopulation += residents;
      }
      const near = probe.nearestJ >= 0 ? set.features[probe.nearestJ] : null;
      uncovered.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: {
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
          nearest_distance_m: near ? round(probe.nearestD, 1) : null,
          shortfall_m: Number.isFinite(probe.shortfall) ? round(probe.shortfall, 1) : null,
        },
      });
      gapPoints.lon.push(lon);
      gapPoints.lat.push(lat);
      gapPoints.isSite.push(kind === 'risk_site');
      gapPoints.residents.push(residents);
      gapPoints.slot.push(slot);
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  };
  walk(input.sites.features, 'risk_site');
  walk(input.villages.features, 'village');

  // ── shelters: town of each, overload ──
  const townOfShelter = set.features.map((s) => towns.slotOf(s.properties.town_code, s.geometry.coordinates[0], s.geometry.coordinates[1]));
  const overloaded: Feature<Point, OverloadedProps>[] = [];
  set.features.forEach((s, j) => {
    tallies[townOfShelter[j]].shelters.push(j);
    if (!(load[j] > set.capacity[j])) return;
    tallies[townOfShelter[j]].overloaded++;
    overloaded.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.geometry.coordinates[0], s.geometry.coordinates[1]] },
      properties: {
        source_id: s.id,
        code: s.properties.code,
        name: s.properties.name,
        town_code: s.properties.town_code ?? null,
        shelter_type: s.properties.shelter_type,
        status: s.properties.status,
        capacity: set.capacity[j],
        load: load[j],
        excess: load[j] - set.capacity[j],
        load_ratio: set.capacity[j] > 0 ? round(load[j] / set.capacity[j], 3) : null,
        demand_points: loadPoints[j],
      },
    });
  });
  for (const f of unsafe.features) tallies[towns.slotOf(f.properties.town_code, f.geometry.coordinates[0], f.geometry.coordinates[1])].unsafe++;

  // ── depots ──
  const depots = depotGaps({ villages: input.villages.features, towns, depots: input.depots.features, standards, higherTierServes: higherTier });
  for (const g of depots.gaps) if (g.properties.kind === 'village') tallies[slotOf(g.properties.town_code)].villagesBeyondDepot++;

  // ── gap areas ──
  const gapAreas = gapAreaFeatures(gapPoints, [minLon, minLat, maxLon, maxLat], cellSizeM, gapMode, towns, tallies);

  // ── per town and city ──
  const figures = (t: Tally): CoverageFigures => ({
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
  });
  const dist = (d: number): number | null => (Number.isFinite(d) ? round(d, 1) : null);
  const townFeatures = towns.features.map((tf, i) => {
    const townD = depots.townDistance.town[i];
    const cityD = depots.townDistance.city[i];
    return {
      type: 'Feature' as const,
      id: tf.id,
      geometry: tf.geometry,
      properties: {
        ...pickTownProps(tf.properties),
        ...figures(tallies[i]),
        town_depot_distance_m: dist(townD),
        city_depot_distance_m: dist(cityD),
        town_depot_ok: townD <= standards.depot_max_distance_m.town,
        city_depot_ok: cityD <= standards.depot_max_distance_m.city,
      },
    };
  });

  const all = newTally();
  for (const t of tallies) {
    all.sites += t.sites;
    all.residents += t.residents;
    all.uncoveredSites += t.uncoveredSites;
    all.uncoveredResidents += t.uncoveredResidents;
    all.villages += t.villages;
    all.population += t.population;
    all.uncoveredVillages += t.uncoveredVillages;
    all.uncoveredPopulation += t.uncoveredPopulation;
    all.shelters.push(...t.shelters);
    all.overloaded += t.overloaded;
    all.unsafe += t.unsafe;
    all.villagesBeyondDepot += t.villagesBeyondDepot;
  }
  const cityCells = new Set<number>();
  for (const t of tallies) for (const c of t.gapCells) cityCells.add(c);
  all.gapCells = cityCells;
  const rest = tallies[T];
  const city: CityCoverageFigures = {
    ...figures(all),
    towns: T,
    towns_beyond_town_depot: townFeatures.filter((f) => !f.properties.town_depot_ok).length,
    towns_beyond_city_depot: townFeatures.filter((f) => !f.properties.city_depot_ok).length,
    unassigned_sites: rest.sites,
    unassigned_villages: rest.villages,
    unassigned_shelters: rest.shelters.length,
  };

  return {
    uncovered: { type: 'FeatureCollection', features: uncovered },
    overloaded: { type: 'FeatureCollection', features: overloaded },
    unsafe_shelters: { type: 'FeatureCollection', features: unsafe.features },
    depot_gaps: { type: 'FeatureCollection', features: depots.gaps },
    gap_areas: { type: 'FeatureCollection', features: gapAreas },
    towns: { type: 'FeatureCollection', features: townFeatures },
    summary: {
      city,
      parameters: {
        service_radius_m: serviceRadii(standards),
        usable_statuses: [...standards.usable_statuses],
        unsafe_zone_grades: [...standards.unsafe_zone_grades],
        depot_max_distance_m: { ...standards.depot_max_distance_m },
        town_area_reference_type: standards.town_area_reference_type,
        load_demand: loadDemand,
        cell_size_m: cellSizeM,
        gap_areas: gapMode,
        count_unsafe_shelters: countUnsafe,
        higher_tier_depots_serve: higherTier,
      },
      counts: {
        sites: input.sites.features.length,
        villages: input.villages.features.length,
        shelters: shelters.length,
        usable_shelters: set.features.length,
        depots: input.depots.features.length,
        zones: input.zones.features.length,
        towns: T,
      },
    },
  };
}

function pickTownProps(p: TownProps): TownProps {
  return { code: p.code, name: p.name, name_en: p.name_en ?? null, population: p.population ?? null, households: p.households ?? null };
}

/** Uncovered demand points, as parallel arrays. */
interface GapPoints {
  lon: number[];
  lat: number[];
  isSite: boolean[];
  residents: number[];
  slot: number[];
}

function gapAreaFeatures(
  points: GapPoints,
  bbox: [number, number, number, number],
  cellSizeM: number,
  mode: 'merged' | 'cells',
  towns: TownTable,
  tallies: Tally[],
): Feature<Polygon, GapAreaProps>[] {
  const n = points.lon.length;
  if (n === 0) return [];
  const grid = gridFor(bbox, cellSizeM);
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
      tallies[slot].gapCells.add(key);
    } else if (firstSlot[c] !== slot) {
      const more = moreSlots.get(c);
      if (more?.includes(slot)) continue;
      if (more) more.push(slot);
      else moreSlots.set(c, [slot]);
      tallies[slot].gapCells.add(key);
    }
  }
  const T = towns.features.length;
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
      for (const slot of [firstSlot[c], ...(moreSlots.get(c) ?? [])]) if (slot < T) codes.add(towns.features[slot].properties.code);
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
