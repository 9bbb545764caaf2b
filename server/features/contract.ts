/**
 * What the OGC API – Features routes answer, in zod: the discovery documents, and each layer's
 * features with the properties its registry entry gives them. /ogc/api is generated from these.
 */
import { z } from 'zod';
import type { GeometryType, LayerDefinition } from '../layers/types.ts';
import { feature, featureCollection, lineString, link, multiLineString, multiPolygon, point, polygon } from '../http/geojson-contract.ts';
import { attributeSchema } from '../layers/attribute-schema.ts';

export const landingAnswer = z.object({ title: z.string(), description: z.string(), links: z.array(link) });
export const conformanceAnswer = z.object({ conformsTo: z.array(z.string()) });

export const collectionAnswer = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  crs: z.array(z.string()),
  storageCrs: z.string(),
  extent: z.object({ spatial: z.object({ bbox: z.array(z.array(z.number()).min(4).max(6)), crs: z.string() }) }).optional(),
  links: z.array(link),
});
export type CollectionAnswer = z.infer<typeof collectionAnswer>;
export const collectionsAnswer = z.object({ links: z.array(link), collections: z.array(collectionAnswer) });

/** A JSON Schema document (a collection's schema or queryables). */
export const jsonSchemaAnswer = z.looseObject({
  $schema: z.string().optional(),
  $id: z.string().optional(),
  title: z.string().optional(),
  type: z.literal('object'),
  properties: z.record(z.string(), z.looseObject({})),
});

const GEOMETRIES = { Point: point, MultiLineString: multiLineString, MultiPolygon: multiPolygon } satisfies Record<GeometryType, z.ZodType>;

/**
 * The properties of a layer's feature as answered: every attribute may be left out (private ones for
 * the public, `properties=` choosing some) or null when it was never set; then the service's columns.
 */
export function layerProperties(layer: LayerDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, a] of Object.entries(layer.attributes)) shape[name] = attributeSchema({ ...a, nullable: true }).optional();
  return z.object({
    ...shape,
    version: z.number().int().min(1).optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
    updated_by: z.string().nullable().optional(),
  });
}

/** The geometry a write takes: the layer's type, or its single-part form (stored as the multi-part one). */
const WRITE_GEOMETRIES = {
  Point: point,
  MultiLineString: z.union([lineString, multiLineString]),
  MultiPolygon: z.union([polygon, multiPolygon]),
} satisfies Record<GeometryType, z.ZodType>;
export const writeGeometry = (layer: LayerDefinition) => WRITE_GEOMETRIES[layer.geometryType];

/** One feature of the layer, as GET …/items/{id} and the writes answer it. */
export const layerFeature = (layer: LayerDefinition) => feature(GEOMETRIES[layer.geometryType], layerProperties(layer));

/** A page of the layer's items (skipGeometry=true leaves the geometry null). */
export const layerItems = (layer: LayerDefinition) => featureCollection(feature(GEOMETRIES[layer.geometryType].nullable(), layerProperties(layer)));

/** What a feature answer of any layer holds, for clients that read several layers. */
export const storedFeature = feature(z.union([point, multiLineString, multiPolygon]), z.record(z.string(), z.unknown()));
export type StoredFeatureAnswer = z.infer<typeof storedFeature>;
