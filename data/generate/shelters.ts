/**
 * Emergency shelters (应急避难场所): city-level ones at the county seat, a few per township at its
 * centre, and village ones at schools, halls and squares. Capacity follows the shelter type.
 */
import type { Feature, Point } from 'geojson';
import { allocate, pad } from './allocate.ts';
import type { CountyContext, TownContext } from './context.ts';
import type { XY } from './frame.ts';
import { mobilePhone, personName } from './names.ts';
import { sampleNear } from './placement.ts';
import type { Rng } from './Rng.ts';
import type { Level, ShelterProps, ShelterType } from './types.ts';
import type { Village } from './villages.ts';

export interface ShelterPlan {
  total: number;
  /** City-level shelters, shared among the seat towns. */
  city: number;
  /** Town-level shelters in every township. */
  perTownship: number;
}

const TYPE_BY_LEVEL: Record<Level, Record<ShelterType, number>> = {
  city: { emergency: 0, short_term: 0.25, mid_term: 0.35, long_term: 0.4 },
  town: { emergency: 0.25, short_term: 0.35, mid_term: 0.3, long_term: 0.1 },
  village: { emergency: 0.8, short_term: 0.2, mid_term: 0, long_term: 0 },
};

/** Persons; long-term camps hold thousands, a village hall a few hundred. */
const CAPACITY: Record<ShelterType, [number, number]> = {
  emergency: [200, 2000],
  short_term: [500, 3000],
  mid_term: [1000, 5000],
  long_term: [1000, 10000],
};

/** Facilities in a fixed order; larger, longer-stay shelters have more of them. */
const FACILITIES: readonly [name: string, fromType: ShelterType][] = [
  ['water_supply', 'emergency'], ['toilets', 'emergency'], ['lighting', 'emergency'], ['broadcast', 'emergency'],
  ['power_supply', 'short_term'], ['medical_point', 'short_term'], ['fire_fighting', 'short_term'],
  ['kitchen', 'mid_term'], ['bedding', 'mid_term'], ['showers', 'mid_term'],
  ['supply_storage', 'long_term'], ['waste_disposal', 'long_term'],
];

const TYPE_RANK: Record<ShelterType, number> = { emergency: 0, short_term: 1, mid_term: 2, long_term: 3 };

const CITY_VENUES = ['人民广场', '体育中心', '文化公园', '第一中学', '第二中学', '人民公园', '会展中心', '职业技术学校', '滨江公园', '奥体中心', '实验中学', '青少年活动中心'];
const TOWN_VENUES = ['中心小学', '第一小学', '中学', '文化广场', '文体中心', '政府广场', '农贸市场广场', '第二小学', '卫生院广场', '敬老院'];
const VILLAGE_VENUES = ['委会', '小学', '文化室', '文化广场', '篮球场', '祠堂'];

function capacityFor(type: ShelterType, level: Level, rng: Rng): number {
  const [lo, hi] = CAPACITY[type];
  // Village shelters sit at the small end of their type's range.
  const top = level === 'village' ? lo + (hi - lo) * 0.35 : hi;
  return Math.round(rng.float(lo, top) / 10) * 10;
}

function facilitiesFor(type: ShelterType, rng: Rng): string[] {
  return FACILITIES.filter(([, from]) => TYPE_RANK[from] <= TYPE_RANK[type] && rng.chance(0.9)).map(([name]) => name);
}

export function buildShelters(
  ctx: CountyContext,
  villagesByTown: readonly Village[][],
  plan: ShelterPlan,
  rng: Rng,
): Feature<Point, ShelterProps>[] {
  const features: Feature<Point, ShelterProps>[] = [];
  const usedNames = new Set<string>();
  const serial = ctx.towns.map(() => 0);
  const add = (t: number, level: Level, near: XY, sigma: number, nameFor: (attempt: number) => string): void => {
    const town = ctx.towns[t];
    let name = nameFor(0);
    for (let a = 1; usedNames.has(name); a++) name = a < 20 ? nameFor(a) : `${nameFor(0).replace(/应急避难场所$/, '')}${a}号应急避难场所`;
    usedNames.add(name);
    const type = rng.weighted(TYPE_BY_LEVEL[level]);
    const capacity = capacityFor(type, level, rng);
    const spot = sampleNear(ctx, town, near, sigma, rng);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: spot.lonLat },
      properties: {
        code: `BN${town.code}-${pad(++serial[t], 3)}`,
        name,
        town_code: town.code,
        shelter_type: type,
        level,
        capacity,
        effective_area_m2: Math.round((capacity * rng.float(1.5, 3)) / 10) * 10,
        facilities: facilitiesFor(type, rng),
        status: rng.weighted({ open: 0.82, standby: 0.08, closed: 0.04, planned: 0.06 }),
        contact_name: personName(rng),
        contact_phone: mobilePhone(rng),
      },
    });
  };

  const cityPerSeat = allocate(plan.city, ctx.seatTowns.map(() => 1));
  ctx.seatTowns.forEach((t, s) => {
    for (let i = 0; i < cityPerSeat[s]; i++) add(t, 'city', ctx.towns[t].centre, 1.5, (a) => `${ctx.name}${CITY_VENUES[(i * 3 + s * 5 + a) % CITY_VENUES.length]}应急避难场所`);
  });
  ctx.towns.forEach((town: TownContext, t) => {
    for (let i = 0; i < plan.perTownship; i++) add(t, 'town', town.centre, 1.0, (a) => `${town.name}${TOWN_VENUES[(i + a) % TOWN_VENUES.length]}应急避难场所`);
  });
  const villageTotal = plan.total - plan.city - plan.perTownship * ctx.towns.length;
  const perTown = allocate(villageTotal, ctx.towns.map((t) => t.population), 0);
  ctx.towns.forEach((_, t) => {
    // Each village gets at most one before any gets a second.
    const villages = rng.shuffle([...villagesByTown[t]]);
    for (let i = 0; i < perTown[t]; i++) {
      const village = villages[i % villages.length];
      const first = rng.int(0, VILLAGE_VENUES.length - 1);
      add(t, 'village', village.xy, 0.3, (a) => `${village.name}${VILLAGE_VENUES[(first + a) % VILLAGE_VENUES.length]}应急避难场所`);
    }
  });
  return features;
}
