/** API token management for admins: list (never the secrets), create (shown once), revoke. */
import express, { Router } from 'express';
import type { Knex } from 'knex';
import { notFound } from '../http/errors.ts';
import { requireAdmin } from './middleware.ts';
import { idParam, parseBody } from './request-checks.ts';
import { tokenBody } from './contract.ts';
import { createToken, listTokens, revokeToken } from './tokens.ts';

export function tokenRoutes(knex: Knex): Router {
  const r = Router();

  r.get('/tokens', async (req, res) => {
    requireAdmin(req.principal, 'list tokens');
    res.set('Cache-Control', 'no-store').json({ tokens: await listTokens(knex) });
  });

  r.post('/tokens', express.json({ limit: '10kb' }), async (req, res) => {
    requireAdmin(req.principal, 'create tokens');
    const body = parseBody(tokenBody, req, 'token request');
    const created = await createToken(knex, body.name, body.role);
    res.status(201).set('Cache-Control', 'no-store').json({ id: created.id, name: body.name, role: body.role, token: created.token });
  });

  r.delete('/tokens/:id', async (req, res) => {
    requireAdmin(req.principal, 'revoke tokens');
    const id = idParam(req, 'token');
    if (!(await revokeToken(knex, id))) throw notFound(`no live token ${id}`);
    res.status(204).end();
  });

  return r;
}
