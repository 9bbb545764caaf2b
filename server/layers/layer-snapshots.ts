/**
 * Whole-layer FeatureCollections for analysis, read once and kept until the layer changes.
 * A write notifies LayerChanges after it commits, which drops that layer's snapshot, so the
 * next analysis request reads the layer again; concurrent readers share one load.
 */
import type { FeatureCollection } from 'geojson';
import type { FeatureRepository, StoredFeature } from '../features/repository.ts';
import type { LayerChanges } from './changes.ts';
import { findLayer } from './registry.ts';

export type Snapshot = FeatureCollection & { features: StoredFeature[] };

export class LayerSnapshots {
  private readonly cache = new Map<string, Promise<Snapshot>>();

  constructor(
    private readonly repo: FeatureRepository,
    changes: LayerChanges,
  ) {
    changes.subscribe(({ layer }) => {
      this.cache.delete(`${layer}:public`);
      this.cache.delete(`${layer}:private`);
    });
  }

  /** The layer's features; private attributes only when asked (never for public answers). */
  get(layerId: string, includePrivate = false): Promise<Snapshot> {
    const layer = findLayer(layerId);
    if (!layer) throw new Error(`unknown layer ${layerId}`);
    const key = `${layerId}:${includePrivate ? 'private' : 'public'}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.repo.all(layer, includePrivate).then((features) => ({ type: 'FeatureCollection', features }) as Snapshot);
      // A failed load is not cached: the next request tries again.
      p.catch(() => this.cache.delete(key));
      this.cache.set(key, p);
    }
    return p;
  }
}
