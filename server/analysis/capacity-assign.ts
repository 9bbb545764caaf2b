/**
 * Capacity-constrained assignment of whole demand points to shelters, on plain arrays.
 *
 * Objective, in this order: place as many residents as possible, then minimise the total
 * distance walked by the placed residents, Σ residents × distance. A demand point is never
 * split (its households move together) and no shelter takes more than its capacity.
 *
 * Method, per connected group of points and shelters that share candidates (groups never
 * compete, so each is solved on its own):
 * 1. construction by regret: the point that would lose most by not getting its best shelter
 *    with room goes first; points down to one option go before all others, larger first;
 * 2. local search until no move gains. Moves that place more residents: insert an unplaced
 *    point; make room for it by moving one or two placed points elsewhere; replace one or two
 *    smaller placed points by it; a chain of up to three displacements; refill a shelter with
 *    the best subset of its points and the unplaced points that list it (a small exact
 *    knapsack). Moves that shorten the walk: shift a point to a nearer shelter with room; swap
 *    two points; shift through a full shelter by moving one of its points on. Every move
 *    improves the objective, so the search ends; `maxPasses` bounds it, and points whose
 *    shelters did not change in the last pass are not looked at again;
 * 3. the other rounds of a group's budget (many for small groups, two for huge ones) try
 *    other starts — the input order (the rule a planner applies by hand, so the result is
 *    never worse than it), largest first, random orders — and ruin-and-recreate (empty two
 *    neighbouring shelters of the best solution, refill, search again); the best is kept, and
 *    a group stops early once nothing can be better (everything placed at its nearest shelter).
 * The randomness is seeded, so the same input always gives the same answer.
 *
 * The parts live in capacity/: the working state (assignment-state.ts), the groups
 * (groups.ts), the first answers (construction.ts), the moves by family (insertion.ts,
 * ejection-chain.ts, refill.ts, swaps.ts), the search that applies them (local-search.ts)
 * and the rounds per group (multi-start.ts).
 *
 * On random instances of up to 10 points × 4 shelters, tests/unit/analysis/catchments.test.ts
 * checks the result against an exact branch and bound: within 5 % on placed residents and on
 * distance (typical gap 0.01 %). The problem is a bin-packing problem at heart, so a rare
 * instance where capacity and demand match almost exactly can fall further short.
 *
 * @example
 * const cands = { start: Int32Array.of(0, 2, 3), shelter: Int32Array.of(0, 1, 0), distance: Float64Array.of(100, 300, 200) };
 * assignWithCapacity({ residents: [5, 5], capacity: [5, 10], candidates: cands });
 * // → shelter [1, 0]: point 1 can only go to shelter 0, so point 0 takes its second choice
 */
import { AssignmentState, type CapacityProblem } from './capacity/assignment-state.ts';
import { ConstructionScratch } from './capacity/construction.ts';
import { independentGroups } from './capacity/groups.ts';
import { LocalSearch } from './capacity/local-search.ts';
import { solveGroup } from './capacity/multi-start.ts';

export type { CandidateLists, CapacityProblem } from './capacity/assignment-state.ts';

export interface CapacityAssignment {
  /** Shelter per demand point, −1 when unplaced. */
  shelter: Int32Array;
  /** Metres to the assigned shelter, NaN when unplaced. */
  distance: Float64Array;
}

export function assignWithCapacity(problem: CapacityProblem): CapacityAssignment {
  const n = problem.residents.length;
  const m = problem.capacity.length;
  if (problem.candidates.start.length !== n + 1) throw new RangeError('assignWithCapacity: candidates.start must have residents.length + 1 entries');
  const state = new AssignmentState(problem);
  const search = new LocalSearch(state, problem.maxPasses ?? 50);
  const scratch = new ConstructionScratch(n, m);
  for (const group of independentGroups(problem.candidates, m)) solveGroup(state, search, scratch, group.points, group.shelters);
  return { shelter: state.shelterOf, distance: state.distanceOf };
}
