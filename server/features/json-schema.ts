/** JSON Schema of a layer's features (OGC API – Features Part 5), derived from the registry. */
import type { AttributeSpec, LayerDefinition } from '../layers/types.ts';

/** JSON Schema 2020-12 for /schema; OpenAPI 3.0's dialect (nullable, no $schema) for /ogc/api. */
export type SchemaDialect = 'json-schema' | 'openapi-3.0';

export function attributeSchema(a: AttributeSpec, dialect: SchemaDialect): Record<string, unknown> {
  const s: Record<string, unknown> = { title: a.title.zh, description: a.title.en };
  switch (a.type) {
    case 'string':
      Object.assign(s, { type: 'string' }, a.maxLength ? { maxLength: a.maxLength } : {}, a.pattern ? { pattern: a.pattern } : {});
      break;
    case 'enum':
      Object.assign(s, { type: 'string', enum: [...a.values] });
      break;
    case 'integer':
    case 'number':
      Object.assign(s, { type: a.type }, a.min !== undefined ? { minimum: a.min } : {}, a.max !== undefined ? { maximum: a.max } : {});
      break;
    case 'datetime':
      Object.assign(s, { type: 'string', format: 'date-time' });
      break;
    case 'boolean':
      Object.assign(s, { type: 'boolean' });
      break;
    case 'string_list':
      Object.assign(s, { type: 'array', items: { type: 'string' } });
      break;
    case 'quantity_map':
      Object.assign(s, { type: 'object', additionalProperties: { type: 'number', minimum: 0 } });
      break;
  }
  if (a.nullable) {
    if (dialect === 'openapi-3.0') s.nullable = true;
    else s.type = [s.type as string, 'null'];
    // An enum lists every allowed value, so a value that may be absent lists null too (JSON Schema);
    // OpenAPI 3.0's `nullable` already allows it, and a null beside `type: string` breaks its validators.
    if (Array.isArray(s.enum) && dialect === 'json-schema') s.enum = [...(s.enum as unknown[]), null];
  }
  if (a.readOnly) s.readOnly = true;
  if (a.private) s['x-onemap-private'] = true;
  return s;
}

/** Part 5's geometry formats, per layer geometry type. */
const GEOMETRY_FORMATS: Record<LayerDefinition['geometryType'], string> = {
  Point: 'geometry-point',
  MultiLineString: 'geometry-multilinestring',
  MultiPolygon: 'geometry-multipolygon',
};

/** The geometry as a Part 5 property (the schema and the queryables both list it). */
export const geometrySchema = (layer: LayerDefinition) => ({ 'x-ogc-role': 'primary-geometry', format: GEOMETRY_FORMATS[layer.geometryType] });

export function layerSchema(base: string, layer: LayerDefinition, includePrivate: boolean, dialect: SchemaDialect = 'json-schema') {
  const properties: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(layer.attributes)) {
    if (a.private && !includePrivate) continue;
    properties[k] = attributeSchema(a, dialect);
  }
  // Part 5 lists the geometry among the feature's properties; an OpenAPI body keeps it beside them.
  if (dialect === 'json-schema') {
    properties.geometry = geometrySchema(layer);
  }
  properties.version = { type: 'integer', readOnly: true, description: 'bumped by every write; the ETag' };
  properties.created_at = { type: 'string', format: 'date-time', readOnly: true };
  properties.updated_at = { type: 'string', format: 'date-time', readOnly: true };
  properties.updated_by = dialect === 'openapi-3.0' ? { type: 'string', nullable: true, readOnly: true } : { type: ['string', 'null'], readOnly: true };
  const header = dialect === 'openapi-3.0' ? {} : { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `${base}/ogc/collections/${layer.id}/schema` };
  return {
    ...header,
    title: `${layer.title.zh} ${layer.title.en}`,
    type: 'object',
    required: Object.entries(layer.attributes).filter(([, a]) => a.required).map(([k]) => k),
    properties,
    additionalProperties: false,
    'x-onemap-geometry': layer.geometryType,
  };
}
