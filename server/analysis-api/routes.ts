/**
 * Analysis routes under /api/analysis: each checks its query, names the layers and the worker
 * task, and sends the answer in the shape asked for (answer-response.ts). The analyses run in
 * the worker pool; bodies are checked there.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError, notFound } from '../http/errors.ts';
import { publicShort } from '../http/cache-control.ts';
import type { JsonCaps } from '../http/json-caps.ts';
import { parseQuery } from '../http/parse-request.ts';
import type { SafeShelterAnswer } from '../analysis/nearest-safe-shelter.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import type { AnalysisLayers } from './analysis-inputs.ts';
import { catchmentQuery, coverageQuery, isochroneQuery, nearestQuery, routeQuery } from './analysis-params.ts';
import type { RouteAnswer } from './analysis-tasks.ts';
import type { AnalysisRunner } from './analysis-runner.ts';
import { answerShape, questionOf, sendAnswer, type AnswerShape } from './answer-response.ts';

export interface AnalysisDeps {
  runner: AnalysisRunner;
  /** The pool that encodes downloads of an answer's lists. */
  pool: WorkerPool;
  bodyLimit: string;
  publicUrl: string | undefined;
  caps: JsonCaps;
}

const JSON_TYPES = ['application/json', 'application/geo+json'];

/** The body as received: the worker checks every cap (its nesting first) before it parses it. */
function rawBody(req: Request): Uint8Array | undefined {
  if (req.body === undefined || (Buffer.isBuffer(req.body) && req.body.length === 0)) return undefined;
  if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported_media_type', `send the body as ${JSON_TYPES.join(' or ')}`);
  return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength);
}

export function analysisRoutes(deps: AnalysisDeps): Router {
  const r = Router();
  const raw = express.raw({ limit: deps.bodyLimit, type: JSON_TYPES });

  /**
   * An analysis route: its query's own parameters plus the answer's shape, its layers and task.
   * `travel`: the roads are read too, when the question measures along them (`mode` in the
   * query other than straight, or `always` when the mode is in the body).
   */
  function analysis<S extends z.ZodRawShape, K extends keyof AnalysisLayers>(name: string, task: string, layers: readonly K[], shape: S, travel: 'query' | 'always' | 'never' = 'never') {
    const schema = z.strictObject({ ...shape, ...answerShape });
    return async (req: Request, res: Response) => {
      const q = parseQuery(schema, req.query) as AnswerShape & Record<string, unknown>;
      const body = req.method === 'POST' ? rawBody(req) : undefined;
      const roads = travel === 'always' || (travel === 'query' && q.mode !== 'straight');
      // Closing the roads through hazard zones reads the zones, when the analysis does not already.
      const zones = q.close_zones !== undefined && !layers.includes('zones' as K);
      const names: Array<K | 'roads' | 'zones'> = [...layers, ...(roads ? ['roads' as const] : []), ...(zones ? ['zones' as const] : [])];
      const answer = await deps.runner.answer(task, names, { query: questionOf(q) }, body);
      // The same answer for everyone (analyses carry no private attribute); what-if POSTs are not cached.
      if (req.method === 'GET') publicShort(req, res);
      await sendAnswer(req, res, answer, q, { pool: deps.pool, publicUrl: deps.publicUrl, name });
    };
  }

  const catchments = analysis('catchments', 'runCatchments', ['sites', 'villages', 'shelters', 'towns'], catchmentQuery, 'query');
  const coverage = analysis('coverage', 'runCoverage', ['sites', 'villages', 'shelters', 'depots', 'zones', 'towns'], coverageQuery, 'query');
  r.get('/catchments', catchments);
  r.post('/catchments', raw, catchments);
  r.get('/coverage', coverage);
  r.post('/coverage', raw, coverage);
  r.post('/siting', raw, analysis('siting', 'runSiting', ['sites', 'villages', 'shelters', 'zones'], {}, 'always'));
  r.post('/evacuation', raw, analysis('evacuation', 'runEvacuation', ['sites', 'shelters', 'depots', 'zones', 'towns'], {}, 'always'));

  r.get('/nearest-shelter', async (req, res) => {
    const q = parseQuery(nearestQuery, req.query);
    const layers = q.mode === 'straight' ? (['shelters', 'zones'] as const) : (['shelters', 'zones', 'roads'] as const);
    const answer = await deps.runner.quick<SafeShelterAnswer | null, 'shelters' | 'zones' | 'roads'>('runNearestShelter', layers, { lon: q.lon, lat: q.lat, mode: q.mode });
    if (!answer) throw notFound('no usable shelter outside the high-risk zones');
    publicShort(req, res);
    res.json(answer);
  });

  r.get('/route', async (req, res) => {
    const q = parseQuery(routeQuery, req.query);
    const route = await deps.runner.quick<RouteAnswer, 'shelters' | 'roads'>('runRoute', ['shelters', 'roads'], { from: q.from, shelter_id: q.shelter_id, mode: q.mode, closures: q.closures });
    publicShort(req, res);
    res.type('application/geo+json').send(JSON.stringify(route));
  });

  r.get('/isochrones', analysis('isochrones', 'runIsochrones', ['shelters'], isochroneQuery, 'always'));

  return r;
}

/** GET /api/indicators: the plan's indicators per town and for the city. */
export function indicatorRoutes(deps: AnalysisDeps): Router {
  const r = Router();
  r.get('/indicators', async (req, res) => {
    const q = parseQuery(z.strictObject({ ...answerShape }), req.query) as AnswerShape;
    const answer = await deps.runner.answer('runIndicators', ['sites', 'shelters', 'depots', 'zones', 'towns'], {});
    publicShort(req, res);
    await sendAnswer(req, res, answer, q, { pool: deps.pool, publicUrl: deps.publicUrl, name: 'indicators' });
  });
  return r;
}
