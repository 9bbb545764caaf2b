/**
 * GET /api/history: the recorded versions of a feature (or the latest entries of a collection);
 * POST /api/history/restore: bring a deleted feature or an old version back. Staff only.
 */
import express, { Router, type Request } from 'express';
import { findLayer } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { requireWriter } from '../auth/middleware.ts';
import { requiredVersion } from '../layers/etag.ts';
import type { WriteDeps } from '../layers/feature-writes.ts';
import { HttpError, badRequest, invalid, notFound, unauthorized } from '../http/errors.ts';
import { validationDetails } from '../http/validation-errors.ts';
import { listHistory } from '../layers/history-store.ts';
import { restoreFeature } from './restore.ts';
import { historyQuery, restoreBody } from './contract.ts';

function layerNamed(name: string): LayerDefinition {
  const layer = findLayer(name);
  if (!layer) throw notFound(`no collection "${name}"; see /ogc/collections`);
  return layer;
}

export function historyRoutes(deps: WriteDeps): Router {
  const r = Router();

  r.get('/history', async (req: Request, res) => {
    // Who changed what, and private attributes' old values, are staff information.
    if (!req.principal) throw unauthorized('the history is for signed-in staff');
    const parsed = historyQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest('bad history query', validationDetails(parsed.error));
    const q = parsed.data;
    const layer = layerNamed(q.collection);
    const page = await listHistory(deps.knex, layer, q, true);
    if (q.id !== undefined && q.op === undefined && page.numberMatched === 0) throw notFound(`${layer.id} ${q.id} has no history`);
    res.json({ collection: layer.id, id: q.id ?? null, numberMatched: page.numberMatched, numberReturned: page.entries.length, entries: page.entries });
  });

  r.post('/history/restore', express.json({ limit: '10kb' }), async (req, res) => {
    if (!req.principal) throw unauthorized('restoring needs a signed-in writer');
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'send the restore request as application/json', [{ field: 'Content-Type', message: `got "${req.get('content-type') ?? 'none'}"` }]);
    const parsed = restoreBody.safeParse(req.body);
    if (!parsed.success) throw invalid('bad restore request', validationDetails(parsed.error));
    const layer = layerNamed(parsed.data.collection);
    const who = requireWriter(req.principal, layer);
    const header = req.get('if-match');
    const { feature, etag } = await restoreFeature(deps, layer, { ...parsed.data, expected: header ? requiredVersion(header) : undefined }, who.name);
    res.set('ETag', etag).type('application/geo+json').send(JSON.stringify(feature));
  });

  return r;
}
