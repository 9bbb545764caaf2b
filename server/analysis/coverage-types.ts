/**
 * The shapes of a coverage answer (see coverage.ts): its options and input, the properties of
 * each kind of feature it returns, and the per-town and city figures.
 *
 * @example
 * import type { CoverageResult, UncoveredProps } from './coverage-types.ts';
 */
import type { FeatureCollection, Point, Polygon } from 'geojson';
import type { DepotGapProps } from './coverage-depots.ts';
import type { ProvisionFigures } from './coverage-provision.ts';
import type { ShelterIdentityProps } from './coverage-shelters.ts';
import type { UnsafeShelterProps } from './coverage-unsafe.ts';
import type { Standards } from './standards.ts';
import type { ClosedRoad, ZoneClosure } from './catchment-result.ts';
import type { Travel } from './travel.ts';
import type { AdminLevel, Areal, CityLayers, ShelterStatus, ShelterType, TownProps } from './types.ts';

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
  /** Measure reach by travel along the roads (minutes per shelter type from the standards) instead of radii. */
  travel?: Travel;
}

export interface CoverageInput extends CityLayers {
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
  /** How far beyond the nearest reach: min over usable shelters of distance − radius; null without shelters (and by travel). */
  shortfall_m: number | null;
  /** By travel only: minutes to the quickest shelter, off-road metres of that way, minutes beyond the nearest reach. */
  nearest_minutes?: number | null;
  offroad_m?: number | null;
  shortfall_minutes?: number | null;
}

export interface OverloadedProps extends ShelterIdentityProps {
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
    mode?: 'walk' | 'drive';
    service_minutes?: Record<ShelterType, number>;
  };
  /** By travel: demand that the radii count as covered but the minutes do not. */
  straight_line?: { newly_uncovered_sites: number; newly_uncovered_residents: number; newly_uncovered_villages: number; newly_uncovered_population: number };
  /** The roads a what-if closed. */
  closed_roads?: ClosedRoad[];
  /** The what-if closing every road through the hazard zones of some grades. */
  closed_zones?: ZoneClosure;
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
