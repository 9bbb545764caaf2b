/** An items response: the FeatureCollection with counts and self/next/prev links. */
import type { Feature, Geometry } from 'geojson';
import type { LayerDefinition } from '../layers/types.ts';
import type { ItemsQuery } from './items-query.ts';
import type { StoredFeature } from '../layers/repository.ts';
import { convertGeometry, fromCrs84 } from '../layers/crs.ts';

export function itemsPage(
  base: string,
  layer: LayerDefinition,
  rawQuery: Record<string, unknown>,
  query: ItemsQuery,
  page: { features: StoredFeature[]; numberMatched: number },
) {
  const href = (offset: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(rawQuery)) if (k !== 'offset' && typeof v === 'string') params.set(k, v);
    params.set('limit', String(query.limit));
    params.set('offset', String(offset));
    return `${base}/ogc/collections/${layer.id}/items?${params.toString()}`;
  };
  const links = [
    { href: href(query.offset), rel: 'self', type: 'application/geo+json', title: 'this page' },
    { href: `${base}/ogc/collections/${layer.id}`, rel: 'collection', type: 'application/json', title: 'the collection' },
  ];
  if (query.offset + page.features.length < page.numberMatched) {
    links.push({ href: href(query.offset + query.limit), rel: 'next', type: 'application/geo+json', title: 'next page' });
  }
  if (query.offset > 0) {
    links.push({ href: href(Math.max(0, query.offset - query.limit)), rel: 'prev', type: 'application/geo+json', title: 'previous page' });
  }
  return {
    type: 'FeatureCollection',
    numberMatched: page.numberMatched,
    numberReturned: page.features.length,
    timeStamp: new Date().toISOString(),
    features: page.features.map((f) => shaped(f, query, fromCrs84(query.crs))),
    links,
  };
}

/** A feature with only the selected properties (in the order asked), its geometry in the CRS asked for or, with skipGeometry, none. */
function shaped(f: StoredFeature, query: Pick<ItemsQuery, 'properties' | 'skipGeometry'>, convert: ReturnType<typeof fromCrs84>): Feature<Geometry | null> {
  const properties = query.properties ? Object.fromEntries(query.properties.map((k) => [k, f.properties[k] ?? null])) : f.properties;
  return { ...f, geometry: query.skipGeometry ? null : convertGeometry(f.geometry, convert), properties };
}
