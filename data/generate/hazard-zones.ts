/**
 * Graded hazard zones (风险区): landslide and debris-flow zones in the hills, flood bands along
 * the river, waterlogging around town centres, forest-fire and typhoon zones over wide areas.
 * Every zone is a valid MultiPolygon inside the county outline; zones may cross town borders.
 */
import type { Feature, MultiPolygon } from 'geojson';
import { pad } from './allocate.ts';
import type { CountyContext } from './context.ts';
import type { LonLat, XY } from './frame.ts';
import { orientRing, pointInRing, ringBBox, ringInside, ringsDisjoint, selfIntersects } from './geometry.ts';
import { townAt } from './placement.ts';
import type { Rng } from './Rng.ts';
import { roundRing } from './round.ts';
import { blob, chainage, corridor } from './shapes.ts';
import { GRADES, HAZARDS, type Grade, type Hazard, type HazardZoneProps } from './types.ts';
import type { Village } from './villages.ts';

export type HazardPlan = Record<Hazard, number>;

const HAZARD_ZH: Record<Hazard, string> = {
  landslide: '滑坡', debris_flow: '泥石流', flood: '洪水', waterlogging: '内涝', forest_fire: '森林火险', typhoon: '台风',
};
const GRADE_ZH: Record<Grade, string> = { very_high: '极高', high: '高', medium: '中', low: '低' };
const SOURCE: Record<Hazard, string> = {
  landslide: 'synthetic sample (county geohazard survey style)',
  debris_flow: 'synthetic sample (county geohazard survey style)',
  flood: 'synthetic sample (flood risk map style)',
  waterlogging: 'synthetic sample (waterlogging risk survey style)',
  forest_fire: 'synthetic sample (forest fire risk zoning style)',
  typhoon: 'synthetic sample (typhoon risk zoning style)',
};
/** Index of each grade, 0 = very_high: worse zones are drawn smaller and tighter. */
const GRADE_RANK: Record<Grade, number> = { very_high: 0, high: 1, medium: 2, low: 3 };

/** The first four zones of a hazard take all four grades, so every hazard shows every grade. */
function gradesFor(count: number, rng: Rng): Grade[] {
  const first = rng.shuffle([...GRADES]).slice(0, count);
  const rest = Array.from({ length: count - first.length }, () => rng.weighted({ very_high: 0.12, high: 0.25, medium: 0.33, low: 0.3 }));
  return [...first, ...rest];
}

function sampleInOutline(ctx: CountyContext, rng: Rng, accept: (xy: XY) => number): XY {
  const [w, s, e, n] = ringBBox(ctx.outline);
  for (let i = 0; ; i++) {
    const p: XY = [rng.float(w, e), rng.float(s, n)];
    if (pointInRing(p, ctx.outline) && (i > 5000 || rng.chance(accept(p)))) return p;
  }
}

/** Direction (radians) in which the ground falls towards the river. */
function downhill(ctx: CountyContext, p: XY): number {
  const d = (q: XY) => ctx.terrain.distanceToRiver(q);
  return Math.atan2(-(d([p[0], p[1] + 0.2]) - d([p[0], p[1] - 0.2])), -(d([p[0] + 0.2, p[1]]) - d([p[0] - 0.2, p[1]])));
}

/** Extra parts placed clear of the first, for zones that come in pieces. */
function withSatellites(first: XY[], centre: XY, radius: number, extra: number, rng: Rng, make: (c: XY, r: number) => XY[]): XY[][] {
  const parts = [first];
  for (let i = 0; i < extra; i++) {
    const r = radius * rng.float(0.4, 0.8);
    const dir = rng.float(0, 2 * Math.PI);
    const dist = (radius + r) * rng.float(1.4, 2.2);
    parts.push(make([centre[0] + dist * Math.cos(dir), centre[1] + dist * Math.sin(dir)], r));
  }
  return parts;
}

