/**
 * The OpenAPI 3.0 document of the whole service. Each capability contributes its paths;
 * the collection paths are generated from the layer registry so that every filter is listed.
 */
import { LAYERS } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { filterableAttributes, DEFAULT_LIMIT, MAX_LIMIT, ITEM_FORMATS } from './items-query.ts';
import { layerSchema } from './json-schema.ts';
import { FILTER_CAPS } from './cql2/parse.ts';
import { FILTER_LANGS } from './filter-param.ts';
import { CRS_URI } from '../layers/crs.ts';
import { answerSchema, busyResponse, openApiSchema, zodAnswer } from '../http/openapi-zod.ts';
import { errorAnswer } from '../http/error-contract.ts';
import { collectionAnswer, collectionsAnswer, conformanceAnswer, jsonSchemaAnswer, landingAnswer, layerFeature, layerItems, writeGeometry } from './contract.ts';
import { FILE_FORMATS, MEDIA_TYPES } from '../export/export-formats.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const SCHEMA_JSON = ['application/schema+json'];
const GEOJSON = ['application/geo+json'];
/** The media types of the items' files (f=csv|gpkg|fgb). */
const FILE_TYPES = FILE_FORMATS.filter((f) => f !== 'geojson').map((f) => MEDIA_TYPES[f].split(';')[0]);

const featureIdParam = { name: 'featureId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag of the version being edited, a comma-separated list of ETags (any may be current) or * (any existing version)' };
const prefer = { name: 'Prefer', in: 'header', required: false, schema: { type: 'string', enum: ['return=minimal', 'return=representation'] }, description: 'return=minimal: answer 204 with ETag, Location and Preference-Applied but no body' };
const minimal = { '204': { description: 'written (Prefer: return=minimal): ETag, Location and Preference-Applied headers, no body' } };
const writeErrors = {
  '401': error('no or invalid bearer token'),
  '403': error('the token’s role may not write this collection'),
  '413': error('body too large'),
  '415': error('not JSON'),
  '422': error('validation failed; details name the offending fields'),
  '503': busyResponse(),
};

/** A create or replace: a Feature with the layer's geometry and its properties (required ones included). */
export function featureBodySchema(base: string, layer: LayerDefinition): Obj {
  return {
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: { type: { type: 'string', enum: ['Feature'] }, id: { oneOf: [{ type: 'integer' }, { type: 'string' }] }, geometry: openApiSchema(writeGeometry(layer)), properties: layerSchema(base, layer, true, 'openapi-3.0') as Obj },
  };
}

/** A JSON Merge Patch (RFC 7396): the members given change, null clears an attribute, absent ones stay. */
function patchBodySchema(base: string, layer: LayerDefinition): Obj {
  const { required: _required, ...properties } = layerSchema(base, layer, true, 'openapi-3.0');
  return {
    type: 'object',
    properties: { type: { type: 'string', enum: ['Feature'] }, id: { oneOf: [{ type: 'integer' }, { type: 'string' }] }, geometry: openApiSchema(writeGeometry(layer)), properties: properties as Obj },
    additionalProperties: false,
  };
}

