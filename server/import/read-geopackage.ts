/**
 * GeoPackage (OGC 12-128r18): the features table (or the one named), its coordinate system
 * from gpkg_spatial_ref_sys, rows streamed from SQLite. Opened read-only and checked first,
 * so a truncated or corrupt file is refused before any row is read.
 */
import Database from 'better-sqlite3';
import { crsByCode, type CrsRef } from './crs.ts';
import { crsFromWkt } from './crs-wkt.ts';
import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import type { ImportSource, SourceRow } from './source.ts';
import { readGpkgGeometry } from './wkb.ts';

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function open(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const check = db.prepare('PRAGMA quick_check').pluck().all() as string[];
    if (check[0] !== 'ok') throw new Error(check.slice(0, 3).join('; '));
  } catch (e) {
    throw unreadable(`the GeoPackage is damaged or truncated: ${(e as Error).message}`);
  }
  return db;
}

function declaredCrs(db: Database.Database, srsId: number, table: string): CrsRef | undefined {
  if (srsId === 0 || srsId === -1) return undefined; // "undefined geographic / cartesian"
  const srs = db.prepare('SELECT organization, organization_coordsys_id AS code, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(srsId) as
    | { organization: string; code: number; definition: string }
    | undefined;
  if (!srs) throw unreadable(`table ${table} names coordinate system ${srsId}, which gpkg_spatial_ref_sys does not define`);
  const known = srs.organization?.toUpperCase() === 'EPSG' ? crsByCode(srs.code) : undefined;
  if (known) return known;
  const r = crsFromWkt(srs.definition ?? '');
  if (!r.ok) throw new ImportError('unsupported', 'unsupported_crs', `table ${table}: ${r.reason}`, [{ field: 'crs', message: r.reason }]);
  return r.crs;
}

export async function openGeoPackage(path: string, sourceLayer: string | undefined, limits: ImportLimits): Promise<ImportSource> {
  const db = open(path);
  try {
    let tables: Array<{ table_name: string; column_name: string; srs_id: number }>;
    try {
      tables = db
        .prepare(`SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name`)
        .all() as typeof tables;
    } catch (e) {
      throw unreadable(`the file is an SQLite database but not a GeoPackage (${(e as Error).message})`);
    }
    const names = tables.map((t) => t.table_name);
    const chosen = sourceLayer ? tables.find((t) => t.table_name === sourceLayer) : tables.length === 1 ? tables[0] : undefined;
    if (!chosen) {
      throw new ImportError('needs_option', 'choose_source_layer', tables.length === 0 ? 'the GeoPackage has no features table' : sourceLayer ? `the GeoPackage has no features table "${sourceLayer}"` : `the GeoPackage has ${tables.length} features tables; name one with source_layer`, [
        { field: 'source_layer', message: `one of: ${names.join(', ') || '(none)'}` },
      ]);
    }
    const table = chosen.table_name;
    const columns = db.prepare(`PRAGMA table_info(${ident(table)})`).all() as Array<{ name: string; pk: number; type: string }>;
    const fields = columns.filter((c) => c.name !== chosen.column_name && !(c.pk && /^INTEGER$/i.test(c.type))).map((c) => c.name);
    if (fields.length > limits.maxColumns) throw tooLarge(`table ${table} has ${fields.length} columns; at most ${limits.maxColumns} are accepted`);
    const total = (db.prepare(`SELECT count(*) AS n FROM ${ident(table)}`).get() as { n: number }).n;
    if (total > limits.maxRows) throw tooLarge(`table ${table} has ${total} rows; at most ${limits.maxRows} are accepted in one import`);
    const crs = declaredCrs(db, chosen.srs_id, table);
    let done = 0;
    return {
      format: 'geopackage',
      layerName: table,
      fields,
      declaredCrs: crs,
      total,
      progress: () => (total ? done / total : 1),
      close: async () => void db.close(),
      async *rows(): AsyncGenerator<SourceRow> {
        const select = db.prepare(`SELECT ${[chosen.column_name, ...fields].map(ident).join(', ')} FROM ${ident(table)}`).raw(true);
        try {
          for (const values of select.iterate() as Iterable<unknown[]>) {
            done++;
            // Own properties whatever the names: a column "__proto__" is a column.
            const row: Record<string, unknown> = Object.fromEntries(fields.map((f, i) => [f, values[i + 1]]));
            const blob = values[0];
            let geometry: SourceRow['geometry'] = null;
            let problem: string | undefined;
            if (Buffer.isBuffer(blob)) {
              try {
                geometry = readGpkgGeometry(blob);
              } catch (e) {
                geometry = undefined;
                problem = (e as Error).message;
              }
            }
            yield { row: done, fields: row, geometry, ...(problem ? { problem } : {}) };
          }
        } catch (e) {
          if (e instanceof ImportError) throw e;
          throw unreadable(`the GeoPackage cannot be read past row ${done}: ${(e as Error).message}`);
        }
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
