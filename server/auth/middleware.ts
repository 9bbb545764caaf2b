import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { canWrite } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';
import { forbidden, unauthorized } from '../http/errors.ts';
import { readCookie } from './cookies.ts';
import { checkCsrf } from './csrf.ts';
import { SESSION_COOKIE, findSessionPrincipal } from './sessions.ts';
import { findTokenPrincipal, type Principal } from './tokens.ts';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export interface AuthenticateOptions {
  /** The external URL, which a signed-in browser's Origin may also name. */
  publicUrl?: string;
}

/**
 * Sets req.principal from `Authorization: Bearer …` (scripts) or the session cookie (the web
 * client). A bearer header that is present but wrong is a 401, never anonymous; an expired or
 * unknown session cookie reads as anonymous, so that the public map keeps working.
 */
export function authenticate(knex: Knex, options: AuthenticateOptions = {}): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unauthorized('Authorization must be "Bearer <token>"');
      const principal = await findTokenPrincipal(knex, m[1]);
      if (!principal) throw unauthorized('invalid or revoked token');
      req.principal = principal;
    } else {
      const session = readCookie(req, SESSION_COOKIE);
      const principal = session ? await findSessionPrincipal(knex, session) : undefined;
      if (principal) {
        checkCsrf(req, options.publicUrl);
        req.principal = principal;
      }
    }
    // Staff answers may hold private attributes: no shared cache (proxy, CDN) may keep them.
    // A route whose answer is the same for everyone may still say otherwise.
    if (req.principal) res.set('Cache-Control', 'private, no-store');
    next();
  };
}

export function requireWriter(principal: Principal | undefined, layer: LayerDefinition): Principal {
  if (!principal) throw unauthorized(`writing to ${layer.id} needs a bearer token or a signed-in session`);
  if (!canWrite(layer, principal.role)) {
    throw forbidden(`role ${principal.role} may not write ${layer.id} (allowed: admin, ${layer.writeRoles.join(', ')})`);
  }
  return principal;
}

export function requireAdmin(principal: Principal | undefined, what: string): Principal {
  if (!principal) throw unauthorized(`${what} needs an admin's token or session`);
  if (principal.role !== 'admin') throw forbidden(`only admins may ${what}`);
  return principal;
}
