/**
 * What shared caches (nginx, a CDN) and browsers may keep. Public answers of the map are the
 * same for every anonymous reader: kept a few seconds and served stale while refreshed, so that
 * a surge of the public reaches the service a few times per URL, not once per phone. Answers to
 * signed-in staff are never kept (auth middleware); Vary keeps the two apart.
 */
import type { Request, Response } from 'express';

/** A short life, then stale while a cache refreshes it. */
export const PUBLIC_SHORT = 'public, max-age=10, stale-while-revalidate=60';

/** Marks an answer as shareable when the reader is anonymous (staff answers stay private). */
export function publicShort(req: Request, res: Response): void {
  if (req.principal) return;
  res.set('Cache-Control', PUBLIC_SHORT).vary('Cookie').vary('Authorization');
}
