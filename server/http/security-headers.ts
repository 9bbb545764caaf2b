/**
 * Security headers (helmet): a content security policy for the web client, no sniffing, no
 * framing by other sites, HSTS when served over HTTPS. Map basemaps are images from other
 * hosts, so images may come from any https origin; everything else only from this one.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export function securityHeaders(publicUrl: string | undefined): RequestHandler {
  const https = (publicUrl ?? '').startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:', 'https:'],
        'worker-src': ["'self'", 'blob:'],
        'connect-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'frame-ancestors': ["'none'"],
        // Upgrading to https on a plain-http install (a laptop, a LAN) would break every request.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: false } : false,
    // Other map clients (allow-listed in CORS_ORIGINS) may load tiles and features.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}

/** TRUST_PROXY as express wants it: a hop count, false, or a list of addresses/CIDRs/names. */
export function trustProxySetting(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'false') return false;
  if (value === 'true') return true;
  return value;
}
