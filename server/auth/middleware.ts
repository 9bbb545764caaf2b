import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { canWrite } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { forbidden, unauthorized } from '../http/errors.ts';
import { findTokenPrincipal, type Principal } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Reads `Authorization: Bearer …`; a header that is present but wrong is a 401, never anonymous. */
export function authenticate(knex: Knex): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw unauthorized('Authorization must be "Bearer <token>"');
    const principal = await findTokenPrincipal(knex, m[1]);
    if (!principal) throw unauthorized('invalid or revoked token');
    req.principal = principal;
    next();
  };
}

export function requireWriter(principal: Principal | undefined, layer: LayerDefinition): Principal {
  if (!principal) throw unauthorized(`writing to ${layer.id} needs a bearer token`);
  if (!canWrite(layer, principal.role)) {
    throw forbidden(`role ${principal.role} may not write ${layer.id} (allowed: admin, ${layer.writeRoles.join(', ')})`);
  }
  return principal;
}
