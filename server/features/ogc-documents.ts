/** The OGC API – Features documents that describe the service: landing page, conformance, collections. */
import type { LayerDefinition } from '../layers/types.ts';
import type { BBox } from '../layers/repository.ts';
import { CRS_URI } from '../layers/crs.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  // CQL2 as server/features/cql2 reads it: text only; comparisons, LIKE/BETWEEN/IN, every spatial function and literal.
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features',
  'http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/schemas',
  'http://www.opengis.net/spec/ogcapi-features-5/1.0/conf/returnables-and-receivables',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets',
  'http://www.opengis.net/spec/tms/2.0/conf/tilematrixset',
  'http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset',
];

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';

export function landingPage(base: string) {
  return {
    title: 'OneMap 一张图 — Xinyi emergency risk map',
    description: 'Slope-cut housing risk sites, emergency shelters, relief-supply depots and graded hazard zones as OGC API – Features.',
    links: [
      { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'this document' },
      { href: `${base}/ogc/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'OGC API conformance classes implemented by this server' },
      { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'the feature collections' },
      { href: `${base}/ogc/tiles`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: JSON_TYPE, title: 'vector tiles of every layer together' },
      { href: `${base}/ogc/tileMatrixSets`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes', type: JSON_TYPE, title: 'the tile matrix sets of the tiles' },
    ],
  };
}

export function collectionDocument(base: string, layer: LayerDefinition, extent: BBox | undefined) {
  const href = `${base}/ogc/collections/${layer.id}`;
  return {
    id: layer.id,
    title: `${layer.title.zh} ${layer.title.en}`,
    description: layer.description.en,
    itemType: 'feature',
    // Part 2: the CRSs items are served in (crs=…) and accepted in (bbox-crs, Content-Crs on writes).
    crs: Object.values(CRS_URI),
    storageCrs: CRS_URI.CRS84,
    ...(extent ? { extent: { spatial: { bbox: [extent], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' } } } : {}),
    links: [
      { href, rel: 'self', type: JSON_TYPE, title: 'this collection' },
      { href: `${href}/items`, rel: 'items', type: GEOJSON, title: 'the features' },
      { href: `${href}/schema`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/schema', type: 'application/schema+json', title: 'schema of the features' },
      { href: `${href}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'the properties the features can be filtered on' },
      { href: `${href}/tiles`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: 'application/json', title: 'vector tiles of this collection' },
    ],
  };
}
