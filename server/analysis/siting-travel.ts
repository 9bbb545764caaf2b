/**
 * Siting by travel time: which demand points each candidate would serve, when a point counts as
 * served by a new shelter it reaches within the minutes of the shelter's type along the roads
 * (off-road legs included, at both ends, as everywhere). One k-nearest search over the candidates
 * (k-nearest.ts) gives every point the candidates in reach; the rows are then turned round, per
 * candidate, quickest first, as the covering problem wants them.
 *
 * @example
 * const rows = travelCoverRows(travel, candidatePositions, demandPositions, 20);
 * rows.cover.subarray(rows.start[c], rows.start[c + 1]); // points candidate c reaches within 20 min
 */
import { kNearestShelters } from '../routing/k-nearest.ts';
import type { LonLat } from '../routing/types.ts';
import type { Travel } from './travel.ts';

/**
 * At most this many candidates are kept per point (the quickest): enough for coverage, since a
 * point reached by so many candidates is covered by whichever of them is picked.
 */
const MAX_PER_POINT = 255;
/** The search starts with this many per point and doubles while some point fills its list. */
const FIRST_PER_POINT = 16;

export function travelCoverRows(travel: Travel, candidates: readonly LonLat[], demand: readonly LonLat[], reachMinutes: number): { start: Int32Array; cover: Int32Array } {
  const start = new Int32Array(candidates.length + 1);
  if (candidates.length === 0 || demand.length === 0) return { start, cover: new Int32Array(0) };
  // The cost grows with k: ask for few, and again for more only when some point had that many.
  let k = Math.min(FIRST_PER_POINT, candidates.length);
  let near = kNearestShelters(travel.graph, candidates, demand, { mode: travel.mode, blocked: travel.blocked, k, maxMinutes: reachMinutes });
  while (k < Math.min(MAX_PER_POINT, candidates.length) && near.count.some((c) => c === k)) {
    k = Math.min(MAX_PER_POINT, candidates.length, 2 * k);
    near = kNearestShelters(travel.graph, candidates, demand, { mode: travel.mode, blocked: travel.blocked, k, maxMinutes: reachMinutes });
  }
  const rows: { point: number; minutes: number }[][] = candidates.map(() => []);
  for (let i = 0; i < demand.length; i++) {
    for (let m = 0; m < near.count[i]; m++) rows[near.shelter[i * k + m]].push({ point: i, minutes: near.minutes[i * k + m] });
  }
  const cover: number[] = [];
  rows.forEach((row, c) => {
    row.sort((a, b) => a.minutes - b.minutes || a.point - b.point);
    for (const r of row) cover.push(r.point);
    start[c + 1] = cover.length;
  });
  return { start, cover: Int32Array.from(cover) };
}
