/**
 * The queryables of a collection (OGC API – Features Part 3): a JSON Schema of what its items
 * can be filtered on: the attributes that are also equality query parameters, and the geometry,
 * which a CQL2 filter's spatial functions name.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { filterableAttributes, timeColumn } from './items-query.ts';
import { attributeSchema, geometrySchema } from './json-schema.ts';
import { GEOMETRY_QUERYABLE } from './filter-param.ts';

export function queryablesSchema(base: string, layer: LayerDefinition) {
  const properties: Record<string, unknown> = {};
  for (const k of filterableAttributes(layer)) properties[k] = attributeSchema(layer.attributes[k], 'json-schema');
  properties[GEOMETRY_QUERYABLE] = geometrySchema(layer);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/ogc/collections/${layer.id}/queryables`,
    title: `${layer.title.zh} ${layer.title.en}: queryables`,
    description: `Each attribute is a query parameter of the items (an equality filter) and a property of a CQL2 filter (filter=…); ${GEOMETRY_QUERYABLE} is the geometry for S_INTERSECTS, S_WITHIN and the other spatial functions; datetime filters on ${timeColumn(layer)}.`,
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
