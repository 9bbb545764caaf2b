/** Villages (行政村): points spread through each town, denser in valleys, sharing out its population. */
import type { Feature, Point } from 'geojson';
import { allocate, pad } from './allocate.ts';
import type { CountyContext, TownContext } from './context.ts';
import type { LonLat, XY } from './frame.ts';
import { placeName } from './names.ts';
import { sampleInTown } from './placement.ts';
import type { Rng } from './Rng.ts';
import type { VillageProps } from './types.ts';

export interface Village {
  code: string;
  name: string;
  xy: XY;
  lonLat: LonLat;
  population: number;
  hilliness: number;
}

/** Persons per household: about the 3.39 of neighbouring Huazhou's 2020 census, a little lower in towns. */
function householdsFor(population: number, kind: TownContext['kind'], rng: Rng): number {
  const size = kind === 'subdistrict' ? rng.float(2.8, 3.2) : rng.float(3.2, 3.7);
  return Math.max(1, Math.round(population / size));
}

function placeVillages(ctx: CountyContext, town: TownContext, count: number, rng: Rng): { xy: XY; lonLat: LonLat }[] {
  const placed: { xy: XY; lonLat: LonLat }[] = [];
  // Villages keep a spacing that shrinks only when the town runs out of room.
  let spacing = 0.5 * Math.sqrt(town.areaKm2 / Math.max(1, count));
  let misses = 0;
  while (placed.length < count) {
    const p = sampleInTown(ctx, town, rng, (xy) => 1 - 0.6 * ctx.terrain.hilliness(xy));
    const tooClose = placed.some((q) => Math.hypot(q.xy[0] - p.xy[0], q.xy[1] - p.xy[1]) < spacing);
    if (!tooClose) {
      placed.push(p);
      misses = 0;
    } else if (++misses > 30) {
      spacing *= 0.85;
      misses = 0;
    }
  }
  return placed;
}

export function buildVillages(ctx: CountyContext, perTown: readonly number[], rng: Rng): {
  features: Feature<Point, VillageProps>[];
  byTown: Village[][];
} {
  const used = new Set<string>();
  const features: Feature<Point, VillageProps>[] = [];
  const byTown = ctx.towns.map((town, t) => {
    const spots = placeVillages(ctx, town, perTown[t], rng);
    const hills = spots.map((s) => ctx.terrain.hilliness(s.xy));
    // Valley villages are bigger; the jitter keeps neighbours from looking alike.
    const pops = allocate(town.population, hills.map((h) => (1.15 - h) * rng.float(0.5, 1.5)), 1);
    return spots.map((spot, i): Village => {
      const name = placeName(rng, used);
      const village: Village = {
        code: town.code + pad(201 + i, 3),
        name: `${name.zh}村`,
        xy: spot.xy,
        lonLat: spot.lonLat,
        population: pops[i],
        hilliness: hills[i],
      };
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: spot.lonLat },
        properties: {
          code: village.code,
          town_code: town.code,
          name: village.name,
          name_en: name.pinyin,
          population: village.population,
          households: householdsFor(village.population, town.kind, rng),
        },
      });
      return village;
    });
  });
  return { features, byTown };
}
