import { Router } from 'express';
import type { Database } from '../db/connect.ts';

/** GET /api/health: 200 when the database answers, 503 (same shape) when it does not. */
export function healthRoutes(db: Database): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    // A health answer is about this instance now: no cache in between may keep it.
    res.set('Cache-Control', 'no-store');
    try {
      const postgis = await withTimeout(db.ping(), 5000);
      res.json({ status: 'ok', database: db.kind, postgis });
    } catch {
      res.status(503).json({ status: 'unavailable', database: db.kind, postgis: null });
    }
  });
  return r;
}

/** `p`, or a rejection after `ms` (the health check must answer even if the database hangs). */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))));
  });
}