function collectionPaths(base: string, layer: LayerDefinition): Record<string, Obj> {
  const p = `/ogc/collections/${layer.id}`;
  const tag = layer.id;
  const filters = filterableAttributes(layer).map((name) => {
    const a = layer.attributes[name];
    return { name, in: 'query', required: false, description: `equality filter on ${name}`, schema: a.type === 'enum' ? { type: 'string', enum: [...a.values] } : { type: 'string' } };
  });
  const one = layerFeature(layer);
  const featureBody = { required: true, content: { 'application/geo+json': { schema: featureBodySchema(base, layer) } } };
  const patchBody = { required: true, content: Object.fromEntries(['application/merge-patch+json', 'application/json'].map((t) => [t, { schema: patchBodySchema(base, layer) }])) };
  return {
    [p]: { get: { tags: [tag], summary: `${layer.title.en}: the collection`, operationId: `describe_${layer.id}`, responses: { '200': zodAnswer(collectionAnswer, 'collection metadata'), '404': error('not found') } } },
    [`${p}/schema`]: { get: { tags: [tag], summary: `${layer.title.en}: JSON Schema of the features`, operationId: `schema_${layer.id}`, responses: { '200': zodAnswer(jsonSchemaAnswer, 'schema', SCHEMA_JSON) } } },
    [`${p}/queryables`]: { get: { tags: [tag], summary: `${layer.title.en}: the properties its items filter on (JSON Schema)`, operationId: `queryables_${layer.id}`, responses: { '200': zodAnswer(jsonSchemaAnswer, 'queryables', SCHEMA_JSON), '404': error('not found') } } },
    [`${p}/items`]: {
      get: {
        tags: [tag], summary: `${layer.title.en}: features`, operationId: `items_${layer.id}`,
        parameters: [
          { $ref: '#/components/parameters/bbox' }, { $ref: '#/components/parameters/datetime' }, { $ref: '#/components/parameters/limit' }, { $ref: '#/components/parameters/offset' }, { $ref: '#/components/parameters/f' },
          { $ref: '#/components/parameters/skipGeometry' }, { $ref: '#/components/parameters/properties' }, { $ref: '#/components/parameters/sortby' },
          { $ref: '#/components/parameters/filter' }, { $ref: '#/components/parameters/filter-lang' }, { $ref: '#/components/parameters/filter-crs' },
          { $ref: '#/components/parameters/crs' }, { $ref: '#/components/parameters/bbox-crs' },
          ...filters,
        ],
        responses: {
          '200': { description: 'a page of features with numberMatched and next/prev links; f=csv|gpkg|fgb: every matching feature as a file', content: { ...zodAnswer(layerItems(layer), '', GEOJSON).content as Obj, ...Object.fromEntries(FILE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } }, '400': error('bad query parameter; for a filter, the message names the character where it went wrong and what was expected'), '413': error(`filter longer than ${FILTER_CAPS.length} characters`), '503': busyResponse(),
        },
      },
      post: {
        tags: [tag], summary: `${layer.title.en}: add a feature`, operationId: `create_${layer.id}`, security: [{ bearer: [] }], parameters: [prefer, { $ref: '#/components/parameters/Content-Crs' }],
        requestBody: featureBody,
        responses: { '201': zodAnswer(one, 'created; Location and ETag headers', GEOJSON), ...minimal, '409': error('code already used'), ...writeErrors },
      },
    },
    [`${p}/items/{featureId}`]: {
      get: { tags: [tag], summary: `${layer.title.en}: one feature`, operationId: `get_${layer.id}`, parameters: [featureIdParam, { $ref: '#/components/parameters/f' }, { $ref: '#/components/parameters/crs' }, { name: 'version', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'an old version, from the history' }], responses: { '200': zodAnswer(one, 'the feature, with a strong ETag', GEOJSON), '304': { description: 'not modified' }, '404': error('not found') } },
      put: { tags: [tag], summary: `${layer.title.en}: replace a feature`, operationId: `replace_${layer.id}`, security: [{ bearer: [] }], parameters: [featureIdParam, ifMatch, prefer, { $ref: '#/components/parameters/Content-Crs' }], requestBody: featureBody, responses: { '200': zodAnswer(one, 'replaced', GEOJSON), ...minimal, '404': error('not found'), '412': error('version changed'), '428': error('If-Match missing'), ...writeErrors } },
      patch: {
        tags: [tag], summary: `${layer.title.en}: JSON Merge Patch of a feature`, operationId: `patch_${layer.id}`, security: [{ bearer: [] }], parameters: [featureIdParam, ifMatch, prefer, { $ref: '#/components/parameters/Content-Crs' }],
        requestBody: patchBody,
        responses: { '200': zodAnswer(one, 'patched', GEOJSON), ...minimal, '404': error('not found'), '412': error('version changed'), '428': error('If-Match missing'), ...writeErrors },
      },
      delete: { tags: [tag], summary: `${layer.title.en}: delete a feature`, operationId: `delete_${layer.id}`, security: [{ bearer: [] }], parameters: [featureIdParam, ifMatch], responses: { '204': { description: 'deleted' }, '404': error('not found'), '412': error('version changed'), '428': error('If-Match missing'), '401': error('no token'), '403': error('wrong role') } },
    },
  };
}

/**
 * Paths relative to the OGC API's root, /ogc, which is the document's server: OGC clients look an
 * items path up as /collections/{id}/items (GDAL does, to learn its query parameters and send its
 * filters to the server). Every route outside /ogc names the service's root as its own server.
 */
function relativeToOgc(base: string, all: Record<string, Obj>): Record<string, Obj> {
  const out: Record<string, Obj> = {};
  for (const [path, item] of Object.entries(all)) {
    if (path === '/ogc' || path.startsWith('/ogc/')) out[path.slice('/ogc'.length) || '/'] = item;
    else out[path] = { servers: [{ url: base }], ...item };
  }
  return out;
}

/**
 * Anonymous requests are limited per address (READ_RATE_LIMIT_PER_MIN) on every route but the
 * health check, so any of them may answer 429.
 */
function documentRateLimit(paths: Record<string, Obj>): void {
  for (const [path, item] of Object.entries(paths)) {
    if (path === '/api/health') continue;
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
      const responses = (op as { responses: Obj }).responses;
      responses['429'] ??= error('too many anonymous requests from this address this minute; see Retry-After');
    }
  }
}

