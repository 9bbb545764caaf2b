/**
 * CORS. Anonymous public reads (features, tiles, TileJSON, search, the nearest shelter) answer any
 * origin with `*`, so another site's map can use them; everything else, and any request that
 * carries credentials (Authorization or a cookie), only the allow-list from configuration
 * (CORS_ORIGINS). Allowed origins may read everything and write with a bearer token; credentials
 * (the session cookie) are never granted cross-origin, so a signed-in browser session works on
 * this site only.
 */
import type { Request, RequestHandler } from 'express';

const ALLOW_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match, Prefer, X-Requested-With';
const EXPOSE_HEADERS = 'ETag, Location, Preference-Applied, Retry-After, RateLimit, RateLimit-Policy';
const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const READ_METHODS = 'GET, HEAD, OPTIONS';

/** Paths whose GET is the same for every anonymous reader, wherever the page comes from. */
const PUBLIC_READS = [/^\/ogc(\/|$)/, /^\/tiles\//, /^\/api\/search\/?$/, /^\/api\/analysis\/nearest-shelter\/?$/];

export function parseOrigins(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

const isPreflight = (req: Request) => req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;

/** A GET or HEAD without credentials to a public path (or the preflight of one). */
function isAnonymousPublicRead(req: Request): boolean {
  if (!PUBLIC_READS.some((p) => p.test(req.path))) return false;
  if (isPreflight(req)) {
    const method = (req.get('access-control-request-method') ?? '').toUpperCase();
    const headers = (req.get('access-control-request-headers') ?? '').toLowerCase();
    return (method === 'GET' || method === 'HEAD') && !/\bauthorization\b/.test(headers);
  }
  return (req.method === 'GET' || req.method === 'HEAD') && !req.get('authorization') && !req.get('cookie');
}

export function corsAllowList(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && !allowed.has(origin) && isAnonymousPublicRead(req)) {
      res.set({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSE_HEADERS });
      if (!isPreflight(req)) return next();
      res.set({ 'Access-Control-Allow-Methods': READ_METHODS, 'Access-Control-Allow-Headers': 'If-None-Match', 'Access-Control-Max-Age': '600' });
      return void res.status(204).end();
    }
    if (!origin || !allowed.has(origin)) {
      // Not allowed (or same-origin): no CORS headers, so the browser keeps the answer from the page.
      if (isPreflight(req)) return void res.status(204).end();
      return next();
    }
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSE_HEADERS });
    if (isPreflight(req)) {
      res.set({ 'Access-Control-Allow-Methods': METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS, 'Access-Control-Max-Age': '600' });
      return void res.status(204).end();
    }
    next();
  };
}
