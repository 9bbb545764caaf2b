/**
 * `onemap import FILE --layer L …`: the HTTP import's options as flags, run against the
 * configured database with a progress bar on stderr and the report (JSON) on stdout.
 */
import os from 'node:os';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openConfiguredDatabase } from '../db/open-configured.ts';
import { FeatureRepository } from '../layers/repository.ts';
import { parseQuery } from '../http/parse-request.ts';
import { LayerChanges } from '../layers/changes.ts';
import { findLayer, LAYERS } from '../layers/registry.ts';
import { describeError } from './cli-errors.ts';
import { importFile } from '../import/import-file.ts';
import { importQuery, resolveImportQuery } from '../import/import-query.ts';
import { importLimits } from '../import/limits.ts';
import { progressBar } from '../import/progress-bar.ts';

export const IMPORT_USAGE = `  onemap import FILE --layer LAYER [--mode dry-run|commit] [--crs CRS] [--encoding utf-8|gbk]
                [--on-duplicate reject|update|skip] [--repair] [--mapping JSON|@mapping.json]
                [--source NAME] [--source-layer NAME] [--x-field F --y-field F | --wkt-field F] [--by NAME]`;

function readMapping(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  const text = raw.startsWith('@') ? fs.readFileSync(raw.slice(1), 'utf8') : raw;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('--mapping must be a JSON object (or @file.json)');
  }
}

export async function importCommand(config: Config, args: string[]): Promise<void> {
  try {
    await run(config, args);
  } catch (e) {
    throw new Error(describeError(e), { cause: e });
  }
}

async function run(config: Config, args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      layer: { type: 'string' }, mode: { type: 'string' }, crs: { type: 'string' }, encoding: { type: 'string' },
      'on-duplicate': { type: 'string' }, repair: { type: 'boolean' }, mapping: { type: 'string' }, source: { type: 'string' },
      'source-layer': { type: 'string' }, 'x-field': { type: 'string' }, 'y-field': { type: 'string' }, 'wkt-field': { type: 'string' }, by: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file || !values.layer) throw new Error(`usage:\n${IMPORT_USAGE}`);
  if (!fs.existsSync(file)) throw new Error(`no file ${file}`);
  const layer = findLayer(values.layer);
  if (!layer) throw new Error(`--layer must be one of ${LAYERS.map((l) => l.id).join(', ')}`);
  const flags = Object.fromEntries(
    Object.entries({
      mode: values.mode, crs: values.crs, encoding: values.encoding, on_duplicate: values['on-duplicate'], repair: values.repair ? 'true' : undefined,
      source: values.source, source_layer: values['source-layer'], x_field: values['x-field'], y_field: values['y-field'], wkt_field: values['wkt-field'],
    }).filter(([, v]) => v !== undefined),
  );
  const q = resolveImportQuery(parseQuery(importQuery, flags));
  const by = values.by ?? `cli:${os.userInfo().username}`;
  const db = await openConfiguredDatabase(config, 'importing');
  const bar = progressBar();
  try {
    const deps = { knex: db.knex, repo: new FeatureRepository(db.knex), changes: new LayerChanges() };
    const report = await importFile(
      deps,
      file,
      q.file,
      { layer, mode: q.mode, onDuplicate: q.onDuplicate, repair: q.repair, crs: q.crs, mapping: readMapping(values.mapping), sourceName: q.sourceName, fileName: file, by, limits: importLimits(config) },
      (p) => bar.update(p),
    );
    bar.done();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const c = report.counts;
    console.error(`${report.file.format} ${report.crs ? `in ${report.crs.id} ` : ''}→ ${layer.id}: ${c.read} rows, ${c.accepted} accepted (${c.inserted} new, ${c.updated} updates, ${c.unchanged} unchanged), ${c.skipped} skipped, ${c.rejected} rejected`);
    if (report.osm) {
      const o = report.osm;
      const why = Object.entries(o.skipped).map(([reason, n]) => `${n} ${reason}`).join(', ');
      console.error(`  OpenStreetMap: ${o.ways} ways, ${o.highway_ways} highway, ${o.kept} kept (${o.clipped} clipped at the extract's edge)${why ? `, left out: ${why}` : ''}`);
    }
    for (const r of report.rows.filter((x) => x.action === 'reject').slice(0, 10)) {
      console.error(`  row ${r.row}${r.code ? ` (${r.code})` : ''}: ${(r.reasons ?? []).map((d) => `${d.column ?? d.field}: ${d.message}`).join('; ')}`);
    }
    if (report.outcome === 'refused') throw new Error('rows were rejected, so nothing was written');
    console.error(report.outcome === 'committed' ? `committed in ${(report.duration_ms / 1000).toFixed(1)} s` : 'dry run: nothing written; run again with --mode commit');
  } finally {
    await db.close();
  }
}
