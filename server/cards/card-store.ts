/**
 * What the evacuation card reads from the database: the site (public fields, or all for
 * staff), its town and the hazard zones it lies in.
 */
import type { Knex } from 'knex';
import type { FeatureRepository, StoredFeature } from '../layers/repository.ts';
import { riskSites } from '../layers/risk-sites.ts';
import type { Grade } from '../analysis/types.ts';

export interface CardZone {
  id: number;
  code: string;
  name: string | null;
  hazard: string;
  grade: Grade;
}

export async function findSiteByCode(repo: FeatureRepository, code: string, includePrivate: boolean): Promise<StoredFeature | undefined> {
  const page = await repo.list(riskSites, { filters: { code }, limit: 1, offset: 0, includePrivate });
  return page.features[0];
}

export async function townName(knex: Knex, code: string): Promise<{ name: string; name_en: string | null } | undefined> {
  return (await knex('towns').where({ code }).whereNull('deleted_at').first('name', 'name_en')) as { name: string; name_en: string | null } | undefined;
}

/** Zones holding the point, most severe first. */
export async function zonesAt(knex: Knex, lon: number, lat: number): Promise<CardZone[]> {
  const { rows } = await knex.raw<{ rows: CardZone[] }>(
    `SELECT id, code, name, hazard, grade FROM hazard_zones
     WHERE deleted_at IS NULL AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))
     ORDER BY array_position(ARRAY['very_high','high','medium','low'], grade), code`,
    [lon, lat],
  );
  return rows;
}
