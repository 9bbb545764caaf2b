/**
 * The travel-time engine: pure functions over a road graph in typed arrays (no database, no
 * express). Build the graph once from the roads layer, then ask as many questions as needed.
 */
export * from './road-classes.ts';
export type { LonLat, RoadFeature, RoadProperties, SearchOptions, TravelMode } from './types.ts';
export { TRAVEL_MODES } from './types.ts';
export type { RoadGraph, RoadInfo } from './road-graph.ts';
export { buildRoadGraph } from './build-graph.ts';
export { toblerKmh, toblerSeconds } from './tobler.ts';
export { closureMask, type Closures } from './closures.ts';
export { snapPoint, snapPoints, type Snap } from './snap.ts';
export { searchFromNodes, type NodeSearch, type NodeSearchOptions } from './search.ts';
export { shelterField, type ShelterField, type ShelterFieldOptions } from './shelter-field.ts';
export { nearestShelters, type NearestShelters } from './nearest-shelters.ts';
export { kNearestShelters, type KNearestOptions, type KNearestShelters } from './k-nearest.ts';
export { routeToShelter, type RouteFeature, type RouteProperties } from './route.ts';
export { isochrones, type IsochroneFeature, type IsochroneOptions } from './isochrones.ts';
