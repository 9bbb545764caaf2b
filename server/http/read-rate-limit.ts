/**
 * A generous per-address limit on anonymous requests, so that one client cannot starve the
 * public map for everyone else. Signed-in staff and the health check are not limited; the
 * count is per instance (each instance behind a load balancer allows its own share).
 */
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

export function anonymousRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.principal !== undefined,
    handler: (_req, _res, next, options) => {
      const retry = Math.ceil(options.windowMs / 1000);
      next(new HttpError(429, 'rate_limited', `more than ${perMinute} requests a minute from this address; slow down`, [], { 'Retry-After': String(retry) }));
    },
  });
}
