/** Drawing point locations that are guaranteed to lie inside a given town, as written. */
import type { CountyContext, TownContext } from './context.ts';
import type { LonLat, XY } from './frame.ts';
import { pointInMultiPolygon } from './geometry.ts';
import { roundPoint } from './round.ts';
import type { Rng } from './Rng.ts';

export interface Placed {
  lonLat: LonLat;
  xy: XY;
}

function inTown(town: TownContext, p: LonLat): boolean {
  const [w, s, e, n] = town.bbox;
  return p[0] > w && p[0] < e && p[1] > s && p[1] < n && pointInMultiPolygon(p, town.polygon);
}

/** Rounds first, then tests, so the written point is the one that was checked. */
function placeIfInside(ctx: CountyContext, town: TownContext, xy: XY): Placed | null {
  const lonLat = roundPoint(ctx.frame.toLonLat(xy));
  return inTown(town, lonLat) ? { lonLat, xy: ctx.frame.toXY(lonLat) } : null;
}

/** Uniform inside the town, kept with probability accept(xy) (1 when omitted). */
export function sampleInTown(ctx: CountyContext, town: TownContext, rng: Rng, accept?: (xy: XY) => number): Placed {
  const [w, s, e, n] = town.bbox;
  for (let i = 0; i < 2000; i++) {
    const xy = ctx.frame.toXY([rng.float(w, e), rng.float(s, n)]);
    if (accept && !rng.chance(accept(xy))) continue;
    const placed = placeIfInside(ctx, town, xy);
    if (placed) return placed;
  }
  // A town always contains its own centre, so this fallback is inside too.
  const fallback = placeIfInside(ctx, town, town.centre);
  if (!fallback) throw new Error(`town ${town.code}: centre not inside its own polygon`);
  return fallback;
}

/** Normally scattered around origin (sigma in km); falls back to a uniform draw in the town. */
export function sampleNear(ctx: CountyContext, town: TownContext, origin: XY, sigmaKm: number, rng: Rng): Placed {
  for (let i = 0; i < 40; i++) {
    const placed = placeIfInside(ctx, town, [origin[0] + rng.normal(0, sigmaKm), origin[1] + rng.normal(0, sigmaKm)]);
    if (placed) return placed;
  }
  return sampleInTown(ctx, town, rng);
}

/** Index of the town whose centre is nearest: with Voronoi towns, the town containing p. */
export function townAt(ctx: CountyContext, p: XY): number {
  let best = 0;
  let bestD = Infinity;
  ctx.towns.forEach((t, i) => {
    const d = (t.centre[0] - p[0]) ** 2 + (t.centre[1] - p[1]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}
