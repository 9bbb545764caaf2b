/**
 * GeoJSON (RFC 7946) as the service answers it, in zod: the geometries, a Feature with a given
 * properties schema, and a FeatureCollection page. The contracts of every capability build on these.
 */
import { z } from 'zod';

/** Longitude, latitude and, on layers that carry it, the elevation in metres (or x, y in EPSG:3857). */
export const position = z.array(z.number()).min(2).max(3);
const ring = z.array(position);

export const point = z.object({ type: z.literal('Point'), coordinates: position });
export const multiPoint = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) });
export const lineString = z.object({ type: z.literal('LineString'), coordinates: z.array(position) });
export const multiLineString = z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position)) });
export const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) });
export const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) });
const simpleGeometry = z.union([point, multiPoint, lineString, multiLineString, polygon, multiPolygon]);
export const geometryCollection = z.object({ type: z.literal('GeometryCollection'), geometries: z.array(simpleGeometry) });
export const geometry = z.union([simpleGeometry, geometryCollection]);
export type Geometry = z.infer<typeof geometry>;

const n = z.number();
/** west, south, east, north (and the lowest and highest elevation when there are six). */
export const bbox = z.union([z.tuple([n, n, n, n]), z.tuple([n, n, n, n, n, n])]);

/** An OGC link. */
export const link = z.object({ href: z.string(), rel: z.string(), type: z.string().optional(), title: z.string().optional(), templated: z.boolean().optional(), hreflang: z.string().optional() });
export type Link = z.infer<typeof link>;

/** A Feature whose geometry and properties follow the given schemas. */
export function feature<G extends z.ZodType, P extends z.ZodType>(geom: G, properties: P) {
  return z.object({
    type: z.literal('Feature'),
    id: z.union([z.number(), z.string()]).optional(),
    geometry: geom,
    properties,
    bbox: bbox.optional(),
    links: z.array(link).optional(),
  });
}

/** A FeatureCollection of such features, with the OGC paging fields when it is a page. */
export function featureCollection<F extends z.ZodType>(item: F) {
  return z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(item),
    bbox: bbox.optional(),
    numberMatched: z.number().int().min(0).optional(),
    numberReturned: z.number().int().min(0).optional(),
    timeStamp: z.string().optional(),
    links: z.array(link).optional(),
  });
}

/** Any feature: a geometry (or none) and free properties. */
export const anyFeature = feature(geometry.nullable(), z.record(z.string(), z.unknown()).nullable());
export const anyFeatureCollection = featureCollection(anyFeature);
