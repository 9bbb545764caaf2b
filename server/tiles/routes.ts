/**
 * Vector tiles at /tiles: `/{source}/{z}/{x}/{y}.mvt` and `/{source}.json` (TileJSON), where
 * the source is a collection id or "onemap" (every layer in one tile). The TileJSON names tile
 * URLs with the source's version (`?v=`): such a tile is immutable. A tile asked for at an older
 * version is redirected to the current one; without `v`, tiles are revalidated (ETag). Thin handlers.
 */
import { Router, type Request } from 'express';
import { baseUrl } from '../http/base-url.ts';
import { parseQuery } from '../http/parse-request.ts';
import { sendTile } from './send-tile.ts';
import { parseTileCoord } from './tile-grid.ts';
import { tileSource, type TileSource } from './tile-sources.ts';
import type { TileService } from './tile-service.ts';
import { tileJson } from './tilejson.ts';
import { IMMUTABLE, parseVersion, SHORT_LIVED, versionOf } from './tile-version.ts';
import type { BuildReport } from './layer-indexes.ts';
import { tileQuery } from './contract.ts';

export interface TileRouteDeps {
  tiles: TileService;
  publicUrl: string | undefined;
  /** Reads the layers' versions from the database and announces those this instance has not heard of. */
  catchUp(): Promise<void>;
}


export function tileRoutes(deps: TileRouteDeps): Router {
  const r = Router();
  const base = (req: Request) => baseUrl(req, deps.publicUrl);

  r.get('/:source.json', async (req, res) => {
    const source = tileSource(req.params.source);
    const reports = await deps.tiles.layersOf(source.layers);
    const url = `${base(req)}/tiles/${source.name}/{z}/{x}/{y}.mvt?v=${versionOf(reports.map((i) => i.version))}`;
    res.set('Cache-Control', SHORT_LIVED).json(tileJson(source.name, source.description, url, source.layers, reports.map((i) => i.bounds)));
  });

  /** The source's fresh indexes; when the client names newer versions than this instance holds, it catches up first. */
  async function freshFor(source: TileSource, wanted: number[] | undefined): Promise<BuildReport[]> {
    const reports = await deps.tiles.layersOf(source.layers);
    if (!wanted || !wanted.some((v, i) => v > reports[i].version)) return reports;
    await deps.catchUp();
    return deps.tiles.layersOf(source.layers);
  }

  r.get('/:source/:z/:x/:y.mvt', async (req, res) => {
    const source = tileSource(req.params.source);
    const coord = parseTileCoord(req.params);
    const { v } = parseQuery(tileQuery, req.query);
    const wanted = v === undefined ? undefined : parseVersion(v, source.layers.length);
    const reports = await freshFor(source, wanted);
    const current = versionOf(reports.map((i) => i.version));
    if (v !== undefined && v !== current) {
      // That version is gone (or not yet here): the current tile lives at another URL.
      return void res.set('Cache-Control', SHORT_LIVED).redirect(302, `${base(req)}/tiles/${source.name}/${coord.z}/${coord.x}/${coord.y}.mvt?v=${current}`);
    }
    sendTile(req, res, await deps.tiles.tile(source.layers, coord), v === undefined ? undefined : IMMUTABLE);
  });

  return r;
}
