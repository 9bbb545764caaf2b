/**
 * The WebMercatorQuad tile matrix set as an OGC Two Dimensional Tile Matrix Set 2.0 JSON document,
 * which clients such as GDAL's OGCAPI driver read to place the tiles. Its zoom levels are those of
 * the standard's definition (0–24); a tileset's limits say which ones hold data. The members of
 * the 1.0 encoding (identifier, supportedCRS, topLeftCorner, …) are given too: GDAL before 3.7
 * (Debian 12's) reads only those, newer readers take the 2.0 ones.
 */
import type { TileMatrixSetAnswer, TileMatrixSetsAnswer } from './contract.ts';

export const TMS_ID = 'WebMercatorQuad';
export const TMS_URI = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad';
const CRS_3857 = 'http://www.opengis.net/def/crs/EPSG/0/3857';
/** Half the width of the Web Mercator world, in metres. */
const HALF_WORLD = 20037508.3427892;
const TILE_SIZE = 256;
/** The standard's pixel size (0.28 mm), which turns a cell size into a scale denominator. */
const PIXEL_METRES = 0.00028;
const LEVELS = 25;

export const tileMatrixSetHref = (base: string): string => `${base}/ogc/tileMatrixSets/${TMS_ID}`;

export function tileMatrixSetList(base: string): TileMatrixSetsAnswer {
  return {
    links: [{ href: `${base}/ogc/tileMatrixSets`, rel: 'self', type: 'application/json', title: 'the tile matrix sets' }],
    tileMatrixSets: [
      {
        id: TMS_ID,
        title: 'Google Maps Compatible for the World',
        uri: TMS_URI,
        crs: CRS_3857,
        links: [{ href: tileMatrixSetHref(base), rel: 'self', type: 'application/json', title: TMS_ID }],
      },
    ],
  };
}

export function webMercatorQuad(base: string): TileMatrixSetAnswer {
  const lowerLeft = [-HALF_WORLD, -HALF_WORLD];
  const upperRight = [HALF_WORLD, HALF_WORLD];
  return {
    id: TMS_ID,
    identifier: TMS_ID,
    title: 'Google Maps Compatible for the World',
    uri: TMS_URI,
    crs: CRS_3857,
    supportedCRS: CRS_3857,
    orderedAxes: ['X', 'Y'],
    wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
    boundingBox: { lowerLeft, upperRight, lowerCorner: lowerLeft, upperCorner: upperRight, crs: CRS_3857, orderedAxes: ['X', 'Y'] },
    tileMatrices: Array.from({ length: LEVELS }, (_, z) => {
      const cellSize = (2 * HALF_WORLD) / TILE_SIZE / 2 ** z;
      return {
        id: String(z),
        identifier: String(z),
        scaleDenominator: cellSize / PIXEL_METRES,
        cellSize,
        cornerOfOrigin: 'topLeft',
        pointOfOrigin: [-HALF_WORLD, HALF_WORLD],
        topLeftCorner: [-HALF_WORLD, HALF_WORLD],
        tileWidth: TILE_SIZE,
        tileHeight: TILE_SIZE,
        matrixWidth: 2 ** z,
        matrixHeight: 2 ** z,
      };
    }),
    links: [{ href: tileMatrixSetHref(base), rel: 'self', type: 'application/json', title: TMS_ID }],
  };
}
