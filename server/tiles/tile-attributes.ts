/**
 * What a tile carries for a layer: the attributes that are both public and flagged inTiles
 * (what the map styles and labels by). A private attribute never reaches a tile, whoever asks.
 */
import type { Feature, Point } from 'geojson';
import type { LayerGeometry } from '../layers/validate-geometry.ts';
import type { AttributeSpec, LayerDefinition } from '../layers/types.ts';

/** A tile's property values: MVT has strings, numbers and booleans only. */
export type TileValue = string | number | boolean;
export type TileProperties = Record<string, TileValue>;

export interface TileFeature extends Feature<LayerGeometry, TileProperties> {
  id: number;
}

export type PointTileFeature = TileFeature & { geometry: Point };

export function tileAttributes(layer: LayerDefinition): string[] {
  return Object.entries(layer.attributes)
    .filter(([, a]) => a.inTiles === true && a.private !== true)
    .map(([k]) => k);
}

/** TileJSON field types, as Mapbox and MapLibre tooling expect them. */
export function tileFieldType(spec: AttributeSpec): string {
  switch (spec.type) {
    case 'integer':
    case 'number':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    case 'string_list':
    case 'quantity_map':
      return 'String (JSON)';
    default:
      return 'String';
  }
}

/** The fields of the layer in its tiles: `id` (the feature id, also the MVT feature id) and the tile attributes. */
export function tileFields(layer: LayerDefinition): Record<string, string> {
  const fields: Record<string, string> = { id: 'Number' };
  for (const k of tileAttributes(layer)) fields[k] = tileFieldType(layer.attributes[k]);
  return fields;
}

function tileValue(spec: AttributeSpec, v: unknown): TileValue | undefined {
  if (v === null || v === undefined) return undefined;
  // Drivers may hand numbers over as text.
  if ((spec.type === 'integer' || spec.type === 'number') && typeof v === 'string') return Number(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  // Lists and maps travel as JSON text: MVT values are scalars.
  return JSON.stringify(v);
}

/** A row as read for tiles: the id, the tile attributes and the geometry as GeoJSON text. */
export type TileRow = Record<string, unknown> & { id: number; geometry: string };

/** Turns a row into a tile feature: `id` becomes both the feature id and a property. */
export function toTileFeature(layer: LayerDefinition, row: TileRow): TileFeature {
  const properties: TileProperties = { id: row.id };
  for (const k of tileAttributes(layer)) {
    const v = tileValue(layer.attributes[k], row[k]);
    // Nulls are left out: an MVT feature simply lacks the key.
    if (v !== undefined) properties[k] = v;
  }
  return { type: 'Feature', id: row.id, geometry: JSON.parse(row.geometry) as LayerGeometry, properties };
}
