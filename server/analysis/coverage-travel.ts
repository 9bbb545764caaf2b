/**
 * Coverage by travel time: a point is covered when some usable shelter can be reached within the
 * reach of its own type, in minutes along the roads. Shelters are grouped by reach, one
 * multi-source search per group that stops at its reach, so that a quick emergency shelter out of
 * its 10 minutes does not hide a long-term shelter 40 minutes away that still covers the point;
 * the nearest shelter at any time and the shortfall beyond the reaches come from two searches
 * over all the shelters, whatever the number of groups.
 *
 * Several lists of points (risk sites, villages) are probed together: each shelter and point is
 * snapped once (and its costs to its edge's ends worked out once), and each search serves every
 * list before the next one reuses its arrays.
 *
 * @example
 * const [sites, villages] = travelProbes(set, minutesPerType, travel, [sitePoints, villagePoints]);
 * sites.coverJ[i]; sites.nearestMinutes[i]; sites.shortfallMinutes[i];
 */
import { nearestFromSnaps, snapEnds } from '../routing/nearest-shelters.ts';
import type { RoadGraph } from '../routing/road-graph.ts';
import { searchBuffers, type SearchBuffers } from '../routing/search.ts';
import { fieldFromSnaps } from '../routing/shelter-field.ts';
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

/** Shelters of one reach (minutes): their positions in the set. */
export interface ReachGroup {
  reach: number;
  members: number[];
}

/** Sums of the same costs in another order may differ in the last bits: the bound keeps a little slack. */
const withSlack = (minutes: number) => minutes * (1 + 1e-9) + 1e-6;

/** The groups of shelters by reach, in the order the reaches first appear in the set. */
export function reachGroups(set: ShelterSet, minutesPerType: ServiceRadiusM): ReachGroup[] {
  const groups = new Map<number, number[]>();
  set.features.forEach((f, j) => {
    const reach = minutesPerType[f.properties.shelter_type];
    const g = groups.get(reach);
    if (g) g.push(j);
    else groups.set(reach, [j]);
  });
  return [...groups].map(([reach, members]) => ({ reach, members }));
}

/** Per road graph, the arrays every search of a coverage writes into, one search after another. */
const buffers = new WeakMap<RoadGraph, SearchBuffers>();

function buffersFor(graph: RoadGraph): SearchBuffers {
  let held = buffers.get(graph);
  if (!held) buffers.set(graph, (held = searchBuffers(graph)));
  return held;
}

function emptyProbes(n: number): TravelProbes {
  return {
    coverJ: new Int32Array(n).fill(-1),
    nearestJ: new Int32Array(n).fill(-1),
    nearestMinutes: new Float64Array(n).fill(Infinity),
    nearestM: new Float64Array(n).fill(NaN),
    nearestOffroadM: new Float64Array(n).fill(NaN),
    shortfallMinutes: new Float64Array(n).fill(Infinity),
  };
}

/** Each list's probes against the shelters of `set`, by their reach per type, in the same order as the lists. */
export function travelProbes(set: ShelterSet, minutesPerType: ServiceRadiusM, travel: Travel, lists: readonly (readonly LonLat[])[]): TravelProbes[] {
  const outs = lists.map((points) => emptyProbes(points.length));
  const groups = reachGroups(set, minutesPerType);
  if (groups.length === 0) return outs;
  const { graph, mode, blocked } = travel;
  const shelterSnaps = snapPoints(graph, positionsOf(set.features), mode, blocked);
  const pointSnaps = lists.map((points) => snapPoints(graph, points, mode, blocked));
  const pointEnds = pointSnaps.map((snaps) => snapEnds(graph, mode, snaps));
  const into = buffersFor(graph);
  const search = { mode, blocked, into };
  // Only the nearest shelter's way is reported in metres; the others are read in minutes.
  const minutesOnly = { ...search, metres: false };

  const coverMinutes = lists.map((points) => new Float64Array(points.length).fill(Infinity));
  for (const { reach, members } of groups) {
    const field = fieldFromSnaps(graph, members.map((j) => shelterSnaps[j]), { ...minutesOnly, maxCost: withSlack(reach) });
    pointSnaps.forEach((snaps, l) => {
      const near = nearestFromSnaps(graph, field, snaps, pointEnds[l]);
      const out = outs[l];
      const best = coverMinutes[l];
      for (let i = 0; i < snaps.length; i++) {
        const k = near.shelter[i];
        if (k < 0) continue;
        const t = near.minutes[i];
        if (t <= reach && t < best[i]) {
          best[i] = t;
          out.coverJ[i] = members[k];
        }
      }
    });
  }

  const nearest = fieldFromSnaps(graph, shelterSnaps, search);
  pointSnaps.forEach((snaps, l) => {
    const near = nearestFromSnaps(graph, nearest, snaps, pointEnds[l]);
    const out = outs[l];
    for (let i = 0; i < snaps.length; i++) {
      if (near.shelter[i] < 0) continue;
      out.nearestJ[i] = near.shelter[i];
      out.nearestMinutes[i] = near.minutes[i];
      out.nearestM[i] = near.distance_m[i];
      out.nearestOffroadM[i] = near.offroad_m[i];
    }
  });

  // The least time beyond a reach: each shelter handicapped by how much shorter its reach is than
  // the longest (min over shelters of minutes + (longest − reach) = longest + min over groups of
  // (minutes − reach)), in one search.
  const longest = Math.max(...groups.map((g) => g.reach));
  const reachOf = set.features.map((f) => minutesPerType[f.properties.shelter_type]);
  const beyond = fieldFromSnaps(graph, shelterSnaps, { ...minutesOnly, handicap: reachOf.map((reach) => (longest - reach) * 60) });
  pointSnaps.forEach((snaps, l) => {
    const late = nearestFromSnaps(graph, beyond, snaps, pointEnds[l]);
    const out = outs[l];
    for (let i = 0; i < snaps.length; i++) {
      if (out.nearestJ[i] < 0) continue;
      out.shortfallMinutes[i] = out.coverJ[i] >= 0 ? NaN : late.minutes[i] - longest;
    }
  });
  return outs;
}
