/** Property shapes of the layers; names match the database columns. Features carry no id. */
import type { Feature, LineString, MultiPolygon, Point } from 'geojson';
import type { RoadClass, Surface } from '../../server/routing/road-classes.ts';
import type { LonLat } from './frame.ts';

export const GRADES = ['very_high', 'high', 'medium', 'low'] as const;
export const HAZARDS = ['landslide', 'debris_flow', 'flood', 'waterlogging', 'forest_fire', 'typhoon'] as const;
export const SHELTER_TYPES = ['emergency', 'short_term', 'mid_term', 'long_term'] as const;
export const LEVELS = ['city', 'town', 'village'] as const;

export type Grade = (typeof GRADES)[number];
export type Hazard = (typeof HAZARDS)[number];
export type ShelterType = (typeof SHELTER_TYPES)[number];
export type Level = (typeof LEVELS)[number];

export interface TownProps {
  code: string;
  name: string;
  name_en: string;
  population: number;
  households: number;
}

export interface VillageProps {
  code: string;
  town_code: string;
  name: string;
  name_en: string;
  population: number;
  households: number;
}

export interface RiskSiteProps {
  code: string;
  town_code: string;
  village: string;
  households: number;
  residents: number;
  slope_height_m: number;
  slope_angle_deg: number;
  distance_to_slope_m: number;
  slope_material: 'soil' | 'weathered_rock' | 'rock' | 'mixed';
  retaining_structure: 'none' | 'simple' | 'engineered';
  deformation: 'none' | 'minor' | 'obvious' | 'severe';
  drainage: 'none' | 'poor' | 'adequate';
  grade: Grade | null;
  grade_score: number | null;
  graded_at: string | null;
  rectification_status: 'not_started' | 'in_progress' | 'completed' | 'relocated';
  rectification_method: 'retaining_wall' | 'slope_regrading' | 'drainage' | 'relocation' | 'monitoring' | null;
  monitor_name: string;
  monitor_phone: string;
}

export interface ShelterProps {
  code: string;
  name: string;
  town_code: string;
  shelter_type: ShelterType;
  level: Level;
  capacity: number;
  effective_area_m2: number;
  facilities: string[];
  status: 'open' | 'standby' | 'closed' | 'planned';
  contact_name: string;
  contact_phone: string;
}

export interface DepotProps {
  code: string;
  name: string;
  town_code: string;
  tier: Level;
  inventory: Record<string, number>;
  contact: string;
}

export interface HazardZoneProps {
  code: string;
  name: string;
  hazard: Hazard;
  grade: Grade;
  source: string;
}

export interface RoadProps {
  code: string;
  name: string | null;
  road_class: RoadClass;
  surface: Surface | null;
  oneway: boolean;
  speed_kmh: number | null;
  bridge: boolean;
  ford: boolean;
  closed: boolean;
  closure_reason: string | null;
  /** ISO date (YYYY-MM-DD). */
  closed_until: string | null;
}

export interface Layers {
  towns: Feature<MultiPolygon, TownProps>[];
  villages: Feature<Point, VillageProps>[];
  risk_sites: Feature<Point, RiskSiteProps>[];
  shelters: Feature<Point, ShelterProps>[];
  depots: Feature<Point, DepotProps>[];
  hazard_zones: Feature<MultiPolygon, HazardZoneProps>[];
  roads: Feature<LineString, RoadProps>[];
}

/** What a scale builder returns: the layers and the outline(s) the towns tile. */
export interface Built {
  layers: Layers;
  /** Outlines as written (lon/lat, rounded), one per county. */
  outlines: LonLat[][];
  /** Rivers the roads cross only on bridges and fords (lon/lat, 6 decimals); not written as a layer. */
  rivers: LonLat[][];
}

export type LayerName = keyof Layers;
export const LAYER_NAMES: readonly LayerName[] = ['towns', 'villages', 'risk_sites', 'shelters', 'depots', 'hazard_zones', 'roads'];
