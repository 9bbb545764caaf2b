/**
 * What the analysis routes answer, in zod: each analysis's whole answer (its lists are
 * FeatureCollections or rows), its summary with links to the lists, a page of one list, and the
 * answers of the nearest shelter, a route and isochrones. The planner's client reads these types.
 */
import { z } from 'zod';
import { anyFeature, anyFeatureCollection, feature, featureCollection, geometry, lineString, link, multiPolygon, point } from '../http/geojson-contract.ts';

const props = z.record(z.string(), z.unknown());
const pointCollection = featureCollection(feature(point, props));
const areaCollection = featureCollection(feature(geometry, props));
const closedRoad = z.object({ id: z.number().int(), code: z.string().nullable(), name: z.string().nullable() });

export const assignment = z.looseObject({ demand_id: z.number().int(), demand_type: z.string(), residents: z.number(), households: z.number(), shelter_id: z.number().int(), distance_m: z.number(), within_radius: z.boolean().optional() });
export const unassigned = z.looseObject({ demand_id: z.number().int(), demand_type: z.string(), residents: z.number(), households: z.number(), reason: z.string() });

/** Catchments: one area per shelter, who goes where, who could not be placed. */
export const catchmentAnswer = anyFeatureCollection.extend({
  summary: z.looseObject({ closed_roads: z.array(closedRoad).optional() }),
  assignments: z.array(assignment).optional(),
  unassigned: z.array(unassigned).optional(),
  lines: featureCollection(feature(lineString, props)).optional(),
});
export type CatchmentAnswer = z.infer<typeof catchmentAnswer>;

export const coverageParameters = z.looseObject({
  service_radius_m: z.record(z.string(), z.number()).optional(),
  usable_statuses: z.array(z.string()).optional(),
  unsafe_zone_grades: z.array(z.string()).optional(),
  depot_max_distance_m: z.record(z.string(), z.number()).optional(),
  town_area_reference_type: z.string().optional(),
  cell_size_m: z.number().optional(),
});

/** Coverage: the demand nobody serves, overloaded and unsafe shelters, depot gaps, gap areas, per town. */
export const coverageAnswer = z.looseObject({
  uncovered: pointCollection,
  overloaded: pointCollection,
  unsafe_shelters: pointCollection,
  depot_gaps: pointCollection,
  gap_areas: areaCollection,
  towns: areaCollection,
  summary: z.looseObject({ city: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])), parameters: coverageParameters.optional() }),
});
export type CoverageAnswer = z.infer<typeof coverageAnswer>;

const coverageFigures = z.looseObject({ covered_pct: z.number().optional(), residents_uncovered: z.number().optional() });
/** Siting: suggested sites, best first, with the coverage before and after them. */
export const sitingAnswer = z.looseObject({
  picks: pointCollection,
  candidates: z.looseObject({ total: z.number().optional(), eligible: z.number().optional(), excluded: z.number().optional() }).optional(),
  before: coverageFigures.optional(),
  after: coverageFigures.optional(),
});
export type SitingAnswer = z.infer<typeof sitingAnswer>;

/** Per-town plan indicators and the city's. */
export const indicatorsAnswer = z.looseObject({ towns: areaCollection, city: props });
export type IndicatorsAnswer = z.infer<typeof indicatorsAnswer>;

/** An evacuation plan: its lists (features or rows) and its summary. */
export const evacuationAnswer = z.looseObject({ summary: props });

/** include=summary: the answer without its lists, with a link to a page of each. */
export const summaryLinks = z.looseObject({ links: z.array(link) });
const pageHead = { numberMatched: z.number().int().min(0), numberReturned: z.number().int().min(0), offset: z.number().int().min(0), links: z.array(link) };
/** include=<list>: a page of a list of rows. */
export const rowsPage = z.object({ list: z.string(), ...pageHead, items: z.array(z.unknown()) });
/** include=<list>: a page of a list of features. */
export const featuresPage = z.object({ type: z.literal('FeatureCollection'), ...pageHead, features: z.array(anyFeature) });

/** The nearest usable shelter from a point and the straight (or road) way to it. */
export const nearestShelterAnswer = z.object({
  shelter: feature(point, props).extend({ id: z.number().int() }),
  distance_m: z.number(),
  walking_minutes: z.number(),
  line: feature(lineString, props),
  excluded_unsafe: z.number().int(),
  /** By travel only: the mode, minutes along the way and metres off the roads. */
  mode: z.string().optional(),
  minutes: z.number().optional(),
  offroad_m: z.number().optional(),
});
export type NearestShelterAnswer = z.infer<typeof nearestShelterAnswer>;

/** The way from a point to a shelter along the roads. */
export const routeAnswer = feature(lineString, z.looseObject({
  mode: z.string(), minutes: z.number(), length_m: z.number(), offroad_m: z.number(), roads: z.array(z.string()), shelter_id: z.number().int(), closed_roads: z.array(closedRoad).optional(),
}));
export type RouteAnswer = z.infer<typeof routeAnswer>;

/** Nested areas from which a shelter is reached within each number of minutes, smallest first. */
export const isochronesAnswer = featureCollection(feature(multiPolygon, z.looseObject({ minutes: z.number() }))).extend({
  shelter_id: z.number().int(), mode: z.string(), closed_roads: z.array(closedRoad).optional(),
});
export type IsochronesAnswer = z.infer<typeof isochronesAnswer>;
