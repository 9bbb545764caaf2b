/** OpenAPI entries of the vector tile routes (merged into /ogc/api by server/app/openapi-paths.ts). */
import { LAYERS } from '../layers/registry.ts';
import { MAX_ZOOM } from './tile-grid.ts';
import { MVT_TYPE } from './send-tile.ts';
import { COMBINED } from './tile-sources.ts';
import { TMS_ID } from './ogc-tilesets.ts';

import { busyResponse, zodAnswer, zodParameters } from '../http/openapi-zod.ts';
import { tileQuery, tileJsonAnswer, tileMatrixSetAnswer, tileMatrixSetsAnswer, tilesetAnswer, tilesetListAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const path = (name: string, schema: Obj, description: string): Obj => ({ name, in: 'path', required: true, schema, description });

const collections = LAYERS.map((l) => l.id);
const collectionId = path('collectionId', { type: 'string', enum: collections }, 'collection id');
const tms = path('tileMatrixSetId', { type: 'string', enum: [TMS_ID] }, 'tile matrix set');
const zoom = { type: 'integer', minimum: 0, maximum: MAX_ZOOM };
const index = { type: 'integer', minimum: 0 };
const ifNoneMatch: Obj = { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'the ETag of the tile the client holds: 304 when it is still current' };

const tileResponses: Obj = {
  '200': {
    description: 'the tile (Mapbox Vector Tile v2, one layer per collection); at zooms 0–11 point layers are clustered (cluster=true, point_count)',
    headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string', example: 'public, no-cache' } } },
    content: { [MVT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  },
  '204': { description: 'no data in this tile' },
  '304': { description: 'not modified (If-None-Match)' },
  '400': error('z/x/y outside the grid'),
  '404': error('no such collection or tile matrix set'),
  '503': busyResponse(),
};

const tile = (operationId: string, summary: string, parameters: Obj[]): Obj => ({
  get: { tags: ['tiles'], summary, operationId, parameters: [...parameters, ifNoneMatch], responses: tileResponses },
});

export function tilePaths(): Record<string, Obj> {
  return {
    '/tiles/{source}/{z}/{x}/{y}.mvt': tile('getTile', 'a vector tile of one collection, or of every collection ("onemap")', [
      path('source', { type: 'string', enum: [COMBINED, ...collections] }, `a collection id, or "${COMBINED}" for every layer in one tile`),
      path('z', zoom, 'zoom'),
      path('x', index, 'column, from the west'),
      path('y', index, 'row, from the north'),
      ...zodParameters(tileQuery),
    ]),
    '/tiles/{source}.json': {
      get: {
        tags: ['tiles'], summary: 'TileJSON 3.0.0 of a tile source: tile URL, vector layers with their fields, bounds, zooms', operationId: 'getTileJson',
        parameters: [path('source', { type: 'string', enum: [COMBINED, ...collections] }, `a collection id, or "${COMBINED}"`)],
        responses: { '200': zodAnswer(tileJsonAnswer, 'TileJSON 3.0.0'), '404': error('no such tile source') },
      },
    },
    '/ogc/collections/{collectionId}/tiles': {
      get: { tags: ['tiles'], summary: 'OGC API – Tiles: tilesets of a collection', operationId: 'getCollectionTilesets', parameters: [collectionId], responses: { '200': zodAnswer(tilesetListAnswer, 'tileset list'), '404': error('no such collection') } },
    },
    '/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}': {
      get: { tags: ['tiles'], summary: 'OGC API – Tiles: a collection’s tileset metadata', operationId: 'getCollectionTileset', parameters: [collectionId, tms], responses: { '200': zodAnswer(tilesetAnswer, 'tileset metadata'), '404': error('no such collection or tile matrix set') } },
    },
    '/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}': tile('getCollectionTile', 'OGC API – Tiles: a vector tile of a collection', [
      collectionId, tms, path('tileMatrix', zoom, 'zoom'), path('tileRow', index, 'row, from the north'), path('tileCol', index, 'column, from the west'),
    ]),
    '/ogc/tileMatrixSets': {
      get: { tags: ['ogc'], summary: 'the tile matrix sets of the tiles (WebMercatorQuad)', operationId: 'tileMatrixSets', responses: { '200': zodAnswer(tileMatrixSetsAnswer, '{ links, tileMatrixSets: [{ id, title, uri, crs, links }] }') } },
    },
    '/ogc/tileMatrixSets/{tileMatrixSetId}': {
      get: { tags: ['ogc'], summary: 'a tile matrix set (OGC Two Dimensional Tile Matrix Set 2.0, JSON)', operationId: 'tileMatrixSet', parameters: [tms], responses: { '200': zodAnswer(tileMatrixSetAnswer, 'the tile matrix set: crs, tileMatrices with scale, origin and size'), '404': error('no such tile matrix set') } },
    },
    '/ogc/tiles': {
      get: { tags: ['tiles'], summary: 'OGC API – Tiles: tilesets of the whole dataset (every collection in one tile)', operationId: 'getDatasetTilesets', responses: { '200': zodAnswer(tilesetListAnswer, 'tileset list') } },
    },
    '/ogc/tiles/{tileMatrixSetId}': {
      get: { tags: ['tiles'], summary: 'OGC API – Tiles: the dataset tileset’s metadata', operationId: 'getDatasetTileset', parameters: [tms], responses: { '200': zodAnswer(tilesetAnswer, 'tileset metadata'), '404': error('no such tile matrix set') } },
    },
    '/ogc/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}': tile('getDatasetTile', 'OGC API – Tiles: a vector tile of every collection', [
      tms, path('tileMatrix', zoom, 'zoom'), path('tileRow', index, 'row, from the north'), path('tileCol', index, 'column, from the west'),
    ]),
  };
}
