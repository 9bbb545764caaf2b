/** What GET /api/layers answers, in zod: the layer registry for map clients, and the basemap. */
import { z } from 'zod';

const label = z.object({ zh: z.string(), en: z.string() });

export const attributeDescription = z.object({
  name: z.string(),
  title: label,
  type: z.enum(['string', 'enum', 'integer', 'number', 'datetime', 'boolean', 'string_list', 'quantity_map']),
  required: z.boolean(),
  nullable: z.boolean(),
  readOnly: z.boolean(),
  private: z.boolean(),
  filterable: z.boolean(),
  values: z.array(z.string()).optional(),
  labels: z.record(z.string(), label).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().optional(),
  pattern: z.string().optional(),
});
export type AttributeDescriptionAnswer = z.infer<typeof attributeDescription>;

export const layerDescription = z.object({
  id: z.string(),
  title: label,
  description: label,
  geometryType: z.enum(['Point', 'MultiLineString', 'MultiPolygon']),
  labelAttribute: z.string(),
  writable: z.boolean(),
  attributes: z.array(attributeDescription),
});
export type LayerDescriptionAnswer = z.infer<typeof layerDescription>;

export const layersAnswer = z.object({
  layers: z.array(layerDescription),
  basemap: z.object({ url: z.string(), labels_url: z.string().nullable(), attribution: z.string() }).nullable(),
});
export type LayersAnswer = z.infer<typeof layersAnswer>;
