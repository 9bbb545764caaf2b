/**
 * `onemap export --layer L --format F --out FILE`: a collection to a file with the items
 * route's filters (--bbox, --where attr=value, --limit). Run by an operator, so private
 * attributes are included unless --public is given.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { parseItemsQuery } from '../features/items-query.ts';
import { FeatureRepository } from '../layers/repository.ts';
import { findLayer, LAYERS } from '../layers/registry.ts';
import { layerColumns } from '../export/export-columns.ts';
import { FILE_FORMATS, isFileFormat, writeExport } from '../export/export-formats.ts';
import { layerFeatures } from '../export/feature-stream.ts';
import { describeError } from './cli-errors.ts';

export const EXPORT_USAGE = `  onemap export --layer LAYER --format geojson|csv|gpkg|fgb --out FILE [--bbox W,S,E,N] [--where ATTR=VALUE …] [--limit N] [--public]`;

export async function exportCommand(config: Config, args: string[]): Promise<void> {
  try {
    await run(config, args);
  } catch (e) {
    throw new Error(describeError(e), { cause: e });
  }
}

async function run(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      layer: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, bbox: { type: 'string' },
      where: { type: 'string', multiple: true }, limit: { type: 'string' }, public: { type: 'boolean' },
    },
  });
  if (!values.layer || !values.format || !values.out) throw new Error(`usage:\n${EXPORT_USAGE}`);
  const layer = findLayer(values.layer);
  if (!layer) throw new Error(`--layer must be one of ${LAYERS.map((l) => l.id).join(', ')}`);
  if (!isFileFormat(values.format)) throw new Error(`--format must be one of ${FILE_FORMATS.join(', ')}`);
  const raw: Record<string, unknown> = { f: values.format };
  if (values.bbox) raw.bbox = values.bbox;
  if (values.limit) raw.limit = values.limit;
  for (const w of values.where ?? []) {
    const i = w.indexOf('=');
    if (i < 1) throw new Error(`--where takes ATTR=VALUE, got "${w}"`);
    raw[w.slice(0, i)] = w.slice(i + 1);
  }
  const query = parseItemsQuery(layer, raw);
  const includePrivate = !values.public;
  const db = await openConfiguredDatabase(config, 'exporting');
  try {
    const repo = new FeatureRepository(db.knex);
    const { count, features } = await layerFeatures(repo, layer, { ...query, limit: query.limitGiven ? query.limit : undefined }, includePrivate);
    const out = fs.createWriteStream(values.out);
    await writeExport(values.format, { name: layer.id, title: `${layer.title.zh} ${layer.title.en}`, geometryType: layer.geometryType, columns: layerColumns(layer, includePrivate), count, features }, out);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    console.error(`wrote ${count} ${layer.id} to ${values.out} (${values.format}${includePrivate ? ', with private attributes' : ''})`);
  } finally {
    await db.close();
  }
}
