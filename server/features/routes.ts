/** OGC API – Features (Part 1 core + Part 4 writes + Part 5 schemas) at /ogc. Thin handlers. */
import express, { Router, type Request } from 'express';
import { LAYERS, findLayer } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { requireWriter } from '../auth/middleware.ts';
import { HttpError, badRequest, notFound } from '../http/errors.ts';
import { baseUrl } from '../http/base-url.ts';
import { publicShort } from '../http/cache-control.ts';
import { etagFor, requiredVersions } from '../layers/etag.ts';
import { sendWritten } from '../http/prefer.ts';
import { createFeature, deleteFeature, patchFeature, replaceFeature, type CheckedFeature, type CheckedPatch, type WriteDeps } from '../layers/feature-writes.ts';
import { checkWriteBody, WRITE_TASKS } from './write-tasks.ts';
import { checkRawDepth, type JsonCaps } from '../http/json-caps.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import type { LayerGeometry } from '../layers/validate-geometry.ts';
import { parseItemsQuery } from './items-query.ts';
import { CRS_URI, bodyToCrs84, convertGeometry, crsNamed, fromCrs84, type CrsId } from '../layers/crs.ts';
import { CONFORMANCE, collectionDocument, landingPage } from './ogc-documents.ts';
import { layerSchema } from './json-schema.ts';
import { queryablesSchema } from './queryables.ts';
import { itemsPage } from './items-page.ts';
import { openApiDocument } from './openapi.ts';
import { featureAtVersion, versionParam } from '../layers/history-store.ts';
import { sendLayerExport } from '../export/send-export.ts';

export interface FeatureRouteDeps extends WriteDeps {
  publicUrl: string | undefined;
  bodyLimit: string;
  caps: JsonCaps;
  /** Checks large write bodies and encodes exports off the event loop. */
  pool: WorkerPool;
  /** The OpenAPI paths of the service's routes outside /ogc, documented in /ogc/api beside the OGC ones. */
  servicePaths: () => Record<string, Record<string, unknown>>;
}

/** Bodies up to this size are checked on the event loop (a few ms); larger ones in a worker. */
const INLINE_BODY_BYTES = 64 * 1024;

const JSON_TYPES = ['application/json', 'application/geo+json', 'application/merge-patch+json'];

function layerOf(req: Request): LayerDefinition {
  const layer = findLayer(String(req.params.collectionId));
  if (!layer) throw notFound(`no collection "${String(req.params.collectionId)}"; see /ogc/collections`);
  return layer;
}

function featureId(req: Request): number {
  const raw = String(req.params.featureId);
  if (!/^\d{1,9}$/.test(raw)) throw notFound(`no feature "${raw}"`);
  return Number(raw);
}

/** Writes must say they send JSON; anything else is a 415 before the body is read. */
function requireJson(req: Request): void {
  if (!req.is(JSON_TYPES)) {
    throw new HttpError(415, 'unsupported_media_type', `send the feature as ${JSON_TYPES.join(' or ')}`, [
      { field: 'Content-Type', message: `got "${req.get('content-type') ?? 'none'}"` },
    ]);
  }
}

const STAND_IN_BASE = 'http://onemap-base.invalid';

