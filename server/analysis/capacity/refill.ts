/**
 * Refills one shelter with the best subset of the points it may take: those placed there now
 * and the unplaced points that list it. Best is the most residents, then the least
 * person-metres (an exact 0/1 knapsack over whole residents). Points left out become
 * unplaced, for the other moves to place elsewhere. Solved only when small enough: up to
 * REFILL_ITEMS points, REFILL_CAPACITY places and whole numbers of residents.
 *
 * @example
 * // shelter 0 (10 places) holds a point of 6; unplaced points of 5 and 5 list it
 * refillShelter(state, 0); // true: the two fives go in (10 placed), the six comes out
 */
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';

export const REFILL_ITEMS = 40;
export const REFILL_CAPACITY = 20_000;

/** Whether the refill changed the shelter (it does only when that is strictly better). */
export function refillShelter(s: AssignmentState, j: number): boolean {
  const { residents: r, members, listers, listersStart, shelterOf, distanceOf } = s;
  const items: number[] = [...members[j]];
  const dj: number[] = items.map((i) => distanceOf[i]);
  for (let p = listersStart[j]; p < listersStart[j + 1]; p++) {
    const i = listers[p];
    if (shelterOf[i] >= 0) continue;
    items.push(i);
    dj.push(s.entryDistance[s.entryOf(i, j)]);
  }
  const cap = Math.floor(s.capacity[j] + EPS);
  if (items.length > REFILL_ITEMS || cap > REFILL_CAPACITY || items.some((i) => !Number.isInteger(r[i]))) return false;
  let load = 0;
  let cost = 0;
  for (const i of members[j]) {
    load += r[i];
    cost += r[i] * distanceOf[i];
  }
  // best[w]: least cost of a subset holding exactly w residents; took[k][w]: item k is in it
  const best = new Float64Array(cap + 1).fill(Infinity);
  best[0] = 0;
  const took = items.map(() => new Uint8Array(cap + 1));
  items.forEach((i, k) => {
    const w = r[i];
    const c = w * dj[k];
    for (let w2 = cap; w2 >= w; w2--) {
      if (best[w2 - w] + c < best[w2]) {
        best[w2] = best[w2 - w] + c;
        took[k][w2] = 1;
      }
    }
  });
  let w2 = cap;
  while (w2 > 0 && best[w2] === Infinity) w2--;
  if (w2 < load + EPS && !(w2 === load && best[w2] < cost - EPS * Math.max(1, cost))) return false;
  const chosen = new Set<number>();
  for (let k = items.length - 1; k >= 0 && w2 > 0; k--) {
    if (took[k][w2]) {
      chosen.add(k);
      w2 -= r[items[k]];
    }
  }
  for (const i of members[j].slice()) s.unplace(i);
  for (const k of chosen) s.place(items[k], j, dj[k]);
  return true;
}
