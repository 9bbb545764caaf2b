/**
 * The layers an analysis reads, as public FeatureCollections from the snapshot cache, plus
 * what is derived from them once per snapshot (the city outline, the safe-shelter finder).
 * Analysis answers are public: private attributes never enter them.
 */
import { featureCollection, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { LayerSnapshots, Snapshot } from '../layers/layer-snapshots.ts';
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
}

const LAYER_OF: Record<keyof AnalysisLayers, string> = {
  sites: 'risk_sites',
  villages: 'villages',
  shelters: 'shelters',
  depots: 'depots',
  zones: 'hazard_zones',
  towns: 'towns',
};

/** Loads the named layers (all by default) concurrently. */
export async function analysisLayers<K extends keyof AnalysisLayers>(snapshots: LayerSnapshots, names: readonly K[]): Promise<Pick<AnalysisLayers, K>> {
  const loaded = await Promise.all(names.map((n) => snapshots.get(LAYER_OF[n])));
  // The repository's features carry exactly the layer's properties and an integer id.
  return Object.fromEntries(names.map((n, i) => [n, loaded[i] as unknown])) as Pick<AnalysisLayers, K>;
}

const outlines = new WeakMap<Snapshot | TownCollection, Feature<Polygon | MultiPolygon> | null>();

/** The city outline: the union of the towns, computed once per towns snapshot. */
export function cityOutline(towns: TownCollection): Feature<Polygon | MultiPolygon> | null {
  if (!outlines.has(towns)) {
    const polys = towns.features.filter((f) => f.geometry);
    outlines.set(towns, polys.length ? union(featureCollection(polys as Array<Feature<Polygon | MultiPolygon>>)) : null);
  }
  return outlines.get(towns) ?? null;
}

/** Memoises a value derived from the identity of its inputs (snapshots change identity on every write). */
export function memoByIdentity<A extends object, B extends object, R>(fn: (a: A, b: B) => R): (a: A, b: B) => R {
  const cache = new WeakMap<A, WeakMap<B, R>>();
  return (a, b) => {
    let inner = cache.get(a);
    if (!inner) cache.set(a, (inner = new WeakMap()));
    if (!inner.has(b)) inner.set(b, fn(a, b));
    return inner.get(b) as R;
  };
}
