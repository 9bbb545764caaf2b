/**
 * The same tiles under OGC API – Tiles naming, mounted at /ogc: per collection
 * `/collections/{id}/tiles[/WebMercatorQuad[/{tileMatrix}/{tileRow}/{tileCol}]]`, and for the
 * whole dataset (every layer in one tile) `/tiles[/WebMercatorQuad[/…]]`. Thin handlers.
 */
import { Router, type Request } from 'express';
import { baseUrl } from '../http/base-url.ts';
import { notFound } from '../http/errors.ts';
import { TMS_ID, tilesetList, tilesetMetadata } from './ogc-tilesets.ts';
import { tileMatrixSetHref, tileMatrixSetList, webMercatorQuad } from './tile-matrix-set.ts';
import { sendTile } from './send-tile.ts';
import { parseTileCoord, unionBounds } from './tile-grid.ts';
import { COMBINED, tileSource, type TileSource } from './tile-sources.ts';
import type { TileRouteDeps } from './routes.ts';

const OGC_NAMES = { z: 'tileMatrix', x: 'tileCol', y: 'tileRow' };

function checkTms(req: Request): void {
  if (req.params.tms !== TMS_ID) throw notFound(`no tile matrix set "${String(req.params.tms)}"; tiles are in ${TMS_ID}`);
}

export function ogcTileRoutes(deps: TileRouteDeps): Router {
  const r = Router();
  const base = (req: Request) => baseUrl(req, deps.publicUrl);
  // Per collection, or the whole dataset when there is no collection id.
  const sourceOf = (req: Request): { source: TileSource; path: string } => {
    const id = req.params.collectionId as string | undefined;
    return id === undefined
      ? { source: tileSource(COMBINED), path: `${base(req)}/ogc/tiles` }
      : { source: tileSource(id), path: `${base(req)}/ogc/collections/${id}/tiles` };
  };

  r.get('/tileMatrixSets', (req, res) => void res.set('Cache-Control', 'public, max-age=86400').json(tileMatrixSetList(base(req))));
  r.get('/tileMatrixSets/:tms', (req, res) => {
    checkTms(req);
    res.set('Cache-Control', 'public, max-age=86400').json(webMercatorQuad(base(req)));
  });

  for (const prefix of ['/collections/:collectionId/tiles', '/tiles']) {
    r.get(prefix, (req, res) => {
      const { source, path } = sourceOf(req);
      res.json(tilesetList(path, source.description, tileMatrixSetHref(base(req))));
    });

    r.get(`${prefix}/:tms`, async (req, res) => {
      const { source, path } = sourceOf(req);
      checkTms(req);
      const indexes = await deps.tiles.layersOf(source.layers);
      const bounds = unionBounds(indexes.map((i) => i.bounds));
      res.set('Cache-Control', 'public, no-cache').json(tilesetMetadata(path, source.description, source.layers, bounds, `${base(req)}/tiles/${source.name}.json`, tileMatrixSetHref(base(req))));
    });

    r.get(`${prefix}/:tms/:tileMatrix/:tileRow/:tileCol`, async (req, res) => {
      const { source } = sourceOf(req);
      checkTms(req);
      const coord = parseTileCoord({ z: req.params.tileMatrix, x: req.params.tileCol, y: req.params.tileRow }, OGC_NAMES);
      sendTile(req, res, await deps.tiles.tile(source.layers, coord));
    });
  }
  return r;
}
