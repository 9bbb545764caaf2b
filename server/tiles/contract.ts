/**
 * What the tile routes answer besides the tiles themselves, in zod: TileJSON 3.0.0, and the OGC API –
 * Tiles documents (tileset lists, tileset metadata, tile matrix sets). The builders' return types
 * are these, so a member added to a document is added here too.
 */
import { z } from 'zod';
import { link } from '../http/geojson-contract.ts';

/** A tile's query: `v`, the layers' versions the TileJSON's tile URL carries, so that a cached tile of an older version is never taken. */
export const tileQuery = z.strictObject({ v: z.string().max(200).optional().describe('the layers’ versions, as the TileJSON’s tile URL gives them; absent: the current ones') });

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

const position = z.array(z.number()).length(2);
const tilesetSummary = z.strictObject({ title: z.string(), dataType: z.literal('vector'), crs: z.string(), tileMatrixSetURI: z.string(), links: z.array(link) });
export const tilesetListAnswer = z.strictObject({ links: z.array(link), tilesets: z.array(tilesetSummary) });
export type TilesetListAnswer = z.infer<typeof tilesetListAnswer>;

export const tilesetAnswer = z.strictObject({
  title: z.string(),
  dataType: z.literal('vector'),
  crs: z.string(),
  tileMatrixSetURI: z.string(),
  boundingBox: z.strictObject({ lowerLeft: position, upperRight: position, crs: z.string() }).optional(),
  tileMatrixSetLimits: z.array(z.strictObject({ tileMatrix: z.string(), minTileRow: z.number().int(), maxTileRow: z.number().int(), minTileCol: z.number().int(), maxTileCol: z.number().int() })).optional(),
  layers: z.array(z.strictObject({ id: z.string(), title: z.string(), dataType: z.literal('vector'), geometryDimension: z.union([z.literal(0), z.literal(1), z.literal(2)]), minTileMatrix: z.string(), maxTileMatrix: z.string() })),
  links: z.array(link),
});
export type TilesetAnswer = z.infer<typeof tilesetAnswer>;

export const tileMatrixSetsAnswer = z.strictObject({
  links: z.array(link),
  tileMatrixSets: z.array(z.strictObject({ id: z.string(), title: z.string(), uri: z.string(), crs: z.string(), links: z.array(link) })),
});
export type TileMatrixSetsAnswer = z.infer<typeof tileMatrixSetsAnswer>;

/** The 2.0 members, and the 1.0 ones (identifier, supportedCRS, topLeftCorner) that older readers take. */
export const tileMatrixSetAnswer = z.strictObject({
  id: z.string(),
  identifier: z.string(),
  title: z.string(),
  uri: z.string(),
  crs: z.string(),
  supportedCRS: z.string(),
  orderedAxes: z.array(z.string()),
  wellKnownScaleSet: z.string(),
  boundingBox: z.strictObject({ lowerLeft: position, upperRight: position, lowerCorner: position, upperCorner: position, crs: z.string(), orderedAxes: z.array(z.string()) }),
  tileMatrices: z.array(z.strictObject({
    id: z.string(), identifier: z.string(), scaleDenominator: z.number(), cellSize: z.number(), cornerOfOrigin: z.literal('topLeft'),
    pointOfOrigin: position, topLeftCorner: position, tileWidth: z.number().int(), tileHeight: z.number().int(), matrixWidth: z.number().int(), matrixHeight: z.number().int(),
  })),
  links: z.array(link),
});
export type TileMatrixSetAnswer = z.infer<typeof tileMatrixSetAnswer>;
