/**
 * POST /api/export?f=geojson|csv|gpkg|fgb: any GeoJSON FeatureCollection — an analysis result
 * such as catchments or coverage gaps — sent back as a file in the asked format. The body is
 * checked like a write (caps first, then every feature and geometry) and encoded in a worker.
 * Collections are exported by the items route (/ogc/collections/{id}/items?f=…).
 */
import express, { Router } from 'express';
import { HttpError } from '../http/errors.ts';
import type { JsonCaps } from '../http/json-caps.ts';
import { parseQuery } from '../http/parse-request.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { EXPORT_TASKS } from './export-tasks.ts';
import { attachment } from './send-export.ts';
import { exportQuery } from './contract.ts';

export interface ExportRouteDeps {
  bodyLimit: string;
  caps: JsonCaps;
  pool: WorkerPool;
}


const JSON_TYPES = ['application/json', 'application/geo+json'];

export function exportRoutes(deps: ExportRouteDeps): Router {
  const r = Router();
  const raw = express.raw({ limit: deps.bodyLimit, type: JSON_TYPES });

  r.post('/export', raw, async (req, res) => {
    const q = parseQuery(exportQuery, req.query);
    if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', `send the FeatureCollection as ${JSON_TYPES.join(' or ')}`, [{ field: 'Content-Type', message: `got "${req.get('content-type') ?? 'none'}"` }]);
    // Every cap (the nesting first, before parsing) is checked in the worker: scanning megabytes here would hold the event loop.
    const body = new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    const file = await deps.pool.run<Uint8Array>('encodeBody', { format: q.f, name: q.name, body, caps: deps.caps }, { file: EXPORT_TASKS });
    attachment(res, q.f, q.name);
    res.send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  });

  return r;
}
