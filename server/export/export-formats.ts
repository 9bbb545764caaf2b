/** The file formats of an export: media type, file extension, and the writer. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportTarget } from './export-target.ts';
import { writeCsv } from './write-csv.ts';
import { writeFlatGeobuf } from './write-flatgeobuf.ts';
import { writeGeoJson } from './write-geojson.ts';
import { writeGeoPackage } from './write-geopackage.ts';

export const FILE_FORMATS = ['geojson', 'csv', 'gpkg', 'fgb'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const MEDIA_TYPES: Record<FileFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  gpkg: 'application/geopackage+sqlite3',
  fgb: 'application/flatgeobuf',
};

export function isFileFormat(f: string): f is FileFormat {
  return (FILE_FORMATS as readonly string[]).includes(f);
}

/** Writes the export to a stream; a GeoPackage is built in a temporary file first (SQLite needs one). */
export async function writeExport(format: FileFormat, t: ExportTarget, out: Writable): Promise<void> {
  if (format === 'geojson') return writeGeoJson(t, out);
  if (format === 'csv') return writeCsv(t, out);
  if (format === 'fgb') return writeFlatGeobuf(t, out);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-export-'));
  try {
    const file = path.join(dir, `${t.name}.gpkg`);
    await writeGeoPackage(t, file);
    await pipeline(fs.createReadStream(file), out, { end: false });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
