/** The tile sources: one per spatial layer, and "onemap" with every layer, one MVT layer each. */
import { notFound } from '../http/errors.ts';
import { LAYERS, findLayer } from '../layers/registry.ts';
import type { LayerDefinition } from '../layers/types.ts';

export const COMBINED = 'onemap';

export interface TileSource {
  name: string;
  description: string;
  layers: readonly LayerDefinition[];
}

export function tileSource(name: string): TileSource {
  if (name === COMBINED) {
    return { name, description: '信宜市应急管理一张图 OneMap: every public layer, one MVT layer per collection', layers: LAYERS };
  }
  const layer = findLayer(name);
  if (!layer) throw notFound(`no tile source "${name}"; use a collection id or "${COMBINED}" (see /ogc/collections)`);
  return { name, description: `${layer.title.zh} ${layer.title.en}: ${layer.description.en}`, layers: [layer] };
}
