/**
 * A generous per-address limit on anonymous requests, so that one client cannot starve the
 * public map for everyone else. Signed-in staff and the health check are not limited. On
 * PostgreSQL the count is shared by every instance (shared-rate-store.ts); the embedded
 * database serves one process, which counts alone.
 */
import { rateLimit, type Store } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export function anonymousRateLimit(perMinute: number, store?: Store): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(store ? { store } : {}),
    skip: (req) => req.principal !== undefined,
    handler: (_req, _res, next, options) => {
      const retry = Math.ceil(options.windowMs / 1000);
      next(new HttpError(429, 'rate_limited', `more than ${perMinute} requests a minute from this address; slow down`, [], { 'Retry-After': String(retry) }));
    },
  });
}
