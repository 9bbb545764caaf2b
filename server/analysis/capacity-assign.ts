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
import { mulberry32 } from './seeded-random.ts';

/** Candidate shelters per demand point, nearest first, as compressed rows. */
export interface CandidateLists {
  /** Row i is entries start[i] .. start[i+1]-1 (length n + 1). */
  start: Int32Array;
  shelter: Int32Array;
  /** Metres, ascending within a row. */
  distance: Float64Array;
}

export interface CapacityProblem {
  residents: ArrayLike<number>;
  capacity: ArrayLike<number>;
  candidates: CandidateLists;
  /** Bound on local-search passes per start (each pass tries every move once). Default 50. */
  maxPasses?: number;
}

export interface CapacityAssignment {
  /** Shelter per demand point, −1 when unplaced. */
  shelter: Int32Array;
  /** Metres to the assigned shelter, NaN when unplaced. */
  distance: Float64Array;
}

const EPS = 1e-9;
/** A group of k points gets about ROUND_BUDGET / k rounds (starts or ruin-and-recreate), 1 to MAX_ROUNDS. */
const ROUND_BUDGET = 600;
const MAX_ROUNDS = 60;
/** Pair moves look at shelters with at most this many points (the pairs grow quadratically). */
const PAIR_LIMIT = 40;
/** Longest displacement chain tried to place a point. */
const CHAIN_DEPTH = 3;
/** Displacements tried per chain search. */
const CHAIN_NODES = 400;
/** Shelter refills are solved exactly up to this many points and this capacity. */
const REPACK_ITEMS = 40;
const REPACK_CAPACITY = 20_000;

