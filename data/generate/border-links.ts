/**
 * Main roads across county borders at province scale. Each county's roads are drawn in its own
 * frame, so two neighbours' networks only meet where both are told to run a road to the same
 * point: for every pair of neighbouring counties, the towns nearest each other across the border
 * (a few pairs along a long border) each get a provincial road from their seat to a shared meeting
 * point in the gap between the outlines. The point is fixed in lon/lat at the written precision,
 * so both halves end on exactly the same written coordinate and the routing graph joins them there.
 */
import type { CountyContext } from './context.ts';
import type { LonLat, XY } from './frame.ts';
import { segmentHit } from './road-network.ts';
import type { BorderLink } from './roads.ts';
import { roundTo } from './round.ts';

/** Params t along ab (0–1) where ab crosses the ring's edges. */
function crossings(a: XY, b: XY, ring: readonly XY[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ring.length; i++) {
    const hit = segmentHit(a, b, ring[i], ring[(i + 1) % ring.length]);
    if (hit) out.push(hit.t);
  }
  return out;
}

/** Links between two neighbours: no more than this many, their meeting points this far apart (km). */
const MAX_LINKS = 3;
const MIN_APART_KM = 12;
/** A town pair qualifies when at most this many times as far apart as the nearest pair. */
const MAX_STRETCH = 1.6;

/**
 * Town pairs (index in a, index in b, b's centre in a's frame) to link, nearest first: the nearest
 * pair, then pairs not much further apart whose towns are not linked yet, so that a long border
 * gets several crossings as real ones do.
 */
function townPairs(a: CountyContext, b: CountyContext): { ta: number; tb: number; to: XY; meet: LonLat; at: XY }[] {
  const bCentres = b.towns.map((t) => a.frame.toXY(b.frame.toLonLat(t.centre)));
  const all: { ta: number; tb: number; d: number }[] = [];
  a.towns.forEach((t, i) => bCentres.forEach((c, j) => all.push({ ta: i, tb: j, d: Math.hypot(c[0] - t.centre[0], c[1] - t.centre[1]) })));
  all.sort((p, q) => p.d - q.d || p.ta - q.ta || p.tb - q.tb);
  const chosen: { ta: number; tb: number; to: XY; meet: LonLat; at: XY }[] = [];
  for (const pair of all) {
    if (chosen.length === MAX_LINKS || pair.d > MAX_STRETCH * all[0].d) break;
    if (chosen.some((c) => c.ta === pair.ta || c.tb === pair.tb)) continue;
    const to = bCentres[pair.tb];
    const meet = meetingPoint(a, b, a.towns[pair.ta].centre, to);
    const at = a.frame.toXY(meet);
    if (chosen.some((c) => Math.hypot(c.at[0] - at[0], c.at[1] - at[1]) < MIN_APART_KM)) continue;
    chosen.push({ ...pair, to, meet, at });
  }
  return chosen;
}

/** Where the road from a's town to b's town changes county: halfway across the gap between the outlines. */
function meetingPoint(a: CountyContext, b: CountyContext, from: XY, to: XY): LonLat {
  const bOutline = b.outline.map((p) => a.frame.toXY(b.frame.toLonLat(p)));
  const leaveA = Math.max(0, ...crossings(from, to, a.outline));
  const enterB = Math.min(1, ...crossings(from, to, bOutline));
  const t = leaveA < enterB ? (leaveA + enterB) / 2 : leaveA;
  const [lon, lat] = a.frame.toLonLat([from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])]);
  return [roundTo(lon, 6), roundTo(lat, 6)];
}

/**
 * The border links of every county, by county index: `pairs` lists neighbouring counties (index
 * pairs), `names` gives the k-th link's route number, shared by both halves.
 */
export function borderLinks(counties: readonly CountyContext[], pairs: readonly [number, number][], names: (k: number) => string): BorderLink[][] {
  const links: BorderLink[][] = counties.map(() => []);
  let k = 0;
  for (const [i, j] of pairs) {
    for (const { ta, tb, meet } of townPairs(counties[i], counties[j])) {
      const name = names(k++);
      links[i].push({ town: ta, meet, name });
      links[j].push({ town: tb, meet, name });
    }
  }
  return links;
}
