/**
 * Seeded random capacity problems for the assignment tests: the same seed always gives the
 * same problem, so their answers can be checked against an exact solver and recorded as
 * golden files.
 *
 * - `smallInstance`: 6–10 points, 2–4 shelters within ~3 km, capacity from scarce to ample
 *   (small enough for the exact branch and bound);
 * - `crowdedInstance`: 30–200 points and 3–15 shelters in one valley, capacity about what is
 *   needed, so every kind of move (refills, pair moves, chains, ruin and recreate) comes up;
 * - `hugeInstance`: 1,200 points sharing 30 shelters, one group so large that it gets only
 *   the two plain starts.
 *
 * @example
 * const p = smallInstance(7); assignWithCapacity(p).shelter; // one shelter (or −1) per point
 */
import type { CapacityProblem } from '../../../../server/analysis/capacity-assign.ts';
import { greatCircleM } from '../../../../server/analysis/great-circle.ts';
import { prng } from './prng.ts';

export function smallInstance(seed: number): CapacityProblem {
  const rnd = prng(seed);
  const n = 6 + Math.floor(rnd() * 5);
  const m = 2 + Math.floor(rnd() * 3);
  const tightness = 0.5 + rnd() * 2; // total capacity ≈ tightness × total residents
  return randomProblem(rnd, { n, m, tightness, size: [0.03, 0.03], maxResidents: 20, capacityFrom: 0.5 }, () => {
    const radius = 1500 + rnd() * 2000;
    return () => radius;
  });
}

export function crowdedInstance(seed: number): CapacityProblem {
  const rnd = prng(10_000 + seed);
  const n = 30 + Math.floor(rnd() * 171);
  const m = 3 + Math.floor(rnd() * 13);
  const tightness = 0.6 + rnd() * 0.8;
  return randomProblem(rnd, { n, m, tightness, size: [0.05, 0.04], maxResidents: 40, capacityFrom: 0.5 }, () => {
    const radius = Array.from({ length: m }, () => 1500 + rnd() * 2500);
    return (j) => radius[j];
  });
}

export function hugeInstance(seed: number): CapacityProblem {
  const rnd = prng(20_000 + seed);
  return randomProblem(rnd, { n: 1200, m: 30, tightness: 1, size: [0.03, 0.03], maxResidents: 12, capacityFrom: 0.4 }, () => () => 2500);
}

interface ProblemShape {
  n: number;
  m: number;
  /** Total capacity ≈ tightness × total residents. */
  tightness: number;
  /** Width and height of the area, degrees, from 110.9 E 22.3 N. */
  size: [number, number];
  maxResidents: number;
  /** Each shelter's share of the capacity is scaled by a factor drawn from [capacityFrom, capacityFrom + 1). */
  capacityFrom: number;
}

/**
 * Points and shelters at random in the area, residents 1…maxResidents per point, and the
 * reach of each shelter drawn last by `drawReach` (so each generator keeps its own sequence).
 */
function randomProblem(rnd: () => number, shape: ProblemShape, drawReach: () => (j: number) => number): CapacityProblem {
  const at = () => [110.9 + rnd() * shape.size[0], 22.3 + rnd() * shape.size[1]];
  const pts = Array.from({ length: shape.n }, at);
  const sh = Array.from({ length: shape.m }, at);
  const residents = pts.map(() => 1 + Math.floor(rnd() * shape.maxResidents));
  const total = residents.reduce((s, x) => s + x, 0);
  const capacity = sh.map(() => Math.round(((total * shape.tightness) / shape.m) * (shape.capacityFrom + rnd())));
  const reach = drawReach();
  return { residents, capacity, candidates: candidatesWithin(pts, sh, reach) };
}

/** Candidate rows: for each point the shelters within their reach, nearest first. */
function candidatesWithin(pts: number[][], sh: number[][], reach: (j: number) => number): CapacityProblem['candidates'] {
  const start = [0];
  const shelter: number[] = [];
  const dist: number[] = [];
  for (const p of pts) {
    const row = sh
      .map((s, j) => ({ j, d: greatCircleM(p[0], p[1], s[0], s[1]) }))
      .filter((x) => x.d <= reach(x.j))
      .sort((a, b) => a.d - b.d);
    for (const x of row) {
      shelter.push(x.j);
      dist.push(x.d);
    }
    start.push(shelter.length);
  }
  return { start: Int32Array.from(start), shelter: Int32Array.from(shelter), distance: Float64Array.from(dist) };
}

/**
 * A problem written out by hand: `rows[i]` lists point i's candidate shelters as
 * [shelter, metres] pairs, nearest first.
 *
 * @example
 * handProblem([5, 5], [5, 10], [[[0, 100], [1, 300]], [[0, 200]]]);
 */
export function handProblem(residents: number[], capacity: number[], rows: [number, number][][]): CapacityProblem {
  const start = [0];
  for (const row of rows) start.push(start[start.length - 1] + row.length);
  return {
    residents,
    capacity,
    candidates: {
      start: Int32Array.from(start),
      shelter: Int32Array.from(rows.flat().map(([j]) => j)),
      distance: Float64Array.from(rows.flat().map(([, d]) => d)),
    },
  };
}
