/**
 * Relief-depot reach in the city–town–village hierarchy (市–镇–村 三级储备): every village
 * should lie within `depot_max_distance_m.village` of a village-tier depot, and every town
 * (from its representative point) within `.town` of a town-tier depot and `.city` of a
 * city-tier depot. Those that do not are the gaps.
 *
 * @example
 * const { gaps, townDistance } = depotGaps({ villages, towns: townTable(towns), depots, standards });
 * gaps[0].properties;   // { kind: 'village', tier: 'village', code, distance_m: 7400, max_distance_m: 5000, ... }
 */
import type { Feature, Point } from 'geojson';
import { nearestIndex } from './nearest-index.ts';
import type { Standards } from './standards.ts';
import type { TownTable } from './coverage-towns.ts';
import type { AdminLevel, DepotFeature, VillageFeature } from './types.ts';

const RANK: Record<AdminLevel, number> = { village: 0, town: 1, city: 2 };

export interface DepotGapProps {
  kind: 'village' | 'town';
  /** The depot tier that is too far. */
  tier: AdminLevel;
  source_id: number;
  code: string;
  name: string;
  town_code: string | null;
  /** Distance to the nearest depot of the tier; null when the city has none. */
  distance_m: number | null;
  max_distance_m: number;
  nearest_depot_id: number | null;
  nearest_depot_code: string | null;
  /** For towns: how the point was chosen. */
  point_method?: 'centroid' | 'point_on_surface';
}

export interface DepotGapResult {
  gaps: Feature<Point, DepotGapProps>[];
  /** Per village (input order): metres to the nearest village-tier depot (Infinity when none). */
  villageDistance: Float64Array;
  /** Per town (input order) and tier: metres to the nearest depot (Infinity when none; NaN without a point). */
  townDistance: { town: Float64Array; city: Float64Array };
}

export interface DepotGapInput {
  villages: readonly VillageFeature[];
  towns: TownTable;
  depots: readonly DepotFeature[];
  standards: Readonly<Standards>;
  /** A depot of a higher tier also meets a lower tier's need (default false: each tier on its own). */
  higherTierServes?: boolean;
}

/** Villages and towns beyond reach of a depot of each tier; inputs are not mutated. */
export function depotGaps({ villages, towns, depots, standards, higherTierServes = false }: DepotGapInput): DepotGapResult {
  const byTier = (tier: AdminLevel) => {
    const list = depots.filter((d) => d.geometry?.type === 'Point' && (higherTierServes ? RANK[d.properties.tier] >= RANK[tier] : d.properties.tier === tier));
    return nearestIndex(list);
  };
  const index = { village: byTier('village'), town: byTier('town'), city: byTier('city') };
  const gaps: Feature<Point, DepotGapProps>[] = [];

  const villageDistance = new Float64Array(villages.length).fill(NaN);
  villages.forEach((v, i) => {
    if (v.geometry?.type !== 'Point') return;
    const [lon, lat] = v.geometry.coordinates;
    const hit = index.village.nearest(lon, lat);
    const max = standards.depot_max_distance_m.village;
    villageDistance[i] = hit ? hit.distance_m : Infinity;
    if (hit && hit.distance_m <= max) return;
    gaps.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        kind: 'village',
        tier: 'village',
        source_id: v.id,
        code: v.properties.code,
        name: v.properties.name,
        town_code: v.properties.town_code ?? null,
        distance_m: hit ? round1(hit.distance_m) : null,
        max_distance_m: max,
        nearest_depot_id: hit ? hit.feature.id : null,
        nearest_depot_code: hit ? hit.feature.properties.code : null,
      },
    });
  });

  const townDistance = { town: new Float64Array(towns.features.length).fill(NaN), city: new Float64Array(towns.features.length).fill(NaN) };
  towns.features.forEach((t, i) => {
    const p = towns.points[i];
    if (!p) return;
    for (const tier of ['town', 'city'] as const) {
      const hit = index[tier].nearest(p.lon, p.lat);
      const max = standards.depot_max_distance_m[tier];
      townDistance[tier][i] = hit ? hit.distance_m : Infinity;
      if (hit && hit.distance_m <= max) continue;
      gaps.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: {
          kind: 'town',
          tier,
          source_id: t.id,
          code: t.properties.code,
          name: t.properties.name,
          town_code: t.properties.code,
          distance_m: hit ? round1(hit.distance_m) : null,
          max_distance_m: max,
          nearest_depot_id: hit ? hit.feature.id : null,
          nearest_depot_code: hit ? hit.feature.properties.code : null,
          point_method: p.method,
        },
      });
    }
  });
  return { gaps, villageDistance, townDistance };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