export function featureRoutes(deps: FeatureRouteDeps): Router {
  const r = Router();
  const raw = express.raw({ limit: deps.bodyLimit, type: JSON_TYPES });

  /** The write's body, parsed and checked as far as it can be without the database. */
  async function checked(req: Request, layer: LayerDefinition, kind: 'create' | 'replace' | 'patch', id?: number): Promise<CheckedFeature | CheckedPatch> {
    // Part 4 with Part 2: a geometry in another CRS says so in Content-Crs; it is stored in CRS84.
    const header = req.get('content-crs');
    const crs: CrsId = header === undefined ? 'CRS84' : crsNamed('Content-Crs', header);
    const body = req.body as Buffer;
    checkRawDepth(body, deps.caps.maxDepth);
    if (body.length > INLINE_BODY_BYTES) {
      return deps.pool.run<CheckedFeature | CheckedPatch>('checkWrite', { layer: layer.id, kind, id, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), caps: deps.caps, crs }, { file: WRITE_TASKS });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'malformed_json', 'request body is not valid JSON');
    }
    return checkWriteBody(layer.id, kind, id, bodyToCrs84(parsed, crs));
  }
  const base = (req: Request) => baseUrl(req, deps.publicUrl);
  const canSeePrivate = (req: Request) => req.principal !== undefined;

  r.get('/', (req, res) => void res.json(landingPage(base(req))));
  r.get('/conformance', (_req, res) => void res.json({ conformsTo: CONFORMANCE }));
  // The document differs between requests only in its base URL: built once (tens of milliseconds of
  // schema conversion), with a stand-in base that each answer replaces.
  let apiTemplate: string | undefined;
  r.get('/api', (req, res) => {
    apiTemplate ??= JSON.stringify(openApiDocument(STAND_IN_BASE, deps.servicePaths()));
    res.type('application/vnd.oai.openapi+json;version=3.0').send(apiTemplate.replaceAll(STAND_IN_BASE, JSON.stringify(base(req)).slice(1, -1)));
  });

  r.get('/collections', async (req, res) => {
    const collections = await Promise.all(LAYERS.map(async (l) => collectionDocument(base(req), l, await deps.repo.extent(l))));
    publicShort(req, res);
    res.json({
      links: [{ href: `${base(req)}/ogc/collections`, rel: 'self', type: 'application/json', title: 'the collections' }],
      collections,
    });
  });

  r.get('/collections/:collectionId', async (req, res) => {
    const layer = layerOf(req);
    res.json(collectionDocument(base(req), layer, await deps.repo.extent(layer)));
  });

  r.get('/collections/:collectionId/schema', (req, res) => {
    const layer = layerOf(req);
    res.type('application/schema+json').send(JSON.stringify(layerSchema(base(req), layer, canSeePrivate(req))));
  });

  r.get('/collections/:collectionId/queryables', (req, res) => {
    const layer = layerOf(req);
    publicShort(req, res);
    res.type('application/schema+json').send(JSON.stringify(queryablesSchema(base(req), layer)));
  });

  r.get('/collections/:collectionId/items', async (req, res) => {
    const layer = layerOf(req);
    const query = parseItemsQuery(layer, req.query as Record<string, unknown>, canSeePrivate(req));
    if (query.f !== 'json') {
      // A file for QGIS, GDAL or a report: every matching feature unless a limit is given.
      return sendLayerExport(res, deps.repo, deps.pool, layer, { format: query.f, query: { ...query, limit: query.limitGiven ? query.limit : undefined }, includePrivate: canSeePrivate(req) });
    }
    const page = await deps.repo.list(layer, { ...query, includePrivate: canSeePrivate(req) });
    publicShort(req, res);
    res.set('Content-Crs', `<${CRS_URI[query.crs]}>`).type('application/geo+json').send(JSON.stringify(itemsPage(base(req), layer, req.query as Record<string, unknown>, query, page)));
  });

  r.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    const layer = layerOf(req);
    if (Object.keys(req.query).some((k) => k !== 'f' && k !== 'version' && k !== 'crs')) throw badRequest('a single feature takes no query parameters except f, version and crs');
    const crs: CrsId = req.query.crs === undefined ? 'CRS84' : crsNamed('crs', typeof req.query.crs === 'string' ? req.query.crs : '(repeated)');
    const convert = fromCrs84(crs);
    res.set('Content-Crs', `<${CRS_URI[crs]}>`);
    const version = versionParam(req.query.version);
    if (version !== undefined) {
      // An old version, from the history (private attributes only for signed-in staff).
      const old = await featureAtVersion(deps.knex, layer, featureId(req), version, canSeePrivate(req));
      if ('missing' in old) throw notFound(old.missing);
      return void res.type('application/geo+json').send(JSON.stringify({ ...old.feature, geometry: convertGeometry(old.feature.geometry, convert) }));
    }
    const feature = await deps.repo.get(layer, featureId(req), canSeePrivate(req));
    if (!feature) throw notFound(`${layer.id} ${req.params.featureId} does not exist`);
    const etag = etagFor(feature.properties.version as number);
    publicShort(req, res);
    if (req.get('if-none-match') === etag) return void res.status(304).set('ETag', etag).end();
    const self = `${base(req)}/ogc/collections/${layer.id}/items/${feature.id}`;
    res.set('ETag', etag).type('application/geo+json').send(JSON.stringify({
      ...feature,
      geometry: convertGeometry(feature.geometry, convert),
      links: [
        { href: self, rel: 'self', type: 'application/geo+json' },
        { href: `${base(req)}/ogc/collections/${layer.id}`, rel: 'collection', type: 'application/json' },
      ],
    }));
  });

  r.post('/collections/:collectionId/items', (req, _res, next) => (requireJson(req), next()), raw, async (req, res) => {
    const layer = layerOf(req);
    const who = requireWriter(req.principal, layer);
    const f = (await checked(req, layer, 'create')) as CheckedFeature & { geometry: LayerGeometry };
    const { feature, etag } = await createFeature(deps, layer, f, who.name);
    sendWritten(req, res, 201, { ETag: etag, Location: `${base(req)}/ogc/collections/${layer.id}/items/${feature.id}` }, feature);
  });

  r.put('/collections/:collectionId/items/:featureId', (req, _res, next) => (requireJson(req), next()), raw, async (req, res) => {
    const layer = layerOf(req);
    const who = requireWriter(req.principal, layer);
    const id = featureId(req);
    const expected = requiredVersions(req.get('if-match'));
    const f = (await checked(req, layer, 'replace', id)) as CheckedFeature;
    const { feature, etag } = await replaceFeature(deps, layer, id, expected, f, who.name);
    sendWritten(req, res, 200, { ETag: etag, Location: `${base(req)}/ogc/collections/${layer.id}/items/${id}` }, feature);
  });

  r.patch('/collections/:collectionId/items/:featureId', (req, _res, next) => (requireJson(req), next()), raw, async (req, res) => {
    const layer = layerOf(req);
    const who = requireWriter(req.principal, layer);
    const id = featureId(req);
    const expected = requiredVersions(req.get('if-match'));
    const p = (await checked(req, layer, 'patch', id)) as CheckedPatch;
    const { feature, etag } = await patchFeature(deps, layer, id, expected, p, who.name);
    sendWritten(req, res, 200, { ETag: etag, Location: `${base(req)}/ogc/collections/${layer.id}/items/${id}` }, feature);
  });

  r.delete('/collections/:collectionId/items/:featureId', async (req, res) => {
    const layer = layerOf(req);
    const who = requireWriter(req.principal, layer);
    await deleteFeature(deps, layer, featureId(req), requiredVersions(req.get('if-match')), who.name);
    res.status(204).end();
  });

  return r;
}
