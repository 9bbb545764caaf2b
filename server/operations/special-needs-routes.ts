/**
 * People of a household who cannot move alone (特殊群体): the kind of need, how many, and the
 * named helper who moves them. A private sub-record of a risk site, for staff only, copied into
 * an operation's tasks when it starts. GET/POST /api/risk-sites/{id}/special-needs,
 * PATCH/DELETE /api/special-needs/{id} (geohazard teams, duty officers, admins write).
 */
import express, { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { forbidden, notFound, unauthorized } from '../http/errors.ts';
import { parseBody, parseQuery } from '../http/parse-request.ts';
import type { Principal } from '../auth/tokens.ts';
import { id, needBody } from './contract.ts';

const idParam = z.object({ id: id('the id in the path') });

function staff(p: Principal | undefined): Principal {
  if (!p) throw unauthorized('special needs are for signed-in staff');
  return p;
}

function writer(p: Principal | undefined): Principal {
  const who = staff(p);
  if (!['admin', 'geohazard', 'duty'].includes(who.role)) throw forbidden(`role ${who.role} may not record special needs (allowed: admin, geohazard, duty)`);
  return who;
}

const COLUMNS = ['id', 'site_id', 'kind', 'persons', 'helper_name', 'helper_phone', 'note', 'version', 'updated_by', 'updated_at'];

export function specialNeedsRoutes(knex: Knex): Router {
  const r = Router();
  const json = express.json({ limit: '20kb' });

  r.get('/risk-sites/:id/special-needs', async (req, res) => {
    staff(req.principal);
    const site = parseQuery(idParam, req.params).id;
    if (!(await knex('risk_sites').where({ id: site }).whereNull('deleted_at').first('id'))) throw notFound(`no risk site ${site}`);
    res.set('Cache-Control', 'private, no-store').json({ site_id: site, needs: await knex('special_needs').where({ site_id: site }).orderBy('id').select(COLUMNS) });
  });

  r.post('/risk-sites/:id/special-needs', json, async (req, res) => {
    const who = writer(req.principal);
    const site = parseQuery(idParam, req.params).id;
    const body = parseBody(needBody, req.body);
    if (!(await knex('risk_sites').where({ id: site }).whereNull('deleted_at').first('id'))) throw notFound(`no risk site ${site}`);
    const [row] = (await knex('special_needs').insert({ ...body, site_id: site, updated_by: who.name }).returning(COLUMNS)) as Array<Record<string, unknown>>;
    res.status(201).set('Cache-Control', 'private, no-store').json(row);
  });

  r.patch('/special-needs/:id', json, async (req, res) => {
    const who = writer(req.principal);
    const needId = parseQuery(idParam, req.params).id;
    const body = parseBody(needBody.partial(), req.body);
    const [row] = (await knex('special_needs').where({ id: needId }).update({ ...body, version: knex.raw('version + 1'), updated_by: who.name, updated_at: knex.fn.now() }).returning(COLUMNS)) as Array<Record<string, unknown>>;
    if (!row) throw notFound(`no special need ${needId}`);
    res.set('Cache-Control', 'private, no-store').json(row);
  });

  r.delete('/special-needs/:id', async (req, res) => {
    writer(req.principal);
    const needId = parseQuery(idParam, req.params).id;
    // The ids deleted, not a count: the embedded driver's count is not a number of rows.
    const gone = (await knex('special_needs').where({ id: needId }).delete().returning('id')) as unknown[];
    if (gone.length === 0) throw notFound(`no special need ${needId}`);
    res.status(204).end();
  });

  return r;
}
