/**
 * What the tile routes answer besides the tiles themselves, in zod: TileJSON 3.0.0, and the OGC API –
 * Tiles documents (tileset lists, tileset metadata, tile matrix sets). The OGC documents keep the
 * members their standards allow beyond the ones listed here.
 */
import { z } from 'zod';
import { link } from '../http/geojson-contract.ts';

export const vectorLayer = z.object({ id: z.string(), description: z.string(), minzoom: z.number().int(), maxzoom: z.number().int(), fields: z.record(z.string(), z.string()) });

export const tileJsonAnswer = z.object({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  scheme: z.literal('xyz'),
  tiles: z.array(z.string()).min(1),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  bounds: z.array(z.number()).length(4),
  center: z.array(z.number()).length(3),
  vector_layers: z.array(vectorLayer),
});
export type TileJsonAnswer = z.infer<typeof tileJsonAnswer>;

const tilesetSummary = z.looseObject({ title: z.string(), dataType: z.literal('vector'), crs: z.string(), tileMatrixSetURI: z.string(), links: z.array(link) });
export const tilesetListAnswer = z.object({ links: z.array(link), tilesets: z.array(tilesetSummary) });
export const tilesetAnswer = z.looseObject({
  title: z.string(), dataType: z.literal('vector'), crs: z.string(), tileMatrixSetURI: z.string(),
  layers: z.array(z.looseObject({ id: z.string(), dataType: z.literal('vector') })),
  links: z.array(link),
});

export const tileMatrixSetsAnswer = z.object({
  links: z.array(link),
  tileMatrixSets: z.array(z.looseObject({ id: z.string(), title: z.string(), uri: z.string(), links: z.array(link) })),
});
export const tileMatrixSetAnswer = z.looseObject({
  id: z.string(), uri: z.string(), crs: z.string(),
  tileMatrices: z.array(z.looseObject({ id: z.string(), scaleDenominator: z.number(), cellSize: z.number(), pointOfOrigin: z.array(z.number()).length(2), tileWidth: z.number().int(), tileHeight: z.number().int(), matrixWidth: z.number().int(), matrixHeight: z.number().int() })),
});
