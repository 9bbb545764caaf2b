/**
 * The features an export writes, read page by page with the items route's own query (bbox,
 * attribute filters, limit/offset), so a whole layer never sits in memory at once.
 */
import type { Feature } from 'geojson';
import type { FeatureOutput, FeatureRepository, ListQuery } from '../layers/repository.ts';
import type { LayerDefinition } from '../layers/types.ts';

const PAGE = 2000;

export interface FeatureStream {
  /** How many features the export will hold. */
  count: number;
  features: AsyncIterable<Feature>;
}

/** `limit` undefined: every matching feature from `offset` on. */
/** What an export reads: the items' query and output, with or without a limit. */
export type ExportQuery = Omit<ListQuery, 'includePrivate' | 'limit'> & FeatureOutput & { limit?: number };

export async function layerFeatures(repo: FeatureRepository, layer: LayerDefinition, query: ExportQuery, includePrivate: boolean): Promise<FeatureStream> {
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
