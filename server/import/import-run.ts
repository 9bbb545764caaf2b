/**
 * One import, from an opened source to its report: rows are read one at a time, mapped,
 * converted to WGS84 and checked; a commit writes them in one transaction as it goes, and
 * rolls everything back if any row is rejected, so the layer gets all of the file or none.
 */
import type { Geometry } from 'geojson';
import type { Knex } from 'knex';
import type { LayerDefinition } from '../layers/types.ts';
import type { LayerChanges } from '../layers/changes.ts';
import type { FeatureRepository } from '../layers/repository.ts';
import type { LayerGeometry } from '../layers/validate-geometry.ts';
import { toWgs84, WGS84, type CrsRef, type ToWgs84 } from './crs.ts';
import { guessCrs } from './crs-guess.ts';
import { checkGivenMapping, FieldMapper } from './field-mapping.ts';
import { emptyCounts, MAX_LISTED_ROWS, type CrsDecision, type DuplicatePolicy, type ImportMode, type ImportProgress, type ImportReport, type RowReport } from './import-report.ts';
import { HttpError } from '../http/errors.ts';
import { tooLarge } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import { firstPosition } from './reproject.ts';
import { checkRow, type CheckContext, type Checked, type Existing } from './row-check.ts';
import { loadMapping, saveMapping, sourceKey } from './saved-mappings.ts';
import type { ImportSource } from './source.ts';

export interface ImportDeps {
  knex: Knex;
  repo: FeatureRepository;
  changes: LayerChanges;
}

export interface ImportOptions {
  layer: LayerDefinition;
  mode: ImportMode;
  onDuplicate: DuplicatePolicy;
  repair: boolean;
  /** The coordinate system given by the user; else the file's, else guessed. */
  crs?: CrsRef;
  /** The mapping sent with the file (unchecked JSON). */
  mapping?: unknown;
  /** Name of the source for its saved mapping (e.g. "自然资源局 避难场所"). */
  sourceName?: string;
  fileName: string;
  /** Who writes (updated_by). */
  by: string;
  limits: ImportLimits;
}

/** Rows written per INSERT statement. */
const BATCH = 500;
/** Above this many written features, caches are told the whole layer changed. */
const BULK_NOTIFY = 1000;

class Refused extends Error {}

async function liveCodes(db: Knex, layer: LayerDefinition): Promise<Map<string, Existing>> {
  const rows = (await db(layer.table).whereNull('deleted_at').select('id', 'code', 'version')) as Array<{ id: number; code: string; version: number }>;
  return new Map(rows.map((r) => [r.code, { id: r.id, version: r.version }]));
}

function decideCrs(source: ImportSource, given: CrsRef | undefined, first: Geometry): { crs: CrsRef; decision: CrsDecision } {
  if (given) return { crs: given, decision: { id: given.id, label: given.label, how: 'given' } };
  if (source.declaredCrs) return { crs: source.declaredCrs, decision: { id: source.declaredCrs.id, label: source.declaredCrs.label, how: 'file' } };
  const p = firstPosition(first);
  if (!p) return { crs: WGS84, decision: { id: WGS84.id, label: WGS84.label, how: 'default' } };
  const guess = guessCrs(p[0], p[1]);
  if (!guess.ok) throw new HttpError(422, 'unknown_crs', `the file does not say its coordinate system and ${guess.reason}`, [{ field: 'crs', message: guess.reason }]);
  return { crs: guess.crs, decision: { id: guess.crs.id, label: guess.crs.label, how: 'coordinates', note: guess.why } };
}

