/** Shapes shared by the routing modules: road features in, travel modes and positions. */
import type { Feature, LineString, MultiLineString } from 'geojson';
import type { RoadClass, Surface } from './road-classes.ts';

/** Attributes the engine reads from a road (a feature may carry others; they are ignored). */
export interface RoadProperties {
  id?: number;
  code?: string;
  name?: string | null;
  road_class: RoadClass;
  surface?: Surface | null;
  oneway?: boolean;
  /** Driving speed override, km/h. */
  speed_kmh?: number | null;
  bridge?: boolean;
  ford?: boolean;
  closed?: boolean;
}

/** A road: [lon, lat] or [lon, lat, elevation m] positions; without elevations a road is flat. */
export type RoadFeature = Feature<LineString | MultiLineString, RoadProperties>;

/**
 * How costs are counted: `walk` in seconds by Tobler's function, `drive` in seconds by road speed,
 * `length` in metres over the walkable network (the yardstick pgRouting can compute too).
 */
export type TravelMode = 'walk' | 'drive' | 'length';
export const TRAVEL_MODES: readonly TravelMode[] = ['walk', 'drive', 'length'];

/** [lon, lat] (a third value is ignored). */
export type LonLat = readonly number[];

export interface SearchOptions {
  mode: TravelMode;
  /** What-if mask from `closureMask`: 1 = the edge is impassable. */
  blocked?: Uint8Array | null;
  /** Off-road walking speed, km/h, to and from the network (default 2.5). */
  offroadKmh?: number;
}
