/**
 * Places an unplaced point through a chain of displacements: i takes a place at shelter j
 * from a point a, a takes a place at shelter k from b, … until the last displaced point fits
 * somewhere with room, or is smaller than i and is left unplaced. Each shelter appears once
 * in a chain. The gain is r[i] − r[last left out] > 0, so the placed residents always rise.
 *
 * @example
 * // i (8) lists only shelter 0, full with a (6); a may go to shelter 1, full with b (3); b fits nowhere
 * ejectionChain(state, i); // true: i → 0, a → 1, b left out: 8 − 3 = 5 more residents placed
 */
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';
import { PAIR_LIMIT } from './insertion.ts';

/** Longest displacement chain tried to place a point. */
export const CHAIN_DEPTH = 3;
/** Displacements tried per chain search: the tree grows as (shelters × points)^depth. */
export const CHAIN_NODES = 400;

export function ejectionChain(s: AssignmentState, i: number): boolean {
  const { residents: r, rowStart: start, entryShelter, entryDistance, room, members } = s;
  const used = new Set<number>();
  const undo: { p: number; from: number; d: number }[] = [];
  const origin = r[i];
  let budget = CHAIN_NODES;
  const move = (p: number, j: number, d: number): void => {
    undo.push({ p, from: s.shelterOf[p], d: s.distanceOf[p] });
    if (s.shelterOf[p] >= 0) s.unplace(p);
    if (j >= 0) s.place(p, j, d);
  };
  const rollback = (mark: number): void => {
    while (undo.length > mark) {
      const u = undo.pop()!;
      if (s.shelterOf[u.p] >= 0) s.unplace(u.p);
      if (u.from >= 0) s.place(u.p, u.from, u.d);
    }
  };
  const settle = (p: number, depth: number): boolean => {
    for (let c = start[p]; c < start[p + 1]; c++) {
      if (s.fits(p, entryShelter[c]) && !used.has(entryShelter[c])) {
        move(p, entryShelter[c], entryDistance[c]);
        return true;
      }
    }
    if (p !== i && r[p] < origin - EPS) return true; // leaving a smaller point out still gains
    if (depth === 0) return false;
    for (let c = start[p]; c < start[p + 1]; c++) {
      const j = entryShelter[c];
      if (used.has(j) || members[j].length > PAIR_LIMIT) continue;
      used.add(j);
      for (const a of members[j].slice()) {
        if (room[j] + r[a] + EPS < r[p]) continue;
        if (--budget < 0) return false;
        const mark = undo.length;
        move(a, -1, 0);
        move(p, j, entryDistance[c]);
        if (settle(a, depth - 1)) return true;
        rollback(mark);
      }
      used.delete(j);
    }
    return false;
  };
  return settle(i, CHAIN_DEPTH);
}
