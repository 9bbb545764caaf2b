/** Coordinate rounding: 6 decimals for points (~0.1 m), 5 for polygons (~1 m) keeps files small. */
import type { LonLat } from './frame.ts';

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  // + 0 turns -0 into 0 so output bytes do not depend on the sign of a zero.
  return Math.round(value * f) / f + 0;
}

export function roundPoint(p: LonLat): LonLat {
  return [roundTo(p[0], 6), roundTo(p[1], 6)];
}

/** Rounds a closed ring and drops consecutive duplicates that rounding may create. */
export function roundRing(ring: readonly LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  for (const p of ring) {
    const q: LonLat = [roundTo(p[0], 5), roundTo(p[1], 5)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
  return out;
}
