/** GET /api/cards/{site code}: the household evacuation card (明白卡) of a risk site. */
import { Router } from 'express';
import { notFound } from '../http/errors.ts';
import { evacuationCard, type CardDeps } from './evacuation-card.ts';

export function cardRoutes(deps: CardDeps): Router {
  const r = Router();
  r.get('/cards/:code', async (req, res) => {
    const code = String(req.params.code);
    if (code.length > 40) throw notFound(`no risk site with code "${code.slice(0, 40)}…"`);
    const card = await evacuationCard(deps, code, req.principal?.name);
    if (!card) throw notFound(`no risk site with code "${code}"`);
    // Staff cards carry private contacts: never cache them in a shared cache.
    res.set('Cache-Control', req.principal ? 'private, no-store' : 'public, max-age=60').set('Vary', 'Cookie, Authorization').json(card);
  });
  return r;
}
