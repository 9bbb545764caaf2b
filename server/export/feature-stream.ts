/**
 * The features an export writes, read page by page with the items route's own query (bbox,
 * attribute filters, limit/offset), so a whole layer never sits in memory at once.
 */
import type { Feature } from 'geojson';
import type { FeatureRepository } from '../features/repository.ts';
import type { ItemsQuery } from '../features/items-query.ts';
import type { LayerDefinition } from '../layers/types.ts';

const PAGE = 2000;

export interface FeatureStream {
  /** How many features the export will hold. */
  count: number;
  features: AsyncIterable<Feature>;
}

/** `limit` undefined: every matching feature from `offset` on. */
export async function layerFeatures(repo: FeatureRepository, layer: LayerDefinition, query: Omit<ItemsQuery, 'limit' | 'f'> & { limit?: number }, includePrivate: boolean): Promise<FeatureStream> {
  const want = query.limit ?? Number.POSITIVE_INFINITY;
  const first = await repo.list(layer, { ...query, limit: Math.min(PAGE, want), includePrivate });
  const count = Math.max(0, Math.min(want, first.numberMatched - query.offset));
  async function* features(): AsyncGenerator<Feature> {
    let page = first.features;
    let done = 0;
    for (;;) {
      for (const f of page) {
        if (done++ >= want) return;
        yield f;
      }
      if (page.length < PAGE || done >= want) return;
      page = (await repo.list(layer, { ...query, offset: query.offset + done, limit: Math.min(PAGE, want - done), includePrivate })).features;
    }
  }
  return { count, features: features() };
}
