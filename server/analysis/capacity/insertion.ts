/**
 * Moves that place an unplaced point, raising the placed residents:
 * - `placeNearest`: at its nearest shelter with room;
 * - `makeRoom`: at one of its shelters, after moving one or two of that shelter's points to
 *   other shelters with room (the cheapest such pair of moves in person-metres);
 * - `replaceSmaller`: at one of its shelters in place of one or two smaller points, which
 *   become unplaced (most residents gained, then least person-metres).
 * Each returns whether it changed anything.
 *
 * @example
 * // shelter 0 (5 places) holds point 1 (5), which may also go to shelter 1: point 0 (5) lists only shelter 0
 * makeRoom(state, 0); // point 1 → shelter 1, point 0 → shelter 0
 */
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';

/** Pair moves look at shelters with at most this many points (the pairs grow quadratically). */
export const PAIR_LIMIT = 40;

export function placeNearest(s: AssignmentState, i: number): boolean {
  for (let c = s.rowStart[i]; c < s.rowStart[i + 1]; c++) {
    if (s.fits(i, s.entryShelter[c])) {
      s.place(i, s.entryShelter[c], s.entryDistance[c]);
      return true;
    }
  }
  return false;
}

export function makeRoom(s: AssignmentState, i: number): boolean {
  const { residents: r, rowStart: start, entryShelter, entryDistance, room, members, distanceOf } = s;
  let best = Infinity;
  // the best plan: i at entry `target`; a to entry `entryA`; b (or −1) to entry `entryB`
  let target = -1, a0 = -1, entryA = -1, b0 = -1, entryB = -1;
  for (let c = start[i]; c < start[i + 1]; c++) {
    const j = entryShelter[c];
    const need = r[i] - room[j];
    const list = members[j];
    for (let x = 0; x < list.length; x++) {
      const a = list[x];
      const ca = s.nearestOtherWithRoom(a, j);
      if (ca < 0) continue;
      const costA = r[a] * (entryDistance[ca] - distanceOf[a]);
      if (r[a] + EPS >= need) {
        const delta = r[i] * entryDistance[c] + costA;
        if (delta < best) {
          best = delta;
          target = c; a0 = a; entryA = ca; b0 = -1;
        }
        continue;
      }
      if (list.length > PAIR_LIMIT) continue;
      for (let y = x + 1; y < list.length; y++) {
        const b = list[y];
        if (r[a] + r[b] + EPS < need) continue;
        // b's target must still have room once a has moved in
        const cb = s.nearestOtherWithRoom(b, j, entryShelter[ca], -r[a]);
        if (cb < 0) continue;
        const delta = r[i] * entryDistance[c] + costA + r[b] * (entryDistance[cb] - distanceOf[b]);
        if (delta < best) {
          best = delta;
          target = c; a0 = a; entryA = ca; b0 = b; entryB = cb;
        }
      }
    }
  }
  if (target < 0) return false;
  s.moveTo(a0, entryA);
  if (b0 >= 0) s.moveTo(b0, entryB);
  s.place(i, entryShelter[target], entryDistance[target]);
  return true;
}

export function replaceSmaller(s: AssignmentState, i: number): boolean {
  const { residents: r, rowStart: start, entryShelter, entryDistance, room, members, distanceOf } = s;
  let bestGain = EPS;
  let bestCost = Infinity;
  let target = -1, a0 = -1, b0 = -1;
  const consider = (c: number, out: number, a: number, b: number, outCost: number): void => {
    const gain = r[i] - out;
    const cost = r[i] * entryDistance[c] - outCost;
    if (gain > bestGain + EPS || (gain > bestGain - EPS && cost < bestCost)) {
      bestGain = gain;
      bestCost = cost;
      target = c; a0 = a; b0 = b;
    }
  };
  for (let c = start[i]; c < start[i + 1]; c++) {
    const j = entryShelter[c];
    const list = members[j];
    for (let x = 0; x < list.length; x++) {
      const a = list[x];
      if (r[a] >= r[i]) continue;
      if (room[j] + r[a] + EPS >= r[i]) consider(c, r[a], a, -1, r[a] * distanceOf[a]);
      else if (list.length <= PAIR_LIMIT) {
        for (let y = x + 1; y < list.length; y++) {
          const b = list[y];
          if (r[a] + r[b] >= r[i] || room[j] + r[a] + r[b] + EPS < r[i]) continue;
          consider(c, r[a] + r[b], a, b, r[a] * distanceOf[a] + r[b] * distanceOf[b]);
        }
      }
    }
  }
  if (target < 0) return false;
  s.unplace(a0);
  if (b0 >= 0) s.unplace(b0);
  s.place(i, entryShelter[target], entryDistance[target]);
  return true;
}
