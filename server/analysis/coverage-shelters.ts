/**
 * The shelters that can take people (usable status, optionally not in an unsafe zone) with
 * their service radius, capacity and area as flat arrays, and the one query every coverage
 * figure rests on: the nearest usable shelter whose own radius reaches a point.
 *
 * @example
 * const set = usableShelters(shelters.features, DEFAULT_STANDARDS);
 * const hit = set.covering(110.95, 22.36);   // { j, distance_m } | null
 * set.features[hit.j].properties.code;
 */
import { nearestIndex, type NearestIndex } from './nearest-index.ts';
import { shelterGrid, type GridProbe } from './coverage-shelter-grid.ts';
import type { Standards } from './standards.ts';
import type { ShelterFeature, ShelterStatus, ShelterType } from './types.ts';

export interface ShelterHit {
  /** Position in `features` of the usable set. */
  j: number;
  distance_m: number;
}

export interface ShelterProbe {
  /** Nearest shelter whose own radius reaches the point, or null. */
  covering: ShelterHit | null;
  /** Nearest shelter at any distance, or null when there are none. */
  nearest: ShelterHit | null;
  /**
   * How far the point lies beyond the nearest reach, min over shelters of (distance − radius):
   * computed only when not covered (NaN when covered; Infinity without shelters).
   */
  shortfall_m: number;
}

export interface ShelterSet {
  /** Usable shelters, in input order. */
  features: ShelterFeature[];
  /** Position of each in the input array. */
  inputPosition: Int32Array;
  radius: Float64Array;
  capacity: Float64Array;
  /** Effective area in m² (0 when unknown). */
  area: Float64Array;
  maxRadius: number;
  index: NearestIndex<ShelterFeature>;
  /** Nearest shelter whose service radius reaches the point, or null. */
  covering(lon: number, lat: number): ShelterHit | null;
  /** Nearest shelter at any distance, or null when there is none. */
  nearest(lon: number, lat: number): ShelterHit | null;
  /** Covering shelter, nearest shelter and shortfall in one walk (see coverage-shelter-grid.ts). */
  probe(lon: number, lat: number): ShelterProbe;
  /** The same into a reused object (no allocation), for loops over many points. */
  probeInto(lon: number, lat: number): GridProbe;
}

/**
 * @param shelters all shelters (not mutated)
 * @param exclude drop a shelter that passes the status test (e.g. one in an unsafe zone)
 */
export function usableShelters(shelters: readonly ShelterFeature[], standards: Readonly<Standards>, exclude?: (f: ShelterFeature, position: number) => boolean): ShelterSet {
  const usable = new Set<string>(standards.usable_statuses);
  const features: ShelterFeature[] = [];
  const positions: number[] = [];
  shelters.forEach((f, i) => {
    if (f.geometry?.type !== 'Point' || !usable.has(f.properties?.status)) return;
    if (exclude?.(f, i)) return;
    features.push(f);
    positions.push(i);
  });
  const n = features.length;
  const radius = new Float64Array(n);
  const capacity = new Float64Array(n);
  const area = new Float64Array(n);
  let maxRadius = 0;
  features.forEach((f, j) => {
    const type = standards.shelter_types[f.properties.shelter_type];
    if (!type) throw new RangeError(`shelter ${f.id}: no standard for shelter type "${String(f.properties.shelter_type)}"`);
    radius[j] = type.service_radius_m;
    capacity[j] = Math.max(0, Number(f.properties.capacity) || 0);
    area[j] = Math.max(0, Number(f.properties.effective_area_m2) || 0);
    maxRadius = Math.max(maxRadius, radius[j]);
  });
  const index = nearestIndex(features);
  const lonArr = Float64Array.from(features, (f) => f.geometry.coordinates[0]);
  const latArr = Float64Array.from(features, (f) => f.geometry.coordinates[1]);
  const grid = shelterGrid(lonArr, latArr, radius);
  const probe = (lon: number, lat: number): ShelterProbe => {
    const p = grid.probe(lon, lat);
    return {
      covering: p.coverJ >= 0 ? { j: p.coverJ, distance_m: p.coverD } : null,
      nearest: p.nearestJ >= 0 ? { j: p.nearestJ, distance_m: p.nearestD } : null,
      shortfall_m: p.shortfall,
    };
  };

  return {
    features,
    inputPosition: Int32Array.from(positions),
    radius,
    capacity,
    area,
    maxRadius,
    index,
    covering(lon, lat) {
      const p = grid.probe(lon, lat, true);
      return p.coverJ >= 0 ? { j: p.coverJ, distance_m: p.coverD } : null;
    },
    nearest: (lon, lat) => probe(lon, lat).nearest,
    probe,
    probeInto: (lon, lat) => grid.probe(lon, lat),
  };
}

/** Who a shelter is, as every per-shelter answer (overloaded, unsafe) names it. */
export interface ShelterIdentityProps {
  source_id: number;
  code: string;
  name: string;
  town_code: string | null;
  shelter_type: ShelterType;
  status: ShelterStatus;
}

export function shelterIdentity(s: ShelterFeature): ShelterIdentityProps {
  const p = s.properties;
  return { source_id: s.id, code: p.code, name: p.name, town_code: p.town_code ?? null, shelter_type: p.shelter_type, status: p.status };
}
