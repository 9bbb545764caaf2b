/**
 * Reference solvers for small capacity problems, used to judge the heuristic in
 * server/analysis/capacity-assign.ts:
 * - `exactAssignment`: branch and bound for the true optimum (most residents placed, then
 *   least Σ residents × distance), practical up to ~10 points × 4 shelters;
 * - `nearestWithOverflow`: the plain rule a planner would apply by hand (each point in turn
 *   goes to its nearest shelter that still has room within radius).
 *
 * @example
 * const best = exactAssignment(problem); // { shelter: [...], placed: 42, cost: 12345 }
 */
import type { CapacityProblem } from '../../../../server/analysis/capacity-assign.ts';

export interface Solution {
  shelter: number[];
  placed: number;
  /** Σ residents × distance over placed points. */
  cost: number;
}

export function exactAssignment(p: CapacityProblem): Solution {
  const n = p.residents.length;
  const { start, shelter, distance } = p.candidates;
  const rem = Array.from(p.capacity);
  // larger points first: capacity conflicts surface early and prune more
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p.residents[b] - p.residents[a]);
  // optimistic bound per point: placed at its nearest candidate, capacity ignored
  const bestPlaced = order.map((i) => (start[i + 1] > start[i] ? p.residents[i] : 0));
  const bestCost = order.map((i) => (start[i + 1] > start[i] ? p.residents[i] * distance[start[i]] : 0));
  const suffixPlaced = new Array<number>(n + 1).fill(0);
  const suffixCost = new Array<number>(n + 1).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    suffixPlaced[k] = suffixPlaced[k + 1] + bestPlaced[k];
    suffixCost[k] = suffixCost[k + 1] + bestCost[k];
  }
  const cur = new Array<number>(n).fill(-1);
  let best: Solution = { shelter: cur.slice(), placed: -1, cost: Infinity };
  const better = (placed: number, cost: number): boolean => placed > best.placed || (placed === best.placed && cost < best.cost - 1e-9);

  const visit = (k: number, placed: number, cost: number): void => {
    if (k === n) {
      if (better(placed, cost)) best = { shelter: cur.slice(), placed, cost };
      return;
    }
    // bound: even the optimistic completion cannot beat the best found
    const maxPlaced = placed + suffixPlaced[k];
    if (maxPlaced < best.placed) return;
    if (maxPlaced === best.placed && cost + suffixCost[k] >= best.cost - 1e-9) return;
    const i = order[k];
    const r = p.residents[i];
    for (let c = start[i]; c < start[i + 1]; c++) {
      const j = shelter[c];
      if (rem[j] < r) continue;
      rem[j] -= r;
      cur[i] = j;
      visit(k + 1, placed + r, cost + r * distance[c]);
      rem[j] += r;
    }
    cur[i] = -1;
    visit(k + 1, placed, cost);
  };
  visit(0, 0, 0);
  return best;
}

export function nearestWithOverflow(p: CapacityProblem): Solution {
  const n = p.residents.length;
  const { start, shelter, distance } = p.candidates;
  const rem = Array.from(p.capacity);
  const out = new Array<number>(n).fill(-1);
  let placed = 0;
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const r = p.residents[i];
    for (let c = start[i]; c < start[i + 1]; c++) {
      if (rem[shelter[c]] < r) continue;
      rem[shelter[c]] -= r;
      out[i] = shelter[c];
      placed += r;
      cost += r * distance[c];
      break;
    }
  }
  return { shelter: out, placed, cost };
}
