/**
 * Relief-supply depots (物资储备库) in the city–town–village hierarchy (市–镇–村 三级储备):
 * city stores at the seat, one store per township, and village points in the hills.
 */
import type { Feature, Point } from 'geojson';
import { allocate, pad } from './allocate.ts';
import type { CountyContext } from './context.ts';
import type { XY } from './frame.ts';
import { mobilePhone, personName } from './names.ts';
import { sampleNear } from './placement.ts';
import type { Rng } from './Rng.ts';
import type { DepotProps, Level } from './types.ts';
import type { Village } from './villages.ts';

export interface DepotPlan {
  total: number;
  /** City-tier stores, shared among the seat towns. */
  city: number;
}

/** Item → [min, max] per tier; a village point keeps only what the first hours need. */
const STOCK: Record<Level, Record<string, [number, number]>> = {
  city: {
    tents: [300, 800], quilts: [2000, 6000], folding_beds: [500, 1500], instant_noodles: [1000, 3000],
    drinking_water_l: [20000, 60000], life_jackets: [500, 1500], generators: [10, 30], flashlights: [1000, 3000],
    raincoats: [1000, 3000], first_aid_kits: [200, 600], sandbags: [10000, 30000], rubber_boats: [5, 15],
  },
  town: {
    tents: [30, 120], quilts: [200, 800], folding_beds: [50, 200], instant_noodles: [100, 400],
    drinking_water_l: [2000, 8000], life_jackets: [50, 200], generators: [2, 6], flashlights: [100, 300],
    raincoats: [100, 400], first_aid_kits: [20, 60], sandbags: [1000, 5000],
  },
  village: {
    tents: [5, 20], quilts: [30, 120], instant_noodles: [20, 80], drinking_water_l: [300, 1200],
    life_jackets: [10, 40], flashlights: [20, 60], raincoats: [20, 80], first_aid_kits: [3, 10],
  },
};

function inventory(tier: Level, rng: Rng): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [item, [lo, hi]] of Object.entries(STOCK[tier])) {
    const q = rng.int(lo, hi);
    out[item] = q >= 1000 ? Math.round(q / 100) * 100 : q >= 100 ? Math.round(q / 10) * 10 : q;
  }
  return out;
}

export function buildDepots(
  ctx: CountyContext,
  villagesByTown: readonly Village[][],
  plan: DepotPlan,
  rng: Rng,
): Feature<Point, DepotProps>[] {
  const features: Feature<Point, DepotProps>[] = [];
  const serial = ctx.towns.map(() => 0);
  const add = (t: number, tier: Level, name: string, near: XY, sigma: number): void => {
    const town = ctx.towns[t];
    const spot = sampleNear(ctx, town, near, sigma, rng);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: spot.lonLat },
      properties: {
        code: `CB${town.code}-${pad(++serial[t], 2)}`,
        name,
        town_code: town.code,
        tier,
        inventory: inventory(tier, rng),
        contact: `${personName(rng)} ${mobilePhone(rng)}`,
      },
    });
  };

  const cityPerSeat = allocate(plan.city, ctx.seatTowns.map(() => 1));
  ctx.seatTowns.forEach((t, s) => {
    for (let i = 0; i < cityPerSeat[s]; i++) {
      const suffix = s === 0 && i === 0 ? '' : `${ctx.towns[t].name.replace(/(街道|镇)$/, '')}分库${i > 0 ? i + 1 : ''}`;
      add(t, 'city', `${ctx.name}应急物资储备库${suffix}`, ctx.towns[t].centre, 2);
    }
  });
  ctx.towns.forEach((town, t) => add(t, 'town', `${town.name}应急物资储备库`, town.centre, 0.8));
  // Village points go where roads are cut first: hilly towns with many people.
  const villageTier = plan.total - plan.city - ctx.towns.length;
  const perTown = allocate(villageTier, ctx.towns.map((t) => t.hilliness ** 2 * t.population));
  ctx.towns.forEach((_, t) => {
    const villages = [...villagesByTown[t]].sort((a, b) => b.hilliness - a.hilliness || (a.code < b.code ? -1 : 1));
    for (let i = 0; i < perTown[t]; i++) {
      const village = villages[i % villages.length];
      add(t, 'village', `${village.name}应急物资储备点${i >= villages.length ? Math.floor(i / villages.length) + 1 : ''}`, village.xy, 0.2);
    }
  });
  return features;
}
