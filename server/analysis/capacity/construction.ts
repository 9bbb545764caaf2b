/**
 * First answers for a group, which the local search then improves:
 * - `regretConstruction`: the point that would lose most by not getting its best shelter with
 *   room goes first (regret = residents × (second-best − best distance)); a point down to one
 *   shelter has infinite regret and goes before all others, larger first;
 * - `firstFit`: each point in the given order to its nearest shelter with room (in input
 *   order this is the plain rule a planner applies by hand; largest first packs well);
 * - `randomFit`: like firstFit, but each point passes over a shelter with room with
 *   probability 1/3, to explore other packings.
 *
 * @example
 * regretConstruction(state, [0, 1, 2], [0, 1], new ConstructionScratch(3, 2));
 * firstFit(state, [2, 0, 1]);
 */
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';
import { placeNearest } from './insertion.ts';
import { RegretHeap } from './regret-heap.ts';

/** Per-point and per-shelter arrays the regret rule reuses from group to group. */
export class ConstructionScratch {
  /** Evaluations per point: a heap entry with an older count is stale. */
  readonly version: Int32Array;
  /** Per shelter, how far down its listers (largest first) it has been found too full. */
  readonly cursor: Int32Array;

  constructor(points: number, shelters: number) {
    this.version = new Int32Array(points);
    this.cursor = new Int32Array(shelters);
  }
}

export function regretConstruction(s: AssignmentState, points: readonly number[], shelters: readonly number[], scratch: ConstructionScratch): void {
  const { residents: r, rowStart: start, entryShelter, entryDistance, listersStart, listers, room, shelterOf } = s;
  const { version, cursor } = scratch;
  for (const j of shelters) cursor[j] = listersStart[j];
  const heap = new RegretHeap();
  const evaluate = (i: number): void => {
    let b1 = -1;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let c = start[i]; c < start[i + 1]; c++) {
      if (!s.fits(i, entryShelter[c])) continue;
      if (b1 < 0) {
        b1 = c;
        d1 = entryDistance[c];
      } else {
        d2 = entryDistance[c];
        break;
      }
    }
    version[i]++;
    if (b1 < 0) return; // nowhere left to go: the local search may still make room
    const regret = d2 === Infinity ? Infinity : r[i] * (d2 - d1);
    heap.push(i, version[i], regret, r[i], d1, b1);
  };
  for (const i of points) evaluate(i);
  while (heap.size > 0) {
    const e = heap.pop();
    if (e.version !== version[e.i] || shelterOf[e.i] >= 0) continue;
    const j = entryShelter[e.cand];
    s.place(e.i, j, entryDistance[e.cand]);
    // the points for which j just became too full get a fresh regret
    const end = listersStart[j + 1];
    while (cursor[j] < end && r[listers[cursor[j]]] > room[j] + EPS) {
      const i2 = listers[cursor[j]++];
      if (shelterOf[i2] < 0) evaluate(i2);
    }
  }
}

export function firstFit(s: AssignmentState, order: readonly number[]): void {
  for (const i of order) placeNearest(s, i);
}

export function randomFit(s: AssignmentState, order: readonly number[], rnd: () => number): void {
  for (const i of order) {
    let first = -1;
    for (let c = s.rowStart[i]; c < s.rowStart[i + 1]; c++) {
      if (!s.fits(i, s.entryShelter[c])) continue;
      if (first < 0) first = c;
      if (rnd() < 2 / 3) {
        first = c;
        break;
      }
    }
    if (first >= 0) s.place(i, s.entryShelter[first], s.entryDistance[first]);
  }
}

/** Fisher–Yates in place with the seeded generator; returns the array. */
export function shuffle<T>(a: T[], rnd: () => number): T[] {
  for (let k = a.length - 1; k > 0; k--) {
    const x = Math.floor(rnd() * (k + 1));
    [a[k], a[x]] = [a[x], a[k]];
  }
  return a;
}
