/**
 * The queryables of a collection (OGC API – Features Part 3): a JSON Schema of the attributes
 * that its items can be filtered on, which here are the equality query parameters.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { filterableAttributes, timeColumn } from './items-query.ts';
import { attributeSchema } from './json-schema.ts';

export function queryablesSchema(base: string, layer: LayerDefinition) {
  const properties: Record<string, unknown> = {};
  for (const k of filterableAttributes(layer)) properties[k] = attributeSchema(layer.attributes[k], 'json-schema');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/ogc/collections/${layer.id}/queryables`,
    title: `${layer.title.zh} ${layer.title.en}: queryables`,
    description: `Each property is a query parameter of the items (an equality filter); datetime filters on ${timeColumn(layer)}.`,
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
