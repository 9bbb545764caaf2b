/**
 * For each demand point, the shelters that can take it: those within the service radius of
 * their own type, nearest first, as compressed rows for {@link assignWithCapacity}.
 *
 * @example
 * const index = nearestIndex(shelters);
 * const cands = shelterCandidates(demand, index, radiusPerShelter, 64);
 * // cands.shelter[cands.start[i]] is point i's nearest shelter within its radius
 */
import type { CandidateLists } from './capacity-assign.ts';
import type { DemandPoints } from './demand-points.ts';
import type { NearestIndex } from './nearest-index.ts';

/**
 * @param radiusM reach of each shelter in metres (by position in the index)
 * @param maxCandidates keep at most this many per point (the nearest)
 */
export function shelterCandidates<F>(demand: Pick<DemandPoints, 'lon' | 'lat'>, index: NearestIndex<F>, radiusM: ArrayLike<number>, maxCandidates = 64): CandidateLists {
  const n = demand.lon.length;
  let maxRadius = 0;
  for (let j = 0; j < radiusM.length; j++) maxRadius = Math.max(maxRadius, radiusM[j]);
  const start = new Int32Array(n + 1);
  let shelter = new Int32Array(Math.max(16, n * 2));
  let distance = new Float64Array(shelter.length);
  const hitIdx: number[] = [];
  const hitDist: number[] = [];
  let size = 0;
  for (let i = 0; i < n; i++) {
    const found = index.withinInto(demand.lon[i], demand.lat[i], maxRadius, hitIdx, hitDist);
    if (size + Math.min(found, maxCandidates) > shelter.length) {
      const grown = Math.max(shelter.length * 2, size + found);
      const s2 = new Int32Array(grown);
      s2.set(shelter);
      shelter = s2;
      const d2 = new Float64Array(grown);
      d2.set(distance);
      distance = d2;
    }
    let k = 0;
    for (let h = 0; h < found && k < maxCandidates; h++) {
      const j = hitIdx[h];
      if (hitDist[h] > radiusM[j]) continue; // beyond the reach of this shelter's type
      shelter[size + k] = j;
      distance[size + k] = hitDist[h];
      k++;
    }
    size += k;
    start[i + 1] = size;
  }
  return { start, shelter: shelter.slice(0, size), distance: distance.slice(0, size) };
}
