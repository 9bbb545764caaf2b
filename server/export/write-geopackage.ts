/**
 * GeoPackage export (OGC 12-128r18, version 1.3): one features table named after the
 * collection, in EPSG:4326, written row by row inside one SQLite transaction to a file.
 */
import Database from 'better-sqlite3';
import { columnValue, flatValue, type ColumnType } from './export-columns.ts';
import type { ExportTarget } from './export-target.ts';
import { bounds, toGpkgGeometry } from './wkb-write.ts';

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const SQL_TYPES: Record<ColumnType, string> = { string: 'TEXT', integer: 'INTEGER', number: 'REAL', datetime: 'DATETIME', json: 'TEXT', boolean: 'BOOLEAN' };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

const SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));`;

export async function writeGeoPackage(t: ExportTarget, path: string): Promise<void> {
  const db = new Database(path);
  try {
    db.pragma('application_id = 1196444487'); // "GPKG"
    db.pragma('user_version = 10300');
    db.pragma('journal_mode = OFF');
    db.exec(SCHEMA);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
    srs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
    const geomType = t.geometryType ? t.geometryType.toUpperCase() : 'GEOMETRY';
    const cols = t.columns.map((c) => `${ident(c.name)} ${SQL_TYPES[c.type]}`);
    db.exec(`CREATE TABLE ${ident(t.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geomType}${cols.length ? ', ' + cols.join(', ') : ''})`);
    db.prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, ?, ?, ?, 4326)').run(t.name, 'features', t.name, t.title ?? '');
    db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)').run(t.name, 'geom', geomType);
    const insert = db.prepare(`INSERT INTO ${ident(t.name)} (geom${t.columns.map((c) => ', ' + ident(c.name)).join('')}) VALUES (?${', ?'.repeat(t.columns.length)})`);
    const extent = [Infinity, Infinity, -Infinity, -Infinity];
    db.exec('BEGIN');
    for await (const f of t.features) {
      const blob = f.geometry ? toGpkgGeometry(f.geometry) : null;
      if (f.geometry) {
        const [a, b, c, d] = bounds(f.geometry);
        extent[0] = Math.min(extent[0], a);
        extent[1] = Math.min(extent[1], b);
        extent[2] = Math.max(extent[2], c);
        extent[3] = Math.max(extent[3], d);
      }
      insert.run(blob, ...t.columns.map((c) => flatValue(c, columnValue(f, c))));
    }
    if (Number.isFinite(extent[0])) db.prepare('UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?').run(...extent, t.name);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}
