/**
 * TileJSON 3.0.0 documents for a layer's tiles and for the combined "onemap" tiles: the URL
 * template, each MVT layer with its fields, the data's bounds and the zoom range.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { CLUSTER_MAX_ZOOM, clusterFields } from './point-clusters.ts';
import { tileFields } from './tile-attributes.ts';
import { MAX_ZOOM, MIN_ZOOM, unionBounds, type Bounds } from './tile-grid.ts';

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  version: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  vector_layers: VectorLayer[];
}

interface VectorLayer {
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, string>;
}

const WORLD: Bounds = [-180, -85.0511, 180, 85.0511];

export function vectorLayer(layer: LayerDefinition): VectorLayer {
  const points = layer.geometryType === 'Point';
  return {
    id: layer.id,
    description:
      `${layer.title.zh} ${layer.title.en}` +
      (points ? `; zooms ${MIN_ZOOM}–${CLUSTER_MAX_ZOOM} are clustered (cluster=true, point_count), single points keep their fields` : ''),
    minzoom: layer.tileMinZoom ?? MIN_ZOOM,
    maxzoom: MAX_ZOOM,
    fields: points ? { ...tileFields(layer), ...clusterFields(layer) } : tileFields(layer),
  };
}

/**
 * @param tilesUrl the tile URL template, e.g. https://host/tiles/risk_sites/{z}/{x}/{y}.mvt
 * @param bounds each layer's data bounds (undefined for an empty layer)
 */
export function tileJson(name: string, description: string, tilesUrl: string, layers: readonly LayerDefinition[], bounds: ReadonlyArray<Bounds | undefined>): TileJson {
  const b = unionBounds(bounds) ?? WORLD;
  // The zoom at which the bounds fill about one 512-px view.
  const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.floor(Math.log2(360 / Math.max(b[2] - b[0], 1e-6)))));
  return {
    tilejson: '3.0.0',
    name,
    description,
    version: '1.0.0',
    scheme: 'xyz',
    tiles: [tilesUrl],
    minzoom: MIN_ZOOM,
    maxzoom: MAX_ZOOM,
    bounds: b,
    center: [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, zoom],
    vector_layers: layers.map(vectorLayer),
  };
}