export function assignWithCapacity(problem: CapacityProblem): CapacityAssignment {
  const { residents: r, capacity, candidates } = problem;
  const { start, shelter: cShel, distance: cDist } = candidates;
  const n = r.length;
  const m = capacity.length;
  const maxPasses = problem.maxPasses ?? 50;
  if (start.length !== n + 1) throw new RangeError('assignWithCapacity: candidates.start must have residents.length + 1 entries');

  const asg = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n).fill(NaN);
  const rem = new Float64Array(m);
  for (let j = 0; j < m; j++) rem[j] = capacity[j];

  // members[j]: points placed at j, with each point's slot in it for O(1) removal
  const members: number[][] = Array.from({ length: m }, () => []);
  const slot = new Int32Array(n);
  // the sweep in which each shelter last changed: a point none of whose shelters changed in
  // the previous sweep has almost surely no new move (only a chain through a third shelter
  // could), so later sweeps skip it ("don't look" bits); this keeps big groups fast
  const touched = new Int32Array(m).fill(-1);
  // a refill of a shelter is retried only after the shelter changed: change counter per shelter
  let tick = 0;
  const changedAt = new Float64Array(m);
  const repackedAt = new Float64Array(m).fill(-1);
  let sweep = 0;
  const place = (i: number, j: number, d: number): void => {
    touched[j] = sweep;
    changedAt[j] = ++tick;
    asg[i] = j;
    dist[i] = d;
    rem[j] -= r[i];
    slot[i] = members[j].length;
    members[j].push(i);
  };
  const unplace = (i: number): void => {
    const j = asg[i];
    touched[j] = sweep;
    changedAt[j] = ++tick;
    const list = members[j];
    const last = list.pop()!;
    if (last !== i) {
      list[slot[i]] = last;
      slot[last] = slot[i];
    }
    rem[j] += r[i];
    asg[i] = -1;
    dist[i] = NaN;
  };
  const fits = (i: number, j: number): boolean => rem[j] + EPS >= r[i];
  /** Candidate entry of shelter j in i's row, or −1. */
  const entryOf = (i: number, j: number): number => {
    for (let c = start[i]; c < start[i + 1]; c++) if (cShel[c] === j) return c;
    return -1;
  };

  // reverse rows: for each shelter, the points that list it, largest first, so the points a
  // shelter can no longer take form a prefix that grows as its room shrinks
  const revStart = new Int32Array(m + 1);
  for (let c = 0; c < cShel.length; c++) revStart[cShel[c] + 1]++;
  for (let j = 0; j < m; j++) revStart[j + 1] += revStart[j];
  const rev = new Int32Array(cShel.length);
  {
    // filling in order of residents (largest first) leaves every row sorted
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => r[b] - r[a] || a - b);
    const fill = revStart.slice(0, m);
    for (const i of order) for (let c = start[i]; c < start[i + 1]; c++) rev[fill[cShel[c]]++] = i;
  }
  const revPtr = new Int32Array(m);
  const version = new Int32Array(n);
  const tie = new Float64Array(n);
  const noise = new Float64Array(n);

  for (const group of groups()) solveGroup(group.points, group.shelters);
  return { shelter: asg, distance: dist };

  // ─── groups ─────────────────────────────────────────────────────────────────────────────
  function groups(): { points: number[]; shelters: number[] }[] {
    // union-find over shelters; a point joins the shelters in its row
    const parent = Int32Array.from({ length: m }, (_, j) => j);
    const find = (j: number): number => {
      while (parent[j] !== j) j = parent[j] = parent[parent[j]];
      return j;
    };
    for (let i = 0; i < n; i++) {
      if (start[i + 1] === start[i]) continue;
      const a = find(cShel[start[i]]);
      for (let c = start[i] + 1; c < start[i + 1]; c++) parent[find(cShel[c])] = a;
    }
    const byRoot = new Map<number, { points: number[]; shelters: number[] }>();
    for (let i = 0; i < n; i++) {
      if (start[i + 1] === start[i]) continue; // no candidate: stays unplaced
      const root = find(cShel[start[i]]);
      let g = byRoot.get(root);
      if (!g) byRoot.set(root, (g = { points: [], shelters: [] }));
      g.points.push(i);
    }
    for (let j = 0; j < m; j++) byRoot.get(find(j))?.shelters.push(j);
    return [...byRoot.values()];
  }

  function solveGroup(points: number[], shelters: number[]): void {
    let boundPlaced = 0;
    let boundCost = 0;
    for (const i of points) {
      boundPlaced += r[i];
      boundCost += r[i] * cDist[start[i]];
    }
    // at least two rounds: regret, then the input order, so the plain rule is never beaten
    const rounds = Math.max(2, Math.min(MAX_ROUNDS, Math.ceil(ROUND_BUDGET / points.length)));
    const rnd = mulberry32(points[0] * 2654435761 + points.length);
    let bestPlaced = -1;
    let bestCost = Infinity;
    const bestAsg = new Int32Array(points.length);
    const bestDist = new Float64Array(points.length);
    const restoreBest = (): void => {
      for (const i of points) if (asg[i] >= 0) unplace(i);
      points.forEach((i, k) => {
        if (bestAsg[k] >= 0) place(i, bestAsg[k], bestDist[k]);
      });
    };
    for (let round = 0; round < rounds; round++) {
      if (round < 3 || round % 3 === 0) {
        // a fresh start: regret, largest first, input order, then random orders
        for (const i of points) if (asg[i] >= 0) unplace(i);
        if (round === 0) {
          noise.fill(1);
          regretGreedy(points, shelters);
        } else if (round === 1) firstFit(points);
        else if (round === 2) firstFit(points.slice().sort((a, b) => r[b] - r[a] || a - b));
        else randomFit(shuffle(points.slice(), rnd), rnd);
      } else {
        // ruin and recreate: empty two neighbouring shelters of the best solution, refill at random
        restoreBest();
        const j = shelters[Math.floor(rnd() * shelters.length)];
        const near = rev[revStart[j] + Math.floor(rnd() * (revStart[j + 1] - revStart[j]))];
        const k = near === undefined ? j : cShel[start[near] + Math.floor(rnd() * (start[near + 1] - start[near]))];
        for (const i of [...members[j], ...(k === j ? [] : members[k])]) unplace(i);
        randomFit(shuffle(points.filter((i) => asg[i] < 0), rnd), rnd);
      }
      if (round === 1 && rounds === 2) {
        // a huge group: polish the plain rule's answer only if it is not already beaten
        const [p0, c0] = objective(points);
        if (p0 < bestPlaced - EPS || (p0 < bestPlaced + EPS && c0 >= bestCost - EPS * Math.max(1, c0))) continue;
      }
      localSearch(points);
      const [placed, cost] = objective(points);
      // ties replace the best too, so ruin-and-recreate can drift across equal solutions
      if (placed > bestPlaced + EPS || (placed > bestPlaced - EPS && cost <= bestCost + EPS * Math.max(1, cost))) {
        bestPlaced = placed;
        bestCost = cost;
        points.forEach((i, k) => {
          bestAsg[k] = asg[i];
          bestDist[k] = dist[i];
        });
      }
      if (placed > boundPlaced - EPS && cost < boundCost + EPS * Math.max(1, cost)) break; // optimal
    }
    restoreBest();
  }

  /** Placed residents and Σ residents × distance over a group's points. */
  function objective(points: number[]): [number, number] {
    let placed = 0;
    let cost = 0;
    for (const i of points) {
      if (asg[i] < 0) continue;
      placed += r[i];
      cost += r[i] * dist[i];
    }
    return [placed, cost];
  }

  // ─── construction ───────────────────────────────────────────────────────────────────────
  function regretGreedy(points: number[], shelters: number[]): void {
    for (const j of shelters) revPtr[j] = revStart[j];
    const heap = new RegretHeap();
    const evaluate = (i: number): void => {
      let b1 = -1;
      let d1 = Infinity;
      let d2 = Infinity;
      for (let c = start[i]; c < start[i + 1]; c++) {
        if (!fits(i, cShel[c])) continue;
        if (b1 < 0) {
          b1 = c;
          d1 = cDist[c];
        } else {
          d2 = cDist[c];
          break;
        }
      }
      version[i]++;
      if (b1 < 0) return; // nowhere left to go: the local search may still make room
      const regret = d2 === Infinity ? Infinity : r[i] * (d2 - d1) * noise[i];
      tie[i] = r[i] * noise[i];
      heap.push(i, version[i], regret, tie[i], d1, b1);
    };
    for (const i of points) evaluate(i);
    while (heap.size > 0) {
      const e = heap.pop();
      if (e.version !== version[e.i] || asg[e.i] >= 0) continue;
      const j = cShel[e.cand];
      place(e.i, j, cDist[e.cand]);
      // the points for which j just became too full get a fresh regret
      const end = revStart[j + 1];
      while (revPtr[j] < end && r[rev[revPtr[j]]] > rem[j] + EPS) {
        const i2 = rev[revPtr[j]++];
        if (asg[i2] < 0) evaluate(i2);
      }
    }
  }

  /**
   * Each point in the given order to its nearest shelter with room: largest first packs well;
   * input order is the plain rule a planner applies by hand, so the result is never worse.
   */
  function firstFit(order: number[]): void {
    for (const i of order) insert(i);
  }

  /** Like firstFit, but each point skips a shelter with room with probability 1/3: explores other packings. */
  function randomFit(order: number[], rnd: () => number): void {
    for (const i of order) {
      let first = -1;
      for (let c = start[i]; c < start[i + 1]; c++) {
        if (!fits(i, cShel[c])) continue;
        if (first < 0) first = c;
        if (rnd() < 2 / 3) {
          first = c;
          break;
        }
      }
      if (first >= 0) place(i, cShel[first], cDist[first]);
    }
  }

  // ─── local search ───────────────────────────────────────────────────────────────────────
  function localSearch(points: number[]): void {
    const firstSweep = ++sweep;
    for (let pass = 0; pass < maxPasses; pass++) {
      const since = sweep === firstSweep ? -Infinity : sweep - 1;
      const a = placeUnplaced(points, since);
      const b = shortenDistances(points, since);
      sweep++;
      if (!a && !b) break;
    }
  }

  /** Moves that raise the placed residents. */
  function placeUnplaced(points: number[], changedSince: number): boolean {
    const waiting = points.filter((i) => asg[i] < 0 && !stale(i, changedSince)).sort((a, b) => r[b] - r[a] || a - b);
    let improved = false;
    for (const i of waiting) {
      if (asg[i] >= 0) continue;
      if (insert(i) || makeRoom(i) || replace(i) || ejectionChain(i)) improved = true;
    }
    for (const i of waiting) {
      if (asg[i] >= 0) continue;
      for (let c = start[i]; c < start[i + 1] && asg[i] < 0; c++) {
        const j = cShel[c];
        if (rem[j] < 1 - EPS) continue; // full: a refill cannot hold more
        if (repackedAt[j] >= changedAt[j]) continue; // already tried since j last changed
        repackedAt[j] = tick;
        if (repack(j)) improved = true;
      }
    }
    return improved;
  }

  /** None of i's shelters changed since the given sweep. */
  function stale(i: number, changedSince: number): boolean {
    for (let c = start[i]; c < start[i + 1]; c++) if (touched[cShel[c]] >= changedSince) return false;
    return true;
  }

  /**
   * Places i through a chain of up to CHAIN_DEPTH displacements: i takes a place at j from a
   * point a, a takes a place at k from b, … until the last displaced point fits somewhere or is
   * smaller than i (and is left unplaced). Each shelter appears once in a chain. The gain is
   * r[i] − r[last dropped] > 0, so placed residents always rise.
   */
  function ejectionChain(i: number): boolean {
    const used = new Set<number>();
    const undo: { p: number; from: number; d: number }[] = [];
    const origin = r[i];
    let budget = CHAIN_NODES; // the search tree grows as (shelters × points)^depth: cap it
    const move = (p: number, j: number, d: number): void => {
      undo.push({ p, from: asg[p], d: dist[p] });
      if (asg[p] >= 0) unplace(p);
      if (j >= 0) place(p, j, d);
    };
    const rollback = (mark: number): void => {
      while (undo.length > mark) {
        const u = undo.pop()!;
        if (asg[u.p] >= 0) unplace(u.p);
        if (u.from >= 0) place(u.p, u.from, u.d);
      }
    };
    const settle = (p: number, depth: number): boolean => {
      for (let c = start[p]; c < start[p + 1]; c++) {
        if (fits(p, cShel[c]) && !used.has(cShel[c])) {
          move(p, cShel[c], cDist[c]);
          return true;
        }
      }
      if (p !== i && r[p] < origin - EPS) return true; // dropping a smaller point still gains
      if (depth === 0) return false;
      for (let c = start[p]; c < start[p + 1]; c++) {
        const j = cShel[c];
        if (used.has(j) || members[j].length > PAIR_LIMIT) continue;
        used.add(j);
        for (const a of members[j].slice()) {
          if (rem[j] + r[a] + EPS < r[p]) continue;
          if (--budget < 0) return false;
          const mark = undo.length;
          move(a, -1, 0);
          move(p, j, cDist[c]);
          if (settle(a, depth - 1)) return true;
          rollback(mark);
        }
        used.delete(j);
      }
      return false;
    };
    return settle(i, CHAIN_DEPTH);
  }

  /**
   * Refills shelter j with the subset of its points and of the unplaced points listing it
   * that holds the most residents (then the least distance): a small exact knapsack.
   * Points left out become unplaced, for the other moves to place elsewhere.
   */
  function repack(j: number): boolean {
    const items: number[] = [...members[j]];
    const dj: number[] = items.map((i) => dist[i]);
    for (let p = revStart[j]; p < revStart[j + 1]; p++) {
      const i = rev[p];
      if (asg[i] >= 0) continue;
      items.push(i);
      dj.push(cDist[entryOf(i, j)]);
    }
    const cap = Math.floor(capacity[j] + EPS);
    if (items.length > REPACK_ITEMS || cap > REPACK_CAPACITY || items.some((i) => !Number.isInteger(r[i]))) return false;
    let load = 0;
    let cost = 0;
    for (const i of members[j]) {
      load += r[i];
      cost += r[i] * dist[i];
    }
    // best[s]: least cost of a subset holding exactly s residents; took[k][s]: item k used for it
    const best = new Float64Array(cap + 1).fill(Infinity);
    best[0] = 0;
    const took = items.map(() => new Uint8Array(cap + 1));
    items.forEach((i, k) => {
      const w = r[i];
      const c = w * dj[k];
      for (let s2 = cap; s2 >= w; s2--) {
        if (best[s2 - w] + c < best[s2]) {
          best[s2] = best[s2 - w] + c;
          took[k][s2] = 1;
        }
      }
    });
    let s2 = cap;
    while (s2 > 0 && best[s2] === Infinity) s2--;
    if (s2 < load + EPS && !(s2 === load && best[s2] < cost - EPS * Math.max(1, cost))) return false;
    const chosen = new Set<number>();
    for (let k = items.length - 1; k >= 0 && s2 > 0; k--) {
      if (took[k][s2]) {
        chosen.add(k);
        s2 -= r[items[k]];
      }
    }
    for (const i of members[j].slice()) unplace(i);
    for (const k of chosen) place(items[k], j, dj[k]);
    return true;
  }

  function insert(i: number): boolean {
    for (let c = start[i]; c < start[i + 1]; c++) {
      if (fits(i, cShel[c])) {
        place(i, cShel[c], cDist[c]);
        return true;
      }
    }
    return false;
  }

  /** Nearest other shelter with room for i2 (excluding j), as a candidate entry, or −1. */
  function moveTarget(i2: number, j: number, extraAt = -1, extra = 0): number {
    for (let c = start[i2]; c < start[i2 + 1]; c++) {
      const k = cShel[c];
      if (k !== j && rem[k] + (k === extraAt ? extra : 0) + EPS >= r[i2]) return c;
    }
    return -1;
  }

  /** Place i at one of its shelters j by moving one or two of j's points to other shelters. */
  function makeRoom(i: number): boolean {
    let best = Infinity;
    let bC = -1, bA = -1, bCA = -1, bB = -1, bCB = -1;
    for (let c = start[i]; c < start[i + 1]; c++) {
      const j = cShel[c];
      const need = r[i] - rem[j];
      const list = members[j];
      for (let x = 0; x < list.length; x++) {
        const a = list[x];
        const ca = moveTarget(a, j);
        if (ca < 0) continue;
        const costA = r[a] * (cDist[ca] - dist[a]);
        if (r[a] + EPS >= need) {
          const delta = r[i] * cDist[c] + costA;
          if (delta < best) {
            best = delta;
            bC = c; bA = a; bCA = ca; bB = -1;
          }
          continue;
        }
        if (list.length > PAIR_LIMIT) continue;
        for (let y = x + 1; y < list.length; y++) {
          const b = list[y];
          if (r[a] + r[b] + EPS < need) continue;
          // b's target must still have room once a has moved in
          const cb = moveTarget(b, j, cShel[ca], -r[a]);
          if (cb < 0) continue;
          const delta = r[i] * cDist[c] + costA + r[b] * (cDist[cb] - dist[b]);
          if (delta < best) {
            best = delta;
            bC = c; bA = a; bCA = ca; bB = b; bCB = cb;
          }
        }
      }
    }
    if (bC < 0) return false;
    unplace(bA);
    place(bA, cShel[bCA], cDist[bCA]);
    if (bB >= 0) {
      unplace(bB);
      place(bB, cShel[bCB], cDist[bCB]);
    }
    place(i, cShel[bC], cDist[bC]);
    return true;
  }

  /** Place i at j in place of one or two smaller points, which become unplaced. */
  function replace(i: number): boolean {
    let bestGain = EPS;
    let bestCost = Infinity;
    let bC = -1, bA = -1, bB = -1;
    const consider = (c: number, out: number, a: number, b: number, outCost: number): void => {
      const gain = r[i] - out;
      const cost = r[i] * cDist[c] - outCost;
      if (gain > bestGain + EPS || (gain > bestGain - EPS && cost < bestCost)) {
        bestGain = gain;
        bestCost = cost;
        bC = c; bA = a; bB = b;
      }
    };
    for (let c = start[i]; c < start[i + 1]; c++) {
      const j = cShel[c];
      const list = members[j];
      for (let x = 0; x < list.length; x++) {
        const a = list[x];
        if (r[a] >= r[i]) continue;
        if (rem[j] + r[a] + EPS >= r[i]) consider(c, r[a], a, -1, r[a] * dist[a]);
        else if (list.length <= PAIR_LIMIT) {
          for (let y = x + 1; y < list.length; y++) {
            const b = list[y];
            if (r[a] + r[b] >= r[i] || rem[j] + r[a] + r[b] + EPS < r[i]) continue;
            consider(c, r[a] + r[b], a, b, r[a] * dist[a] + r[b] * dist[b]);
          }
        }
      }
    }
    if (bC < 0) return false;
    unplace(bA);
    if (bB >= 0) unplace(bB);
    place(i, cShel[bC], cDist[bC]);
    return true;
  }

  /** Moves that keep the placed residents and shorten the total distance. */
  function shortenDistances(points: number[], changedSince: number): boolean {
    let improved = false;
    for (const i of points) {
      if (asg[i] < 0 || r[i] === 0) continue;
      if (stale(i, changedSince)) continue;
      if (shift(i) || swap(i) || chain(i)) improved = true;
    }
    return improved;
  }

  /** i to the nearest shelter with room, if nearer than its own. */
  function shift(i: number): boolean {
    for (let c = start[i]; c < start[i + 1] && cDist[c] < dist[i] - EPS; c++) {
      if (fits(i, cShel[c])) {
        unplace(i);
        place(i, cShel[c], cDist[c]);
        return true;
      }
    }
    return false;
  }

  /** i and a point i2 at a nearer shelter k change places, if both fit and the sum shortens. */
  function swap(i: number): boolean {
    const j = asg[i];
    const dij = dist[i];
    for (let c = start[i]; c < start[i + 1] && cDist[c] < dij - EPS; c++) {
      const k = cShel[c];
      const dik = cDist[c];
      for (const i2 of members[k]) {
        if (r[i2] > rem[j] + r[i] + EPS || r[i] > rem[k] + r[i2] + EPS) continue;
        const c2 = entryOf(i2, j);
        if (c2 < 0) continue;
        const delta = r[i] * (dik - dij) + r[i2] * (cDist[c2] - dist[i2]);
        if (delta < -EPS * Math.max(1, r[i] * dij)) {
          unplace(i);
          unplace(i2);
          place(i, k, dik);
          place(i2, j, cDist[c2]);
          return true;
        }
      }
    }
    return false;
  }

  /** i to a nearer full shelter k, made room for by moving one of k's points to a third shelter. */
  function chain(i: number): boolean {
    const j = asg[i];
    const dij = dist[i];
    for (let c = start[i]; c < start[i + 1] && cDist[c] < dij - EPS; c++) {
      const k = cShel[c];
      const dik = cDist[c];
      for (const i2 of members[k]) {
        if (r[i] > rem[k] + r[i2] + EPS) continue;
        // i2 may go anywhere but k, counting the room i leaves at j
        const c2 = moveTarget(i2, k, j, r[i]);
        if (c2 < 0) continue;
        const delta = r[i] * (dik - dij) + r[i2] * (cDist[c2] - dist[i2]);
        if (delta < -EPS * Math.max(1, r[i] * dij)) {
          unplace(i);
          unplace(i2);
          place(i, k, dik);
          place(i2, cShel[c2], cDist[c2]);
          return true;
        }
      }
    }
    return false;
  }
}

