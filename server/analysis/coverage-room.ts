/**
 * Capacity-aware nearest load, simple enough to check by hand: demand points are taken in
 * order of the distance to their nearest usable shelter in reach (nearest first, ties in input
 * order); each goes whole (its households move together) to the nearest shelter in reach
 * that still has room for all its residents, or stays unplaced. A point with no shelter in
 * reach is unplaced. Only the `maxCandidates` nearest shelters in reach are tried.
 *
 * @example
 * const placed = placeWithRoom({ lon, lat, residents }, shelterSet);
 * placed.shelter[0];   // position in shelterSet.features, or −1
 */
import type { ShelterSet } from './coverage-shelters.ts';

export interface RoomDemand {
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  residents: ArrayLike<number>;
}

export interface RoomPlacement {
  /** Shelter per demand point (position in the set), −1 when unplaced. */
  shelter: Int32Array;
  /** Metres to it, NaN when unplaced. */
  distance: Float64Array;
  /** Whether some usable shelter's radius reaches the point, room or not. */
  inReach: Uint8Array;
  /** Residents placed per shelter. */
  load: Float64Array;
}

export function placeWithRoom(demand: RoomDemand, set: ShelterSet, maxCandidates = 32): RoomPlacement {
  const n = demand.lon.length;
  const radius = set.radius;
  const within = (_f: unknown, j: number, d: number): boolean => d <= radius[j];
  const start = new Int32Array(n + 1);
  const cand: number[] = [];
  const dist: number[] = [];
  const rowJ = new Int32Array(maxCandidates);
  const rowD = new Float64Array(maxCandidates);
  for (let i = 0; i < n; i++) {
    const k = set.features.length === 0 ? 0 : set.index.aroundInto(demand.lon[i], demand.lat[i], maxCandidates, set.maxRadius, rowJ, rowD, within);
    for (let m = 0; m < k; m++) {
      cand.push(rowJ[m]);
      dist.push(rowD[m]);
    }
    start[i + 1] = cand.length;
  }

  const order = Array.from({ length: n }, (_, i) => i).filter((i) => start[i + 1] > start[i]);
  order.sort((a, b) => dist[start[a]] - dist[start[b]] || a - b);

  const room = Float64Array.from(set.capacity);
  const shelter = new Int32Array(n).fill(-1);
  const distance = new Float64Array(n).fill(NaN);
  const inReach = new Uint8Array(n);
  const load = new Float64Array(set.features.length);
  for (const i of order) {
    inReach[i] = 1;
    const need = demand.residents[i];
    for (let k = start[i]; k < start[i + 1]; k++) {
      const j = cand[k];
      if (room[j] < need) continue;
      room[j] -= need;
      load[j] += need;
      shelter[i] = j;
      distance[i] = dist[k];
      break;
    }
  }
  return { shelter, distance, inReach, load };
}
