/**
 * The household evacuation card (明白卡) of one risk site: the site and its grade, the hazard
 * zones it lies in, its designated shelter with the distance and the straight line, the
 * warning signals and what to do, and — on cards printed by signed-in staff — the monitor.
 */
import type { Knex } from 'knex';
import type { Point } from 'geojson';
import type { FeatureRepository } from '../layers/repository.ts';
import type { SafeShelterAnswer } from '../analysis/nearest-safe-shelter.ts';
import { findSiteByCode, townName, zonesAt, type CardZone } from './card-store.ts';
import type { WarningSignals } from './warning-signals.ts';

export interface CardDeps {
  knex: Knex;
  repo: FeatureRepository;
  /** "Where do I go?" from a position: the card's shelter is the one the public map gives. */
  nearestShelter(lon: number, lat: number): Promise<SafeShelterAnswer | null>;
  signals: WarningSignals;
}

export interface EvacuationCard {
  site: { id: number; geometry: Point; properties: Record<string, unknown> };
  town: { code: string; name: string | null; name_en: string | null };
  grade: { grade: string | null; score: number | null; graded_at: string | null };
  hazard_zones: CardZone[];
  shelter: SafeShelterAnswer | null;
  /** Present only on a card for signed-in staff. */
  monitor: { name: string | null; phone: string | null } | null;
  warning_signals: WarningSignals;
  printed_by: string | null;
  generated_at: string;
}

export async function evacuationCard(deps: CardDeps, code: string, viewer: string | undefined): Promise<EvacuationCard | undefined> {
  const staff = viewer !== undefined;
  const site = await findSiteByCode(deps.repo, code, staff);
  if (!site || site.geometry.type !== 'Point') return undefined;
  const [lon, lat] = site.geometry.coordinates;
  const p = site.properties;
  const townCode = String(p.town_code);
  const [town, zones, shelter] = await Promise.all([townName(deps.knex, townCode), zonesAt(deps.knex, lon, lat), deps.nearestShelter(lon, lat)]);
  const { monitor_name, monitor_phone, ...publicProps } = p;
  return {
    site: { id: site.id, geometry: site.geometry, properties: staff ? p : publicProps },
    town: { code: townCode, name: town?.name ?? null, name_en: town?.name_en ?? null },
    grade: { grade: (p.grade as string | null) ?? null, score: (p.grade_score as number | null) ?? null, graded_at: (p.graded_at as string | null) ?? null },
    hazard_zones: zones,
    shelter,
    monitor: staff ? { name: (monitor_name as string | null) ?? null, phone: (monitor_phone as string | null) ?? null } : null,
    warning_signals: deps.signals,
    printed_by: viewer ?? null,
    generated_at: new Date().toISOString(),
  };
}
