/**
 * Shared types for the analysis functions: the properties of each layer as the OGC API serves
 * them (see server/layers), and Feature/FeatureCollection aliases whose `id` is the integer
 * primary key. Analysis code only needs the fields named here; extra properties
 * (version, updated_at, …) pass through untouched.
 *
 * @example
 * import type { RiskSiteCollection, ShelterFeature } from './types.ts';
 */
import type { Feature, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { Grade, Hazard, ShelterStatus, ShelterType } from '../domain/vocabularies.ts';

// ─── enumerations (the domain's vocabularies, and those only the analyses read) ─────────────

export { GRADES, HAZARDS, SHELTER_STATUSES, SHELTER_TYPES } from '../domain/vocabularies.ts';
export type { Grade, Hazard, ShelterStatus, ShelterType } from '../domain/vocabularies.ts';

export type AdminLevel = 'city' | 'town' | 'village';

export const SLOPE_MATERIALS = ['soil', 'weathered_rock', 'rock', 'mixed'] as const;
export type SlopeMaterial = (typeof SLOPE_MATERIALS)[number];

export const RETAINING_STRUCTURES = ['none', 'simple', 'engineered'] as const;
export type RetainingStructure = (typeof RETAINING_STRUCTURES)[number];

export const DEFORMATIONS = ['none', 'minor', 'obvious', 'severe'] as const;
export type Deformation = (typeof DEFORMATIONS)[number];

export const DRAINAGES = ['none', 'poor', 'adequate'] as const;
export type Drainage = (typeof DRAINAGES)[number];

export type RectificationStatus = 'not_started' | 'in_progress' | 'completed' | 'relocated';
export type RectificationMethod = 'retaining_wall' | 'slope_regrading' | 'drainage' | 'relocation' | 'monitoring';

/** Service (responsibility) radius in metres per shelter type, as configured for a deployment. */
export type ServiceRadiusM = Record<ShelterType, number>;

// ─── layer properties ─────────────────────────────────────────────────────────────────────

export interface TownProps {
  code: string;
  name: string;
  name_en?: string | null;
  population?: number | null;
  households?: number | null;
}

export interface VillageProps {
  code: string;
  town_code: string;
  name: string;
  name_en?: string | null;
  population?: number | null;
  households?: number | null;
}

export interface RiskSiteProps {
  code: string;
  town_code: string;
  village?: string | null;
  households: number;
  residents: number;
  /** Survey fields may be missing on a site not yet surveyed (the layer allows null). */
  slope_height_m: number | null;
  slope_angle_deg: number | null;
  distance_to_slope_m: number | null;
  slope_material: SlopeMaterial | null;
  retaining_structure: RetainingStructure | null;
  deformation: Deformation | null;
  drainage: Drainage | null;
  grade?: Grade | null;
  grade_score?: number | null;
  graded_at?: string | null;
  rectification_status?: RectificationStatus;
  rectification_method?: RectificationMethod | null;
  /** Private fields: present only for authorised readers. */
  monitor_name?: string | null;
  monitor_phone?: string | null;
}

export interface ShelterProps {
  code: string;
  name: string;
  town_code?: string | null;
  shelter_type: ShelterType;
  level: AdminLevel;
  capacity: number;
  effective_area_m2?: number | null;
  facilities?: string[] | null;
  status: ShelterStatus;
  contact_name?: string | null;
  contact_phone?: string | null;
}

export interface DepotProps {
  code: string;
  name: string;
  town_code?: string | null;
  tier: AdminLevel;
  /** Item → quantity. */
  inventory?: Record<string, number> | null;
  contact?: string | null;
}

export interface HazardZoneProps {
  code: string;
  name?: string | null;
  hazard: Hazard;
  grade: Grade;
  source?: string | null;
}

// ─── features and collections with an integer id ───────────────────────────────────────────

/** A GeoJSON Feature whose `id` is the layer's integer primary key. */
export type IdFeature<G extends Geometry | null = Geometry, P = Record<string, unknown>> = Feature<G, P> & { id: number };

/** A FeatureCollection of {@link IdFeature}s. */
export interface IdFeatureCollection<G extends Geometry | null = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: IdFeature<G, P>[];
  bbox?: number[];
}

/** Zones and towns are stored as MultiPolygon; Polygon is accepted too (e.g. drawn by hand). */
export type Areal = Polygon | MultiPolygon;

export type TownFeature = IdFeature<Areal, TownProps>;
export type VillageFeature = IdFeature<Point, VillageProps>;
export type RiskSiteFeature = IdFeature<Point, RiskSiteProps>;
export type ShelterFeature = IdFeature<Point, ShelterProps>;
export type DepotFeature = IdFeature<Point, DepotProps>;
export type HazardZoneFeature = IdFeature<Areal, HazardZoneProps>;

export type TownCollection = IdFeatureCollection<Areal, TownProps>;
export type VillageCollection = IdFeatureCollection<Point, VillageProps>;
export type RiskSiteCollection = IdFeatureCollection<Point, RiskSiteProps>;
export type ShelterCollection = IdFeatureCollection<Point, ShelterProps>;
export type DepotCollection = IdFeatureCollection<Point, DepotProps>;
export type HazardZoneCollection = IdFeatureCollection<Areal, HazardZoneProps>;

/** The six layers the city-wide analyses read. */
export interface CityLayers {
  sites: RiskSiteCollection;
  villages: VillageCollection;
  shelters: ShelterCollection;
  depots: DepotCollection;
  zones: HazardZoneCollection;
  towns: TownCollection;
}
