/**
 * Greedy maximal covering with lazy evaluation (CELF, Leskovec et al. 2007): pick `count`
 * candidates one by one, each time the one that covers the most still-uncovered weight.
 * Coverage is submodular, so a candidate's gain can only shrink as picks are made; gains
 * are kept in a max-heap as upper bounds and only the top is re-evaluated, giving the same
 * picks as plain greedy (ties go to the lower candidate index) with far fewer evaluations.
 * Plain greedy covers at least (1 − 1/e) ≈ 63 % of the best possible weight.
 *
 * Without a capacity, the greedy picks are then improved by swaps (a pick out, another
 * candidate in) while a swap covers more; the result is re-ranked in greedy order, so each
 * pick's gain is its marginal gain given the picks ranked before it. Swaps only ever add
 * coverage, so the (1 − 1/e) bound still holds.
 *
 * With a capacity, a pick takes at most `capacity` weight: it takes the remaining weight of
 * its demand points in list order (nearest first) and may take only part of the last one
 * (residents are counted, not sites); its gain is min(capacity, remaining weight in reach).
 *
 * @example
 * // candidate 0 reaches demand 0 and 1, candidate 1 reaches demand 1 and 2
 * greedyMaxCover({ weight: [5, 1, 4], start: Int32Array.of(0, 2, 4), cover: Int32Array.of(0, 1, 1, 2), count: 2 });
 * // → picks [{ candidate: 0, gain: 6, ... }, { candidate: 1, gain: 4, ... }]
 */

export interface MaxCoverProblem {
  /** Weight (residents) of each demand point. */
  weight: ArrayLike<number>;
  /** Candidate c reaches demand points cover[start[c] .. start[c+1]) (length candidates + 1). */
  start: Int32Array;
  cover: Int32Array;
  /** Picks wanted; fewer come back when nothing is left to cover. */
  count: number;
  /** Most weight one pick may take (default: no limit). */
  capacity?: number;
  /** Swap passes after greedy when there is no capacity (default 20; 0 turns swaps off). */
  maxSwapPasses?: number;
}

export interface MaxCoverPick {
  candidate: number;
  /** Weight newly covered by this pick. */
  gain: number;
  /** Demand points it takes weight from, and how much from each. */
  demand: number[];
  taken: number[];
}

export interface MaxCoverResult {
  picks: MaxCoverPick[];
  /** Gain evaluations made (plain greedy would make about count × candidates). */
  evaluations: number;
  /** Improving swaps made after greedy. */
  swaps: number;
}

export function greedyMaxCover(problem: MaxCoverProblem): MaxCoverResult {
  const first = lazyGreedy(problem);
  const passes = problem.maxSwapPasses ?? 20;
  if (problem.capacity !== undefined || passes <= 0 || first.picks.length === 0) return { ...first, swaps: 0 };
  const { chosen, swaps } = improveBySwaps(problem, first.picks.map((p) => p.candidate), passes);
  if (swaps === 0) return { ...first, swaps };
  // re-rank the improved set in greedy order, so gains are marginal in rank order
  const sub = restrict(problem, chosen);
  const again = lazyGreedy({ ...sub, count: chosen.length });
  return {
    picks: again.picks.map((p) => ({ ...p, candidate: chosen[p.candidate] })),
    evaluations: first.evaluations + again.evaluations,
    swaps,
  };
}

/** The problem over a subset of candidates (positions in `chosen`). */
function restrict(problem: MaxCoverProblem, chosen: number[]): MaxCoverProblem {
  const start = new Int32Array(chosen.length + 1);
  const cover: number[] = [];
  chosen.forEach((c, k) => {
    for (let i = problem.start[c]; i < problem.start[c + 1]; i++) cover.push(problem.cover[i]);
    start[k + 1] = cover.length;
  });
  return { ...problem, start, cover: Int32Array.from(cover) };
}

/**
 * One pick out, one candidate in, whenever that covers more weight (the best swap for each
 * pick in turn), until a pass changes nothing or `passes` run out.
 */
