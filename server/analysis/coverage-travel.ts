/**
 * Coverage by travel time: a point is covered when some usable shelter can be reached within the
 * reach of its own type, in minutes along the roads. Shelters are grouped by reach, one
 * multi-source search per group that stops at its reach, so that a quick emergency shelter out of
 * its 10 minutes does not hide a long-term shelter 40 minutes away that still covers the point;
 * the nearest shelter at any time and the shortfall beyond the reaches come from two searches
 * over all the shelters (see WholeSet), whatever the number of groups.
 *
 * @example
 * const probe = travelProbes(set, minutesPerType, travel, points);
 * probe.coverJ[i]; probe.nearestMinutes[i]; probe.shortfallMinutes[i];
 * // Sites and villages against the same shelters: search once per group, probe each list.
 * const groups = reachGroups(set, minutesPerType, travel);
 * probesFrom(groups, travel, sitePoints); probesFrom(groups, travel, villagePoints);
 */
import { nearestFromSnaps } from '../routing/nearest-shelters.ts';
import { shelterField, type ShelterField } from '../routing/shelter-field.ts';
import { snapPoints } from '../routing/snap.ts';
import { positionsOf, type Travel } from './travel.ts';
import type { ShelterSet } from './coverage-shelters.ts';
import type { LonLat } from '../routing/types.ts';
import type { ServiceRadiusM } from './types.ts';

export interface TravelProbes {
  /** Quickest shelter whose reach covers the point (position in the set), −1 if none. */
  coverJ: Int32Array;
  /** Quickest shelter at any time, −1 when no way leads to any. */
  nearestJ: Int32Array;
  nearestMinutes: Float64Array;
  /** Metres along the way to the nearest shelter, off-road legs included. */
  nearestM: Float64Array;
  nearestOffroadM: Float64Array;
  /** Minutes beyond the nearest reach: min over groups of (minutes − reach); NaN when covered, Infinity with no way. */
  shortfallMinutes: Float64Array;
}

/**
 * Shelters of one reach (minutes), positions in the set, and the search from all of them, which
 * stops at the reach: whether a point is covered only needs the nodes within it.
 */
export interface ReachGroup {
  reach: number;
  members: number[];
  field: ShelterField;
  /** The searches over every group's shelters, shared by the groups of one set. */
  whole: WholeSet;
}

/**
 * Two searches from every shelter of the set, to the end of the network: the nearest shelter at
 * any time, and the least time beyond a reach, each shelter handicapped by how much shorter its
 * reach is than the longest (min over shelters of minutes + (longest − reach) = longest + min
 * over groups of (minutes − reach)).
 */
interface WholeSet {
  nearest: ShelterField;
  beyond: ShelterField;
  longest: number;
}

/** Sums of the same costs in another order may differ in the last bits: the bound keeps a little slack. */
const withSlack = (minutes: number) => minutes * (1 + 1e-9) + 1e-6;

/** One bounded search per reach, in the order the reaches first appear in the set, and the two whole searches. */
export function reachGroups(set: ShelterSet, minutesPerType: ServiceRadiusM, travel: Travel): ReachGroup[] {
  const groups = new Map<number, number[]>();
  const reachOf = set.features.map((f) => minutesPerType[f.properties.shelter_type]);
  reachOf.forEach((reach, j) => {
    const g = groups.get(reach);
    if (g) g.push(j);
    else groups.set(reach, [j]);
  });
  if (groups.size === 0) return [];
  const all = positionsOf(set.features);
  const longest = Math.max(...groups.keys());
  const search = { mode: travel.mode, blocked: travel.blocked };
  const whole: WholeSet = {
    nearest: shelterField(travel.graph, all, search),
    beyond: shelterField(travel.graph, all, { ...search, handicap: reachOf.map((reach) => (longest - reach) * 60) }),
    longest,
  };
  return [...groups].map(([reach, members]) => ({
    reach,
    members,
    field: shelterField(travel.graph, positionsOf(members.map((j) => set.features[j])), { ...search, maxCost: withSlack(reach) }),
    whole,
  }));
}

export function travelProbes(set: ShelterSet, minutesPerType: ServiceRadiusM, travel: Travel, points: readonly LonLat[]): TravelProbes {
  return probesFrom(reachGroups(set, minutesPerType, travel), travel, points);
}

/** The probes of `points` against groups already searched; each point is snapped once for all groups. */
export function probesFrom(groups: readonly ReachGroup[], travel: Travel, points: readonly LonLat[]): TravelProbes {
  const n = points.length;
  const out: TravelProbes = {
    coverJ: new Int32Array(n).fill(-1),
    nearestJ: new Int32Array(n).fill(-1),
    nearestMinutes: new Float64Array(n).fill(Infinity),
    nearestM: new Float64Array(n).fill(NaN),
    nearestOffroadM: new Float64Array(n).fill(NaN),
    shortfallMinutes: new Float64Array(n).fill(Infinity),
  };
  const coverMinutes = new Float64Array(n).fill(Infinity);
  if (groups.length === 0) return out;
  const { graph } = travel;
  const snaps = snapPoints(graph, points, travel.mode, travel.blocked);
  for (const { reach, members, field } of groups) {
    const near = nearestFromSnaps(graph, field, snaps);
    for (let i = 0; i < n; i++) {
      const k = near.shelter[i];
      if (k < 0) continue;
      const t = near.minutes[i];
      if (t <= reach && t < coverMinutes[i]) {
        coverMinutes[i] = t;
        out.coverJ[i] = members[k];
      }
    }
  }
  const { nearest, beyond, longest } = groups[0].whole;
  const near = nearestFromSnaps(graph, nearest, snaps);
  const late = nearestFromSnaps(graph, beyond, snaps);
  for (let i = 0; i < n; i++) {
    if (near.shelter[i] < 0) continue;
    out.nearestJ[i] = near.shelter[i];
    out.nearestMinutes[i] = near.minutes[i];
    out.nearestM[i] = near.distance_m[i];
    out.nearestOffroadM[i] = near.offroad_m[i];
    out.shortfallMinutes[i] = late.minutes[i] - longest;
  }
  for (let i = 0; i < n; i++) if (out.coverJ[i] >= 0) out.shortfallMinutes[i] = NaN;
  return out;
}
