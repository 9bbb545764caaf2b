/**
 * Import routes: POST /api/import/{collection} (multipart "file" and optional "mapping";
 * ?mode=dry-run|commit and the options of import-query.ts), GET /api/import/jobs/{id} for
 * progress, GET /api/import/{collection}/mappings for the saved mappings. Thin handlers.
 */
import fs from 'node:fs';
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { requireWriter } from '../auth/middleware.ts';
import type { FeatureRepository } from '../layers/repository.ts';
import { HttpError, notFound, unauthorized } from '../http/errors.ts';
import { parseQuery } from '../http/parse-request.ts';
import type { LayerChanges } from '../layers/changes.ts';
import { findLayer } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { importFile, makeWorkDir } from './import-file.ts';
import { ImportJobs } from './import-jobs.ts';
import { importQuery, resolveImportQuery } from './import-query.ts';
import type { ImportReport } from './import-report.ts';
import type { ImportLimits } from './limits.ts';
import { receiveUpload } from './multipart-upload.ts';
import { listMappings } from './saved-mappings.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';

export interface ImportRouteDeps {
  knex: Knex;
  repo: FeatureRepository;
  changes: LayerChanges;
  limits: ImportLimits;
  /** Reads the files off the event loop. */
  pool: WorkerPool;
}

function layerOf(req: Request): LayerDefinition {
  const layer = findLayer(String(req.params.collectionId));
  if (!layer) throw notFound(`no collection "${String(req.params.collectionId)}"; see /ogc/collections`);
  return layer;
}

/** A commit with rejected rows wrote nothing: a 422 that carries the whole report. */
function refused(report: ImportReport, job: string): HttpError {
  const details = report.rows.filter((r) => r.action === 'reject').slice(0, 20).flatMap((r) => (r.reasons ?? []).map((d) => ({ ...d, row: r.row })));
  return new HttpError(422, 'import_refused', `${report.counts.rejected} of ${report.counts.read} rows were rejected, so nothing was written; fix them (see the dry run) and commit again`, details, {}, { job, report });
}

export function importRoutes(deps: ImportRouteDeps): Router {
  const r = Router();
  const jobs = new ImportJobs(deps.knex);

  r.get('/import/jobs/:jobId', async (req, res) => {
    if (!req.principal) throw unauthorized('import jobs are visible to signed-in staff');
    const job = await jobs.get(String(req.params.jobId));
    // Another user's job reads as missing unless you are an admin.
    if (!job || (job.created_by !== req.principal.name && req.principal.role !== 'admin')) throw notFound(`no import job ${String(req.params.jobId)}`);
    res.json(job);
  });

  r.get('/import/:collectionId/mappings', async (req, res) => {
    const layer = layerOf(req);
    requireWriter(req.principal, layer);
    res.json({ collection: layer.id, mappings: await listMappings(deps.knex, layer.id) });
  });

  r.post('/import/:collectionId', async (req, res) => {
    const layer = layerOf(req);
    const who = requireWriter(req.principal, layer);
    const q = resolveImportQuery(parseQuery(importQuery, req.query));
    const dir = makeWorkDir();
    const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
    let upload;
    try {
      upload = await receiveUpload(req, deps.limits.maxUploadBytes, dir);
    } catch (e) {
      cleanup();
      throw e;
    }
    const job = await jobs.start(layer.id, q.mode, upload.name, who.name);
    const options = { layer, mode: q.mode, onDuplicate: q.onDuplicate, repair: q.repair, crs: q.crs, mapping: upload.mapping, sourceName: q.sourceName, fileName: upload.name, by: who.name, limits: deps.limits };
    const work = importFile(deps, upload.path, q.file, options, (p) => jobs.progress(job.id, p), deps.pool)
      .then(async (report) => (await jobs.finish(job.id, report), report))
      .catch(async (e: unknown) => {
        await jobs.fail(job.id, e);
        throw e;
      })
      .finally(cleanup);
    const href = `/api/import/jobs/${job.id}`;
    if (/\brespond-async\b/i.test(req.get('prefer') ?? '')) {
      work.catch(() => {}); // the job records the failure
      return void res.status(202).location(href).set('Preference-Applied', 'respond-async').json({ job: job.id, status: 'running', href });
    }
    const report = await work;
    if (report.outcome === 'refused') throw refused(report, job.id);
    res.location(href).json({ job: job.id, ...report });
  });

  return r;
}
