/**
 * Local search over a group until no move gains (or `maxPasses` passes). Each pass first
 * tries to place more residents (placeNearest, makeRoom, replaceSmaller, ejectionChain for
 * each waiting point, largest first; then refills of the shelters they list), then to shorten
 * the walk (shiftNearer, swapPlaces, passOnThroughFull for each placed point). Every move
 * improves the objective, so the search ends.
 *
 * A point none of whose shelters changed in the previous pass has almost surely no new move
 * (only a chain through a third shelter could), so later passes skip it ("don't look" bits);
 * a shelter is refilled again only after it changed. This keeps big groups fast.
 *
 * @example
 * const search = new LocalSearch(state, 50);
 * search.run(group.points);
 */
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';
import { ejectionChain } from './ejection-chain.ts';
import { makeRoom, placeNearest, replaceSmaller } from './insertion.ts';
import { refillShelter } from './refill.ts';
import { passOnThroughFull, shiftNearer, swapPlaces } from './swaps.ts';

export class LocalSearch {
  /** Per shelter, the change count when it was last refilled (−1: never). */
  private readonly refilledAt: Float64Array;

  constructor(
    private readonly s: AssignmentState,
    private readonly maxPasses: number,
  ) {
    this.refilledAt = new Float64Array(s.capacity.length).fill(-1);
  }

  run(points: readonly number[]): void {
    const s = this.s;
    const firstSweep = ++s.sweep;
    for (let pass = 0; pass < this.maxPasses; pass++) {
      const since = s.sweep === firstSweep ? -Infinity : s.sweep - 1;
      const placedMore = this.placeUnplaced(points, since);
      const walkedLess = this.shortenWalks(points, since);
      s.sweep++;
      if (!placedMore && !walkedLess) break;
    }
  }

  /** Moves that raise the placed residents. */
  private placeUnplaced(points: readonly number[], since: number): boolean {
    const s = this.s;
    const { residents: r, shelterOf } = s;
    const waiting = points.filter((i) => shelterOf[i] < 0 && !s.unchangedSince(i, since)).sort((a, b) => r[b] - r[a] || a - b);
    let improved = false;
    for (const i of waiting) {
      if (shelterOf[i] >= 0) continue;
      if (placeNearest(s, i) || makeRoom(s, i) || replaceSmaller(s, i) || ejectionChain(s, i)) improved = true;
    }
    for (const i of waiting) {
      if (shelterOf[i] >= 0) continue;
      for (let c = s.rowStart[i]; c < s.rowStart[i + 1] && shelterOf[i] < 0; c++) {
        const j = s.entryShelter[c];
        if (s.room[j] < 1 - EPS) continue; // full: a refill cannot hold more
        if (this.refilledAt[j] >= s.lastChange[j]) continue; // already tried since j last changed
        this.refilledAt[j] = s.changes;
        if (refillShelter(s, j)) improved = true;
      }
    }
    return improved;
  }

  /** Moves that keep the placed residents and shorten the walk. */
  private shortenWalks(points: readonly number[], since: number): boolean {
    const s = this.s;
    let improved = false;
    for (const i of points) {
      if (s.shelterOf[i] < 0 || s.residents[i] === 0) continue;
      if (s.unchangedSince(i, since)) continue;
      if (shiftNearer(s, i) || swapPlaces(s, i) || passOnThroughFull(s, i)) improved = true;
    }
    return improved;
  }
}
