import type { Request } from 'express';

/** The URL clients reach us at: PUBLIC_URL behind a proxy, else what the request says. */
export function baseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
