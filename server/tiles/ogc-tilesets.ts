/**
 * OGC API – Tiles documents for the vector tiles: the tileset list of a collection (or of the
 * whole dataset) and the WebMercatorQuad tileset's metadata, with the templated tile link.
 */
import type { LayerDefinition } from '../layers/types.ts';
import { MAX_ZOOM, MIN_ZOOM, tileAt, type Bounds } from './tile-grid.ts';
import { MVT_TYPE } from './send-tile.ts';
import { TMS_ID, TMS_URI } from './tile-matrix-set.ts';
import type { Link } from '../http/geojson-contract.ts';
import type { TilesetAnswer, TilesetListAnswer } from './contract.ts';

export { TMS_ID };
const CRS_3857 = 'http://www.opengis.net/def/crs/EPSG/0/3857';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** The link to the tile matrix set document, typed so that clients (GDAL) follow it. */
const tilingScheme = (tmsHref: string): Link => ({ href: tmsHref, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme', type: 'application/json', title: TMS_ID });

/**
 * @param tilesPath where the tilesets hang, e.g. `${base}/ogc/collections/shelters/tiles`
 * @param title what the tiles show
 * @param tmsHref the WebMercatorQuad document on this server
 */
export function tilesetList(tilesPath: string, title: string, tmsHref: string): TilesetListAnswer {
  return {
    links: [{ href: tilesPath, rel: 'self', type: 'application/json', title: `tilesets of ${title}` }],
    tilesets: [
      {
        title,
        dataType: 'vector',
        crs: CRS_3857,
        tileMatrixSetURI: TMS_URI,
        links: [
          { href: `${tilesPath}/${TMS_ID}`, rel: 'self', type: 'application/json', title: `${title}, ${TMS_ID}` },
          tilingScheme(tmsHref),
        ],
      },
    ],
  };
}

/** Row and column range of the data at each zoom, so clients skip tiles that are surely empty. */
function limits(bounds: Bounds): NonNullable<TilesetAnswer['tileMatrixSetLimits']> {
  const out: NonNullable<TilesetAnswer['tileMatrixSetLimits']> = [];
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const nw = tileAt(bounds[0], bounds[3], z);
    const se = tileAt(bounds[2], bounds[1], z);
    out.push({ tileMatrix: String(z), minTileRow: nw.y, maxTileRow: se.y, minTileCol: nw.x, maxTileCol: se.x });
  }
  return out;
}

export function tilesetMetadata(
  tilesPath: string,
  title: string,
  layers: readonly LayerDefinition[],
  bounds: Bounds | undefined,
  tileJsonUrl: string,
  tmsHref: string,
): TilesetAnswer {
  const tileset = `${tilesPath}/${TMS_ID}`;
  return {
    title,
    dataType: 'vector',
    crs: CRS_3857,
    tileMatrixSetURI: TMS_URI,
    ...(bounds ? { boundingBox: { lowerLeft: [bounds[0], bounds[1]], upperRight: [bounds[2], bounds[3]], crs: CRS84 } } : {}),
    ...(bounds ? { tileMatrixSetLimits: limits(bounds) } : {}),
    layers: layers.map((l) => ({
      id: l.id,
      title: `${l.title.zh} ${l.title.en}`,
      dataType: 'vector',
      geometryDimension: l.geometryType === 'Point' ? 0 : l.geometryType === 'MultiLineString' ? 1 : 2,
      minTileMatrix: String(MIN_ZOOM),
      maxTileMatrix: String(MAX_ZOOM),
    })),
    links: [
      { href: tileset, rel: 'self', type: 'application/json', title: `${title}, ${TMS_ID}` },
      tilingScheme(tmsHref),
      { href: `${tileset}/{tileMatrix}/{tileRow}/{tileCol}`, rel: 'item', type: MVT_TYPE, templated: true, title: 'Mapbox vector tiles' },
      { href: tileJsonUrl, rel: 'describedby', type: 'application/json', title: 'TileJSON 3.0' },
    ],
  };
}
