/**
 * Cross-site request forgery guard for cookie-authenticated writes. A browser attaches the
 * session cookie by itself, so a write that relies on it must also prove that it came from
 * our own pages: it must carry the X-Requested-With header (which a cross-site form cannot
 * send, and a cross-site script only after a CORS preflight we do not grant with credentials)
 * and, when the browser says where it comes from (Origin), come from our own origin.
 * Bearer-token requests need no guard: a forged request cannot carry the token.
 */
import type { Request } from 'express';
import { HttpError } from '../http/errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'X-Requested-With';

function ownOrigins(req: Request, publicUrl: string | undefined): string[] {
  const origins = [`${req.protocol}://${req.get('host') ?? ''}`];
  if (publicUrl) origins.push(new URL(publicUrl).origin);
  return origins;
}

export function checkCsrf(req: Request, publicUrl: string | undefined): void {
  if (SAFE.has(req.method)) return;
  if (!req.get(CSRF_HEADER)) {
    throw new HttpError(403, 'csrf_rejected', `a signed-in browser write must send the ${CSRF_HEADER} header`, [{ field: CSRF_HEADER, message: 'missing' }]);
  }
  const origin = req.get('origin');
  if (origin && !ownOrigins(req, publicUrl).includes(origin)) {
    throw new HttpError(403, 'csrf_rejected', `a signed-in browser write must come from this site, not ${origin.slice(0, 100)}`, [{ field: 'Origin', message: 'not this site' }]);
  }
}
