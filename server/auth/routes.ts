import express, { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { ROLES, type Role } from '../layers/types.ts';
import { forbidden, invalid, unauthorized } from '../http/errors.ts';
import { createToken } from './tokens.ts';

const tokenRequest = z.strictObject({ name: z.string().min(1).max(100), role: z.enum(ROLES as [Role, ...Role[]]) });

/** Token management for admins (the CLI does the same offline). */
export function authRoutes(knex: Knex): Router {
  const r = Router();
  r.post('/tokens', express.json({ limit: '10kb' }), async (req, res) => {
    if (!req.principal) throw unauthorized('creating a token needs an admin token');
    if (req.principal.role !== 'admin') throw forbidden('only admins create tokens');
    const parsed = tokenRequest.safeParse(req.body);
    if (!parsed.success) throw invalid('bad token request', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    const created = await createToken(knex, parsed.data.name, parsed.data.role);
    res.status(201).json({ id: created.id, name: parsed.data.name, role: parsed.data.role, token: created.token });
  });
  return r;
}
