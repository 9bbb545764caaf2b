/**
 * Solves one group by several rounds of construction and local search, keeping the best:
 * round 0 starts from the regret rule, round 1 from the input order (the rule a planner
 * applies by hand, so the result is never worse than it), round 2 from largest first, then
 * every third round from a random order; the rounds between ruin and recreate the best so far
 * (empty two neighbouring shelters, refill them at random, search again). A group of k points
 * gets about ROUND_BUDGET / k rounds (at least two, at most MAX_ROUNDS) and stops early once
 * nothing can be better (everyone placed at their nearest shelter). The randomness is seeded
 * by the group, so the same input always gives the same answer.
 *
 * @example
 * solveGroup(state, search, scratch, group.points, group.shelters); // leaves the best in state
 */
import { mulberry32 } from '../seeded-random.ts';
import type { AssignmentState } from './assignment-state.ts';
import { EPS } from './assignment-state.ts';
import { firstFit, randomFit, regretConstruction, shuffle, type ConstructionScratch } from './construction.ts';
import type { LocalSearch } from './local-search.ts';

export const ROUND_BUDGET = 600;
export const MAX_ROUNDS = 60;

export function solveGroup(s: AssignmentState, search: LocalSearch, scratch: ConstructionScratch, points: number[], shelters: number[]): void {
  const { residents: r, rowStart: start, entryShelter, entryDistance, listers, listersStart, members, shelterOf, distanceOf } = s;
  // nobody can do better than everyone placed at their nearest shelter
  let boundPlaced = 0;
  let boundCost = 0;
  for (const i of points) {
    boundPlaced += r[i];
    boundCost += r[i] * entryDistance[start[i]];
  }
  // at least two rounds: regret, then the input order, so the plain rule is never beaten
  const rounds = Math.max(2, Math.min(MAX_ROUNDS, Math.ceil(ROUND_BUDGET / points.length)));
  const rnd = mulberry32(points[0] * 2654435761 + points.length);
  const best = { placed: -1, cost: Infinity, shelter: new Int32Array(points.length), distance: new Float64Array(points.length) };
  const clear = (): void => {
    for (const i of points) if (shelterOf[i] >= 0) s.unplace(i);
  };
  const restoreBest = (): void => {
    clear();
    points.forEach((i, k) => {
      if (best.shelter[k] >= 0) s.place(i, best.shelter[k], best.distance[k]);
    });
  };
  for (let round = 0; round < rounds; round++) {
    if (round < 3 || round % 3 === 0) {
      // a fresh start: regret, input order, largest first, then random orders
      clear();
      if (round === 0) regretConstruction(s, points, shelters, scratch);
      else if (round === 1) firstFit(s, points);
      else if (round === 2) firstFit(s, points.slice().sort((a, b) => r[b] - r[a] || a - b));
      else randomFit(s, shuffle(points.slice(), rnd), rnd);
    } else {
      // ruin and recreate: empty a shelter and a neighbour of it (a shelter listed by one of its listers)
      restoreBest();
      const j = shelters[Math.floor(rnd() * shelters.length)];
      const near = listers[listersStart[j] + Math.floor(rnd() * (listersStart[j + 1] - listersStart[j]))];
      const k = near === undefined ? j : entryShelter[start[near] + Math.floor(rnd() * (start[near + 1] - start[near]))];
      for (const i of [...members[j], ...(k === j ? [] : members[k])]) s.unplace(i);
      randomFit(s, shuffle(points.filter((i) => shelterOf[i] < 0), rnd), rnd);
    }
    if (round === 1 && rounds === 2) {
      // a huge group: polish the plain rule's answer only if it is not already beaten
      const [p0, c0] = s.objective(points);
      if (p0 < best.placed - EPS || (p0 < best.placed + EPS && c0 >= best.cost - EPS * Math.max(1, c0))) continue;
    }
    search.run(points);
    const [placed, cost] = s.objective(points);
    // ties replace the best too, so ruin-and-recreate can drift across equal solutions
    if (placed > best.placed + EPS || (placed > best.placed - EPS && cost <= best.cost + EPS * Math.max(1, cost))) {
      best.placed = placed;
      best.cost = cost;
      points.forEach((i, k) => {
        best.shelter[k] = shelterOf[i];
        best.distance[k] = distanceOf[i];
      });
    }
    if (placed > boundPlaced - EPS && cost < boundCost + EPS * Math.max(1, cost)) break; // optimal
  }
  restoreBest();
}