/** The whole document: the OGC paths of every layer and the service's other paths (`servicePaths`). */
export function openApiDocument(base: string, servicePaths: Record<string, Obj>): Obj {
  const paths = relativeToOgc(base, {
    '/ogc': { get: { tags: ['ogc'], summary: 'landing page', operationId: 'landing', responses: { '200': zodAnswer(landingAnswer, 'links to the API, conformance and collections') } } },
    '/ogc/conformance': { get: { tags: ['ogc'], summary: 'conformance classes', operationId: 'conformance', responses: { '200': zodAnswer(conformanceAnswer, 'conformsTo') } } },
    '/ogc/api': { get: { tags: ['ogc'], summary: 'this OpenAPI document', operationId: 'api', responses: { '200': { description: 'OpenAPI 3.0', content: { 'application/vnd.oai.openapi+json;version=3.0': { schema: { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { type: 'string' }, info: { type: 'object' }, paths: { type: 'object' } } } } } } } } },
    '/ogc/collections': { get: { tags: ['ogc'], summary: 'the collections', operationId: 'collections', responses: { '200': zodAnswer(collectionsAnswer, 'collections') } } },
    ...Object.assign({}, ...LAYERS.map((l) => collectionPaths(base, l))),
    ...servicePaths,
  });
  documentRateLimit(paths);
  return {
    openapi: '3.0.3',
    info: { title: 'OneMap API', version: '0.1.0', description: 'Emergency risk map of Xinyi: OGC API – Features, vector tiles and analysis.', license: { name: 'MIT' } },
    servers: [{ url: `${base}/ogc`, description: 'the OGC API; routes outside it name their own server' }],
    tags: [{ name: 'ogc' }, { name: 'service' }, ...LAYERS.map((l) => ({ name: l.id, description: l.title.en }))],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'onemap_session', description: 'web login (POST /api/auth/login); writes also need the X-Requested-With header' } },
      parameters: {
        bbox: { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, description: 'west,south,east,north in CRS84', schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
        limit: { name: 'limit', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        datetime: { name: 'datetime', in: 'query', required: false, schema: { type: 'string' }, description: 'an RFC 3339 instant (date-time, or a date: that whole UTC day) or a closed interval a/b, ../b, a/..; on the time of the feature (updated_at, or the layer’s own time such as a warning’s onset)' },
        skipGeometry: { name: 'skipGeometry', in: 'query', required: false, schema: { type: 'boolean', default: false }, description: 'true: features without their geometry (null)' },
        properties: { name: 'properties', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } }, description: 'only these properties, in this order; an unknown name is a 400 naming it (GeoJSON pages only)' },
        sortby: { name: 'sortby', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', pattern: '^[+-]?[A-Za-z_][A-Za-z0-9_]*$' } }, description: 'order: +name ascending (the default), -name descending, several comma-separated; an unknown name is a 400 (GeoJSON pages only)' },
        filter: {
          name: 'filter', in: 'query', required: false, schema: { type: 'string', maxLength: FILTER_CAPS.length },
          description: `a CQL2 text filter on the collection's queryables (see its /queryables): = <> < > <= >=, LIKE (% and _), BETWEEN, IN (…), IS [NOT] NULL, AND/OR/NOT, parentheses; 'strings', numbers, TRUE/FALSE, TIMESTAMP('…'), DATE('…'); S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT, S_EQUALS, S_TOUCHES, S_OVERLAPS, S_CROSSES on geometry with WKT or BBOX(…). At most ${FILTER_CAPS.depth} levels of nesting, ${FILTER_CAPS.nodes} conditions and values, ${FILTER_CAPS.positions} positions. Example: grade IN ('high','very_high') AND S_INTERSECTS(geometry, BBOX(114.3,22.3,114.6,22.6))`,
        },
        'filter-lang': { name: 'filter-lang', in: 'query', required: false, schema: { type: 'string', enum: [...FILTER_LANGS], default: 'cql2-text' }, description: 'the language of filter: cql2-text; cql-text, the draft that GDAL up to 3.6 sends, is read the same way and also takes ILIKE and times as quoted strings' },
        'filter-crs': { name: 'filter-crs', in: 'query', required: false, schema: { type: 'string', enum: Object.values(CRS_URI), default: CRS_URI.CRS84 }, description: 'the CRS of the geometries in filter, in its own axis order: CRS84 (longitude first), EPSG:4326 or EPSG:4490 (latitude first) or EPSG:3857 (metres)' },
        crs: { name: 'crs', in: 'query', required: false, schema: { type: 'string', enum: Object.values(CRS_URI), default: CRS_URI.CRS84 }, description: 'the CRS of the answered geometries (Content-Crs says it): CRS84, EPSG:4326 and EPSG:4490 (CGCS2000; both latitude first) or EPSG:3857 (metres); another is a 400 naming it' },
        'bbox-crs': { name: 'bbox-crs', in: 'query', required: false, schema: { type: 'string', enum: Object.values(CRS_URI), default: CRS_URI.CRS84 }, description: 'the CRS of bbox, in its own axis order (EPSG:4326: minLat,minLon,maxLat,maxLon)' },
        'Content-Crs': { name: 'Content-Crs', in: 'header', required: false, schema: { type: 'string', enum: Object.values(CRS_URI).map((u) => `<${u}>`) }, description: 'the CRS of the written geometry; it is stored in CRS84. Another is a 400 naming it' },
        f: { name: 'f', in: 'query', required: false, description: 'json/geojson: a page of GeoJSON; csv, gpkg, fgb: a file of every matching feature', schema: { type: 'string', enum: [...ITEM_FORMATS] } },
      },
      schemas: {
        Error: answerSchema(errorAnswer),
      },
    },
  };
}
