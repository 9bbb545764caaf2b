/**
 * Splits a capacity problem into groups that never compete: points and shelters are joined
 * whenever a point lists a shelter, so no move in one group can change another, and each is
 * solved on its own. A point with no candidate belongs to no group (it stays unplaced).
 *
 * @example
 * // point 0 lists shelters 0 and 1, point 1 lists shelter 2
 * independentGroups({ start: Int32Array.of(0, 2, 3), shelter: Int32Array.of(0, 1, 2), distance }, 3);
 * // → [{ points: [0], shelters: [0, 1] }, { points: [1], shelters: [2] }]
 */
import type { CandidateLists } from './assignment-state.ts';

export interface Group {
  /** Points in input order. */
  points: number[];
  /** Shelters in input order. */
  shelters: number[];
}

/** Groups in order of their first point. */
export function independentGroups(candidates: CandidateLists, shelterCount: number): Group[] {
  const { start, shelter } = candidates;
  const n = start.length - 1;
  // union-find over shelters; a point joins the shelters in its row
  const parent = Int32Array.from({ length: shelterCount }, (_, j) => j);
  const find = (j: number): number => {
    while (parent[j] !== j) j = parent[j] = parent[parent[j]];
    return j;
  };
  for (let i = 0; i < n; i++) {
    if (start[i + 1] === start[i]) continue;
    const a = find(shelter[start[i]]);
    for (let c = start[i] + 1; c < start[i + 1]; c++) parent[find(shelter[c])] = a;
  }
  const byRoot = new Map<number, Group>();
  for (let i = 0; i < n; i++) {
    if (start[i + 1] === start[i]) continue; // no candidate: stays unplaced
    const root = find(shelter[start[i]]);
    let g = byRoot.get(root);
    if (!g) byRoot.set(root, (g = { points: [], shelters: [] }));
    g.points.push(i);
  }
  for (let j = 0; j < shelterCount; j++) byRoot.get(find(j))?.shelters.push(j);
  return [...byRoot.values()];
}