function improveBySwaps(problem: MaxCoverProblem, initial: number[], passes: number): { chosen: number[]; swaps: number } {
  const { weight, start, cover } = problem;
  const candidates = start.length - 1;
  const chosen = [...initial];
  const isChosen = new Uint8Array(candidates);
  for (const c of chosen) isChosen[c] = 1;
  // how many chosen candidates reach each demand point
  const times = new Int32Array(weight.length);
  for (const c of chosen) for (let k = start[c]; k < start[c + 1]; k++) times[cover[k]]++;
  const owned = new Uint8Array(weight.length); // reached by the pick being swapped out
  let swaps = 0;
  const EPS = 1e-9;
  for (let pass = 0; pass < passes; pass++) {
    let changed = false;
    for (let slot = 0; slot < chosen.length; slot++) {
      const out = chosen[slot];
      let loss = 0;
      for (let k = start[out]; k < start[out + 1]; k++) {
        const i = cover[k];
        owned[i] = 1;
        if (times[i] === 1) loss += Math.max(0, weight[i]);
      }
      let bestGain = loss + EPS, best = -1;
      for (let c = 0; c < candidates; c++) {
        if (isChosen[c]) continue;
        let gain = 0;
        for (let k = start[c]; k < start[c + 1]; k++) {
          const i = cover[k];
          if (times[i] === 0 || (times[i] === 1 && owned[i])) gain += Math.max(0, weight[i]);
        }
        if (gain > bestGain) [bestGain, best] = [gain, c];
      }
      for (let k = start[out]; k < start[out + 1]; k++) owned[cover[k]] = 0;
      if (best < 0) continue;
      for (let k = start[out]; k < start[out + 1]; k++) times[cover[k]]--;
      for (let k = start[best]; k < start[best + 1]; k++) times[cover[k]]++;
      isChosen[out] = 0;
      isChosen[best] = 1;
      chosen[slot] = best;
      swaps++;
      changed = true;
    }
    if (!changed) break;
  }
  return { chosen, swaps };
}

function lazyGreedy(problem: MaxCoverProblem): Omit<MaxCoverResult, 'swaps'> {
  const { weight, start, cover, count } = problem;
  const capacity = problem.capacity ?? Infinity;
  const candidates = start.length - 1;
  const remaining = Float64Array.from(weight, (w) => Math.max(0, w));
  const gainOf = (c: number): number => {
    let sum = 0;
    for (let k = start[c]; k < start[c + 1]; k++) sum += remaining[cover[k]];
    return Math.min(capacity, sum);
  };

  const heap = new GainHeap(candidates);
  let evaluations = 0;
  for (let c = 0; c < candidates; c++) {
    heap.push(c, gainOf(c), 0);
    evaluations++;
  }

  const picks: MaxCoverPick[] = [];
  while (picks.length < count && heap.size > 0) {
    const top = heap.pop();
    if (top.round !== picks.length) {
      // stale bound: re-evaluate against the picks made so far and put it back
      heap.push(top.candidate, gainOf(top.candidate), picks.length);
      evaluations++;
      continue;
    }
    if (!(top.gain > 0)) break; // nothing left within reach of any candidate
    const c = top.candidate;
    let left = top.gain;
    const demand: number[] = [];
    const taken: number[] = [];
    for (let k = start[c]; k < start[c + 1] && left > 0; k++) {
      const i = cover[k];
      const take = Math.min(remaining[i], left);
      if (take <= 0) continue;
      remaining[i] -= take;
      left -= take;
      demand.push(i);
      taken.push(take);
    }
    picks.push({ candidate: c, gain: top.gain, demand, taken });
  }
  return { picks, evaluations };
}

/** Max-heap of (gain, candidate) with the round each gain was computed in; ties: lower candidate first. */
class GainHeap {
  private cand: Int32Array;
  private gain: Float64Array;
  private round: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.cand = new Int32Array(Math.max(1, capacity));
    this.gain = new Float64Array(Math.max(1, capacity));
    this.round = new Int32Array(Math.max(1, capacity));
  }

  private before(a: number, b: number): boolean {
    return this.gain[a] > this.gain[b] || (this.gain[a] === this.gain[b] && this.cand[a] < this.cand[b]);
  }

  private swap(a: number, b: number): void {
    const c = this.cand[a], g = this.gain[a], r = this.round[a];
    this.cand[a] = this.cand[b];
    this.gain[a] = this.gain[b];
    this.round[a] = this.round[b];
    this.cand[b] = c;
    this.gain[b] = g;
    this.round[b] = r;
  }

  push(candidate: number, gain: number, round: number): void {
    let i = this.size++;
    this.cand[i] = candidate;
    this.gain[i] = gain;
    this.round[i] = round;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { candidate: number; gain: number; round: number } {
    const out = { candidate: this.cand[0], gain: this.gain[0], round: this.round[0] };
    this.size--;
    if (this.size > 0) {
      this.cand[0] = this.cand[this.size];
      this.gain[0] = this.gain[this.size];
      this.round[0] = this.round[this.size];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let best = i;
        if (l < this.size && this.before(l, best)) best = l;
        if (r < this.size && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return out;
  }
}