function design(ctx: CountyContext, hazard: Hazard, grade: Grade, shrink: number, rng: Rng): { parts: XY[][]; centre: XY } {
  const g = GRADE_RANK[grade];
  const h = (p: XY) => ctx.terrain.hilliness(p);
  const round = (c: XY, r: number, stretch = 1.5): XY[] => blob({ centre: c, rx: r * rng.float(1, stretch), ry: r, rotation: rng.float(0, Math.PI) }, rng);
  switch (hazard) {
    case 'landslide': {
      const c = sampleInOutline(ctx, rng, (p) => h(p) ** 2);
      const r = rng.float(0.3 + 0.25 * g, 0.8 + 0.45 * g) * shrink;
      return { centre: c, parts: withSatellites(round(c, r), c, r, rng.chance(0.25) ? 1 : 0, rng, (cc, rr) => round(cc, rr)) };
    }
    case 'debris_flow': {
      const c = sampleInOutline(ctx, rng, (p) => h(p) ** 1.5);
      const length = rng.float(1.5 + 0.4 * g, 3 + 0.6 * g) * shrink;
      const width = rng.float(0.25, 0.6) * shrink;
      return { centre: c, parts: [blob({ centre: c, rx: length / 2, ry: width / 2, rotation: downhill(ctx, c) }, rng)] };
    }
    case 'flood': {
      const line = ctx.terrain.river;
      const ch = chainage(line);
      const length = rng.float(4, 12) * shrink;
      const s0 = rng.float(0, Math.max(0, ch[ch.length - 1] - length));
      const half = rng.float([0.25, 0.5, 0.9, 1.4][g], [0.5, 0.9, 1.5, 2.4][g]) * shrink;
      const ring = corridor(line, ch, s0, s0 + length, half);
      return { centre: ring[Math.floor(ring.length / 4)], parts: [ring] };
    }
    case 'waterlogging': {
      // Low-lying, populous town centres flood first after a downpour.
      const town = ctx.towns[rng.weightedIndex(ctx.towns.map((t) => t.population * (1 - t.hilliness) ** 2 + 1))];
      const c: XY = [town.centre[0] + rng.normal(0, 1.5), town.centre[1] + rng.normal(0, 1.5)];
      const r = rng.float(0.2 + 0.1 * g, 0.5 + 0.25 * g) * shrink;
      return { centre: c, parts: withSatellites(round(c, r), c, r, rng.chance(0.3) ? rng.int(1, 2) : 0, rng, (cc, rr) => round(cc, rr)) };
    }
    case 'forest_fire': {
      const c = sampleInOutline(ctx, rng, (p) => h(p) ** 1.5);
      const r = rng.float(1.5, 3 + 0.6 * g) * shrink;
      return { centre: c, parts: withSatellites(round(c, r, 1.8), c, r, rng.chance(0.3) ? 1 : 0, rng, (cc, rr) => round(cc, rr, 1.8)) };
    }
    case 'typhoon': {
      const c = sampleInOutline(ctx, rng, () => 1);
      const r = rng.float(4 + g, 8 + 1.5 * g) * shrink;
      return { centre: c, parts: withSatellites(round(c, r, 1.6), c, r, rng.chance(0.2) ? 1 : 0, rng, (cc, rr) => round(cc, rr, 1.6)) };
    }
  }
}

/** Rounded lon/lat parts, or null when a part is not simple, leaves the outline or meets another part. */
function finish(ctx: CountyContext, parts: XY[][]): LonLat[][] | null {
  const rings = parts.map((ring) => orientRing(roundRing(ring.map((p) => ctx.frame.toLonLat(p))), true));
  for (const ring of rings) {
    if (ring.length < 4 || selfIntersects(ring) || !ringInside(ring, ctx.outlineLonLat)) return null;
  }
  for (let i = 0; i < rings.length; i++) for (let j = i + 1; j < rings.length; j++) if (!ringsDisjoint(rings[i], rings[j])) return null;
  return rings;
}

function nearestVillage(villages: readonly Village[], p: XY): Village {
  let best = villages[0];
  for (const v of villages) if (Math.hypot(v.xy[0] - p[0], v.xy[1] - p[1]) < Math.hypot(best.xy[0] - p[0], best.xy[1] - p[1])) best = v;
  return best;
}

export function buildHazardZones(
  ctx: CountyContext,
  villagesByTown: readonly Village[][],
  plan: HazardPlan,
  rng: Rng,
): Feature<MultiPolygon, HazardZoneProps>[] {
  const features: Feature<MultiPolygon, HazardZoneProps>[] = [];
  const usedNames = new Set<string>();
  for (const hazard of HAZARDS) {
    for (const grade of gradesFor(plan[hazard], rng)) {
      let made: { rings: LonLat[][]; centre: XY } | null = null;
      // Big shapes near the edge are redrawn, a little smaller each round, until one fits.
      for (let attempt = 0; !made; attempt++) {
        if (attempt > 600) throw new Error(`cannot fit a ${hazard} zone in county ${ctx.code}`);
        const { parts, centre } = design(ctx, hazard, grade, 0.92 ** Math.floor(attempt / 12), rng);
        const rings = finish(ctx, parts);
        if (rings) made = { rings, centre };
      }
      const t = townAt(ctx, made.centre);
      const town = ctx.towns[t];
      const place = hazard === 'landslide' || hazard === 'debris_flow' || hazard === 'waterlogging'
        ? nearestVillage(villagesByTown[t], made.centre).name.replace(/村$/, '')
        : hazard === 'flood' ? '沿河' : '';
      const base = `${town.name}${place}${HAZARD_ZH[hazard]}${GRADE_ZH[grade]}风险区`;
      let name = base;
      for (let k = 2; usedNames.has(name); k++) name = `${base}${k}`;
      usedNames.add(name);
      features.push({
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: made.rings.map((ring) => [ring]) },
        properties: { code: `FX${ctx.code}-${pad(features.length + 1, 4)}`, name, hazard, grade, source: SOURCE[hazard] },
      });
    }
  }
  return features;
}
