/**
 * CORS with an allow-list from configuration (CORS_ORIGINS). Allowed origins may read
 * everything and write with a bearer token; credentials (the session cookie) are never
 * granted cross-origin, so a signed-in browser session works on this site only.
 */
import type { RequestHandler } from 'express';

const ALLOW_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match, X-Requested-With';
const EXPOSE_HEADERS = 'ETag, Location, Retry-After, RateLimit, RateLimit-Policy';
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

export function parseOrigins(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

export function corsAllowList(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (!origin || !allowed.has(origin)) {
      // Not allowed (or same-origin): no CORS headers, so the browser keeps the answer from the page.
      if (req.method === 'OPTIONS' && req.get('access-control-request-method')) return void res.status(204).end();
      return next();
    }
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSE_HEADERS });
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      res.set({ 'Access-Control-Allow-Methods': METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS, 'Access-Control-Max-Age': '600' });
      return void res.status(204).end();
    }
    next();
  };
}
