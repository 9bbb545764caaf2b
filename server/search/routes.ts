/** GET /api/search?q=…: shelters, villages and towns by Chinese or pinyin name. */
import { Router } from 'express';
import type { Knex } from 'knex';
import { badRequest } from '../http/errors.ts';
import { validationDetails } from '../http/validation-errors.ts';
import { searchPlaces } from './search-places.ts';
import { searchQuery } from './contract.ts';


export function searchRoutes(knex: Knex): Router {
  const r = Router();
  r.get('/search', async (req, res) => {
    const parsed = searchQuery.safeParse(req.query);
    if (!parsed.success) {
      throw badRequest('bad search', validationDetails(parsed.error));
    }
    const results = await searchPlaces(knex, parsed.data.q, parsed.data.limit);
    res.set('Cache-Control', 'public, max-age=60').json({ q: parsed.data.q, results });
  });
  return r;
}
