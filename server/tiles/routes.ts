/**
 * Vector tiles at /tiles: `/{source}/{z}/{x}/{y}.mvt` and `/{source}.json` (TileJSON), where
 * the source is a collection id or "onemap" (every layer in one tile). Thin handlers.
 */
import { Router, type Request } from 'express';
import { baseUrl } from '../http/base-url.ts';
import { sendTile } from './send-tile.ts';
import { parseTileCoord } from './tile-grid.ts';
import { tileSource } from './tile-sources.ts';
import type { TileService } from './tile-service.ts';
import { tileJson } from './tilejson.ts';

export interface TileRouteDeps {
  tiles: TileService;
  publicUrl: string | undefined;
}

export function tileRoutes(deps: TileRouteDeps): Router {
  const r = Router();
  const base = (req: Request) => baseUrl(req, deps.publicUrl);

  r.get('/:source.json', async (req, res) => {
    const source = tileSource(req.params.source);
    const indexes = await deps.tiles.indexesOf(source.layers);
    const url = `${base(req)}/tiles/${source.name}/{z}/{x}/{y}.mvt`;
    res.set('Cache-Control', 'public, no-cache').json(tileJson(source.name, source.description, url, source.layers, indexes.map((i) => i.bounds)));
  });

  r.get('/:source/:z/:x/:y.mvt', async (req, res) => {
    const source = tileSource(req.params.source);
    const coord = parseTileCoord(req.params);
    sendTile(req, res, await deps.tiles.tile(source.layers, coord));
  });

  return r;
}
