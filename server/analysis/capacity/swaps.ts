/**
 * Moves that keep the placed residents and shorten the total walk (Σ residents × distance):
 * - `shiftNearer`: a point to the nearest shelter with room, if nearer than its own;
 * - `swapPlaces`: a point i at shelter j and a point i2 at a shelter k nearer to i change
 *   places, if both fit and the sum shortens;
 * - `passOnThroughFull`: i goes to a nearer full shelter k, and one of k's points makes room
 *   by going on to its nearest other shelter with room (counting the room i leaves at j).
 * The last two are one exchange that differs only in where i2 goes. Each returns whether it
 * changed anything, and makes the first improving change it finds.
 *
 * @example
 * // a (10) at shelter 1, 900 m, lists shelter 0 at 100 m; b (10) at shelter 0, 300 m, lists
 * // shelter 1 at 200 m; both shelters full
 * swapPlaces(state, a); // a → 0, b → 1: 12,000 person-metres become 3,000
 */
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';

export function shiftNearer(s: AssignmentState, i: number): boolean {
  const { rowStart: start, entryShelter, entryDistance, distanceOf } = s;
  for (let c = start[i]; c < start[i + 1] && entryDistance[c] < distanceOf[i] - EPS; c++) {
    if (s.fits(i, entryShelter[c])) {
      s.moveTo(i, c);
      return true;
    }
  }
  return false;
}

export function swapPlaces(s: AssignmentState, i: number): boolean {
  const r = s.residents;
  // i2 takes i's place at j: it must list j and fit there once i has left
  return exchangeWithNearer(s, i, (i2, j) => (r[i2] > s.room[j] + r[i] + EPS ? -1 : s.entryOf(i2, j)));
}

export function passOnThroughFull(s: AssignmentState, i: number): boolean {
  // i2 may go anywhere but k, counting the room i leaves at j
  return exchangeWithNearer(s, i, (i2, j, k) => s.nearestOtherWithRoom(i2, k, j, s.residents[i]));
}

/**
 * Point i (at shelter j) goes to a shelter k nearer to it, from which a point i2 leaves to
 * make room, to the candidate entry `destination(i2, j, k)` returns (−1: nowhere). Shelters k
 * are tried nearest first and i2 in k's order; the first exchange that shortens the walk is
 * made.
 */
function exchangeWithNearer(s: AssignmentState, i: number, destination: (i2: number, j: number, k: number) => number): boolean {
  const { residents: r, rowStart: start, entryShelter, entryDistance, room, members, distanceOf } = s;
  const j = s.shelterOf[i];
  const dij = distanceOf[i];
  for (let c = start[i]; c < start[i + 1] && entryDistance[c] < dij - EPS; c++) {
    const k = entryShelter[c];
    const dik = entryDistance[c];
    for (const i2 of members[k]) {
      if (r[i] > room[k] + r[i2] + EPS) continue; // i would not fit even with i2 gone
      const c2 = destination(i2, j, k);
      if (c2 < 0) continue;
      const delta = r[i] * (dik - dij) + r[i2] * (entryDistance[c2] - distanceOf[i2]);
      if (delta < -EPS * Math.max(1, r[i] * dij)) {
        s.unplace(i);
        s.unplace(i2);
        s.place(i, k, dik);
        s.place(i2, entryShelter[c2], entryDistance[c2]);
        return true;
      }
    }
  }
  return false;
}