/** Max-heap of construction entries: regret, then tie (residents, noisy), then nearer best, then index. */
class RegretHeap {
  size = 0;
  private is: number[] = [];
  private vs: number[] = [];
  private gs: number[] = [];
  private ts: number[] = [];
  private ds: number[] = [];
  private cs: number[] = [];

  push(i: number, version: number, regret: number, tie: number, d1: number, cand: number): void {
    let pos = this.size++;
    while (pos > 0) {
      const p = (pos - 1) >> 1;
      if (!this.before(regret, tie, d1, i, p)) break;
      this.copy(p, pos);
      pos = p;
    }
    this.set(pos, i, version, regret, tie, d1, cand);
  }

  pop(): { i: number; version: number; cand: number } {
    const top = { i: this.is[0], version: this.vs[0], cand: this.cs[0] };
    const last = --this.size;
    if (last > 0) {
      const i = this.is[last], v = this.vs[last], g = this.gs[last], t = this.ts[last], d = this.ds[last], c = this.cs[last];
      let pos = 0;
      for (;;) {
        let child = 2 * pos + 1;
        if (child >= last) break;
        if (child + 1 < last && this.before(this.gs[child + 1], this.ts[child + 1], this.ds[child + 1], this.is[child + 1], child)) child++;
        if (this.before(g, t, d, i, child)) break;
        this.copy(child, pos);
        pos = child;
      }
      this.set(pos, i, v, g, t, d, c);
    }
    return top;
  }

  /** Whether (g, t, d, i) comes before the entry at position p. */
  private before(g: number, t: number, d: number, i: number, p: number): boolean {
    if (g !== this.gs[p]) return g > this.gs[p];
    if (t !== this.ts[p]) return t > this.ts[p];
    if (d !== this.ds[p]) return d < this.ds[p];
    return i < this.is[p];
  }

  private copy(from: number, to: number): void {
    this.set(to, this.is[from], this.vs[from], this.gs[from], this.ts[from], this.ds[from], this.cs[from]);
  }

  private set(pos: number, i: number, v: number, g: number, t: number, d: number, c: number): void {
    this.is[pos] = i;
    this.vs[pos] = v;
    this.gs[pos] = g;
    this.ts[pos] = t;
    this.ds[pos] = d;
    this.cs[pos] = c;
  }
}

function shuffle<T>(a: T[], rnd: () => number): T[] {
  for (let k = a.length - 1; k > 0; k--) {
    const x = Math.floor(rnd() * (k + 1));
    [a[k], a[x]] = [a[x], a[k]];
  }
  return a;
}