export async function runImport(deps: ImportDeps, source: ImportSource, o: ImportOptions, onProgress?: (p: ImportProgress) => void): Promise<ImportReport> {
  const started = Date.now();
  if ((source.format === 'osm-xml' || source.format === 'osm-pbf') && o.layer.id !== 'roads') {
    throw new HttpError(422, 'unsupported_format', `an OpenStreetMap file imports into roads, not ${o.layer.id}`, [{ field: 'file', message: 'OpenStreetMap extracts hold roads' }]);
  }
  const fixedFields = source.format === 'geojson' ? undefined : source.fields;
  const given = checkGivenMapping(o.layer, o.mapping, fixedFields);
  const key = sourceKey(o.sourceName, source.fields);
  const saved = (await loadMapping(deps.knex, o.layer.id, key)) ?? {};
  const mapper = new FieldMapper(o.layer, given, saved, source.geometryFields);
  mapper.prime(source.fields);

  const counts = emptyCounts();
  const rows: RowReport[] = [];
  let crsDecision: CrsDecision | undefined;
  let converter: ToWgs84 | undefined;
  const written: Array<{ id: number; op: 'insert' | 'update' }> = [];
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = Date.now();
    if (!onProgress || (!force && now - lastProgress < 200)) return;
    lastProgress = now;
    onProgress({ rows_read: counts.read, accepted: counts.accepted, rejected: counts.rejected, percent: Math.round(source.progress() * 1000) / 10 });
  };

  const run = async (db: Knex, trx: Knex.Transaction | undefined) => {
    const ctx: CheckContext = {
      layer: o.layer,
      mapper,
      repo: deps.repo,
      onDuplicate: o.onDuplicate,
      repair: o.repair,
      existing: await liveCodes(db, o.layer),
      seen: new Map(),
      toWgs84: (first) => {
        if (!converter) {
          const d = decideCrs(source, o.crs, first);
          crsDecision = d.decision;
          converter = toWgs84(d.crs);
        }
        return converter;
      },
    };
    let batch: Array<{ row: RowReport; properties: Record<string, unknown>; geometry: LayerGeometry }> = [];
    const flush = async () => {
      if (!trx || batch.length === 0) return;
      const ids = await deps.repo.insertMany(trx, o.layer, batch, { by: o.by });
      batch.forEach((b, i) => {
        b.row.id = ids[i];
        written.push({ id: ids[i], op: 'insert' });
      });
      batch = [];
    };
    for await (const row of source.rows()) {
      if (++counts.read > o.limits.maxRows) throw tooLarge(`the file has more than ${o.limits.maxRows} rows; at most ${o.limits.maxRows} are accepted in one import`);
      const c: Checked = await checkRow(ctx, row, db);
      const entry: RowReport = { row: row.row, action: c.action, ...(c.code !== undefined ? { code: c.code } : {}), ...('id' in c && c.id !== undefined ? { id: c.id } : {}) };
      if (c.action === 'reject') {
        entry.reasons = c.reasons;
        counts.rejected++;
      } else if (c.action === 'skip') counts.skipped++;
      else {
        counts.accepted++;
        if (c.action === 'unchanged') counts.unchanged++;
      }
      if ((c.action === 'insert' || c.action === 'update' || c.action === 'reject') && c.repair) {
        entry.repair = c.repair;
        if (c.repair.applied) counts.repaired++;
      }
      if (c.action === 'insert') {
        counts.inserted++;
        if (trx && counts.rejected === 0) {
          batch.push({ row: entry, properties: c.properties, geometry: c.geometry });
          if (batch.length >= BATCH) await flush();
        }
      } else if (c.action === 'update') {
        counts.updated++;
        if (trx && counts.rejected === 0) {
          const v = await deps.repo.update(trx, o.layer, c.id, c.version, c.properties, c.geometry, { by: o.by });
          if (v === undefined) throw new HttpError(409, 'conflict', `${o.layer.id} ${c.id} (code ${c.code}) changed while the file was imported; run the import again`);
          written.push({ id: c.id, op: 'update' });
        }
      }
      if (rows.length < MAX_LISTED_ROWS) rows.push(entry);
      progress();
    }
    if (trx && counts.rejected > 0) throw new Refused();
    await flush();
  };

  let outcome: ImportReport['outcome'] = 'dry-run';
  if (o.mode === 'commit') {
    try {
      await deps.knex.transaction((trx) => run(trx, trx));
      outcome = 'committed';
    } catch (e) {
      // Another writer took one of the file's codes while it was being imported.
      if ((e as { code?: unknown }).code === '23505') throw new HttpError(409, 'conflict', `a code of the file was written by someone else during the import; nothing was written, run it again`);
      if (!(e instanceof Refused)) throw e;
      outcome = 'refused';
    }
  } else {
    await run(deps.knex, undefined);
  }
  progress(true);
  if (outcome === 'committed') {
    // A bulk import tells caches to reload the layer once (id 0), rather than feature by feature.
    if (written.length > BULK_NOTIFY) deps.changes.notify({ layer: o.layer.id, id: 0, op: 'update' });
    else for (const w of written) deps.changes.notify({ layer: o.layer.id, id: w.id, op: w.op });
  } else if (outcome === 'refused') {
    // Rolled back: the report says what a commit would do, without the ids it never kept.
    for (const r of rows) if (r.action === 'insert') delete r.id;
  }
  const mapping = mapper.asMapping();
  if (outcome !== 'refused' && Object.keys(mapping).length) await saveMapping(deps.knex, o.layer.id, key, mapping, o.by);

  const order = new Map(source.fields.map((f, i) => [f, i]));
  const osm = source.summary?.().osm;
  return {
    collection: o.layer.id,
    mode: o.mode,
    outcome,
    file: { name: o.fileName, format: source.format, ...(source.layerName ? { layer: source.layerName } : {}), ...(source.encoding ? { encoding: source.encoding } : {}), fields: source.fields },
    ...(crsDecision ? { crs: crsDecision } : {}),
    mapping: mapper.entries().sort((a, b) => (order.get(a.field) ?? 1e9) - (order.get(b.field) ?? 1e9)),
    source_key: key,
    on_duplicate: o.onDuplicate,
    counts,
    ...(osm ? { osm } : {}),
    rows,
    rows_listed_max: MAX_LISTED_ROWS,
    rows_truncated: counts.read > rows.length,
    duration_ms: Date.now() - started,
  };
}
