/**
 * Risk grading of slope-cut housing sites: grade one site, regrade all, read a site's history.
 * Grades come from the pure gradeSite() under the configured rule set; every grading is kept.
 */
import express, { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type { GradingRules } from '../analysis/grading-rules.ts';
import { requireWriter } from '../auth/middleware.ts';
import type { LayerChanges } from '../layers/changes.ts';
import { riskSites } from '../layers/risk-sites.ts';
import { invalid, notFound } from '../http/errors.ts';
import { validationDetails } from '../http/validation-errors.ts';
import { gradeAllSites, gradeOneSite, gradingHistory, siteExists } from './grading-store.ts';
import { gradeBody } from './contract.ts';

export interface GradingDeps {
  knex: Knex;
  rules: GradingRules;
  changes: LayerChanges;
}


function siteId(req: Request): number {
  const raw = String(req.params.id);
  if (!/^\d{1,9}$/.test(raw)) throw notFound(`no risk site "${raw}"`);
  return Number(raw);
}

function note(body: unknown): string | null {
  const parsed = gradeBody.safeParse(body ?? {});
  if (!parsed.success) throw invalid('bad grading request', validationDetails(parsed.error));
  return parsed.data.note ?? null;
}

export function gradingRoutes(deps: GradingDeps): Router {
  const r = Router();
  const json = express.json({ limit: '20kb' });

  r.post('/risk-sites/grade-all', json, async (req, res) => {
    const who = requireWriter(req.principal, riskSites);
    const n = note(req.body);
    const summary = await gradeAllSites(deps.knex, deps.rules, who.name, n);
    deps.changes.notify({ layer: riskSites.id, id: 0, op: 'update' });
    res.json(summary);
  });

  r.post('/risk-sites/:id/grade', json, async (req, res) => {
    const who = requireWriter(req.principal, riskSites);
    const id = siteId(req);
    const n = note(req.body);
    const recorded = await gradeOneSite(deps.knex, id, deps.rules, who.name, n);
    if (!recorded) throw notFound(`risk site ${id} does not exist`);
    deps.changes.notify({ layer: riskSites.id, id, op: 'update' });
    res.status(201).json(recorded);
  });

  r.get('/risk-sites/:id/gradings', async (req, res) => {
    const id = siteId(req);
    if (!(await siteExists(deps.knex, id))) throw notFound(`risk site ${id} does not exist`);
    const history = await gradingHistory(deps.knex, id);
    // Who graded is staff information; the public sees the grades and their reasons.
    res.json({ site_id: id, gradings: req.principal ? history : history.map(({ graded_by: _by, ...rest }) => rest) });
  });

  return r;
}
