/**
 * Road classes, surfaces and the default travel speeds of the road network: the one place the
 * roads layer, the graph builder and the web legend read them from.
 *
 * Driving speeds follow the design speeds of China's highway standard JTG B01-2014 (公路工程技术标准,
 * table 3.6.1: expressway 80–120 km/h, class-1 60–100, class-2 40–80, class-3 30–40, class-4 20–30),
 * taking the lower, mountain-terrain end because Xinyi is hill country. Which technical grade a class
 * of road usually has (national ≈ class 1–2, provincial ≈ class 2, county ≈ class 3, township and
 * village ≈ class 4), the slow-down on gravel and earth, the track speed and the ford penalties are
 * assumptions of ours, to be tuned by a deployment.
 *
 * @example
 * driveSpeedKmh({ road_class: 'county', surface: 'gravel' }); // 30
 * isWalkable('expressway'); // false
 */

export { ROAD_CLASSES, ROAD_CLASS_LABELS, SURFACES, SURFACE_LABELS, type RoadClass, type Surface } from '../domain/vocabularies.ts';
import { ROAD_CLASSES, type RoadClass, type Surface } from '../domain/vocabularies.ts';

/** Default driving speed, km/h, by class and surface; 0 = not drivable. */
export const DRIVE_SPEED_KMH: Readonly<Record<RoadClass, Readonly<Record<Surface, number>>>> = {
  expressway: { paved: 100, gravel: 100, earth: 100 },
  national: { paved: 60, gravel: 40, earth: 30 },
  provincial: { paved: 50, gravel: 35, earth: 25 },
  county: { paved: 40, gravel: 30, earth: 20 },
  township: { paved: 30, gravel: 25, earth: 20 },
  village: { paved: 25, gravel: 20, earth: 15 },
  track: { paved: 15, gravel: 15, earth: 10 },
  footpath: { paved: 0, gravel: 0, earth: 0 },
};

/** Surface assumed when a road has none: tracks and footpaths are earth, everything else paved. */
export function defaultSurface(roadClass: RoadClass): Surface {
  return roadClass === 'track' || roadClass === 'footpath' ? 'earth' : 'paved';
}

/** Pedestrians may not use expressways (Road Traffic Safety Law, art. 67); every other class is walkable. */
export function isWalkable(roadClass: RoadClass): boolean {
  return roadClass !== 'expressway';
}

export function isDrivable(roadClass: RoadClass): boolean {
  return roadClass !== 'footpath';
}

/** Off-road walking speed, km/h: cross-country to and from the network (about half of Tobler's 5 km/h on a path). */
export const OFFROAD_WALK_KMH = 2.5;

/** A ford is waded at half the walking speed, and driven through at most at this speed (assumptions). */
export const FORD_WALK_FACTOR = 0.5;
export const FORD_DRIVE_KMH = 10;

export interface SpeedInput {
  road_class: RoadClass;
  surface?: Surface | null;
  speed_kmh?: number | null;
  ford?: boolean;
}

/** Driving speed of one road, km/h (0 = not drivable): its own override, else the class-and-surface default. */
export function driveSpeedKmh(road: SpeedInput): number {
  if (!isDrivable(road.road_class)) return 0;
  const base = road.speed_kmh != null && road.speed_kmh > 0 ? road.speed_kmh : DRIVE_SPEED_KMH[road.road_class][road.surface ?? defaultSurface(road.road_class)];
  return road.ford ? Math.min(base, FORD_DRIVE_KMH) : base;
}

export function isRoadClass(value: unknown): value is RoadClass {
  return typeof value === 'string' && (ROAD_CLASSES as readonly string[]).includes(value);
}
