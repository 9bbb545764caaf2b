/**
 * What the analyses read: the layers as public FeatureCollections (worker-side snapshots), plus
 * what is derived from them once per version (the city outline). Analysis answers are public:
 * private attributes never enter them.
 */
import { featureCollection, union } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { RoadProperties } from '../routing/types.ts';
import type {
  DepotCollection,
  HazardZoneCollection,
  RiskSiteCollection,
  ShelterCollection,
  TownCollection,
  VillageCollection,
} from '../analysis/types.ts';

export interface AnalysisLayers {
  sites: RiskSiteCollection;
  villages: VillageCollection;
  shelters: ShelterCollection;
  depots: DepotCollection;
  zones: HazardZoneCollection;
  towns: TownCollection;
  roads: FeatureCollection<LineString | MultiLineString, RoadProperties>;
}

/** The layer (collection id) behind each analysis input. */
export const LAYER_OF: Record<keyof AnalysisLayers, string> = {
  sites: 'risk_sites',
  villages: 'villages',
  shelters: 'shelters',
  depots: 'depots',
  zones: 'hazard_zones',
  towns: 'towns',
  roads: 'roads',
};

const outlines = new WeakMap<TownCollection, Feature<Polygon | MultiPolygon> | null>();

/** The city outline: the union of the towns, computed once per towns snapshot. */
export function cityOutline(towns: TownCollection): Feature<Polygon | MultiPolygon> | null {
  if (!outlines.has(towns)) {
    const polys = towns.features.filter((f) => f.geometry);
    outlines.set(towns, polys.length ? union(featureCollection(polys as Array<Feature<Polygon | MultiPolygon>>)) : null);
  }
  return outlines.get(towns) ?? null;
}

/** Memoises a value derived from the identity of its inputs (snapshots change identity with every version). */
export function memoByIdentity<A extends object, B extends object, R>(fn: (a: A, b: B) => R): (a: A, b: B) => R {
  const cache = new WeakMap<A, WeakMap<B, R>>();
  return (a, b) => {
    let inner = cache.get(a);
    if (!inner) cache.set(a, (inner = new WeakMap()));
    if (!inner.has(b)) inner.set(b, fn(a, b));
    return inner.get(b) as R;
  };
}
