/**
 * Opens an uploaded file as an import source: tells the format from its first bytes (and its
 * name), unpacks a zip within the caps, and hands over to the reader of that format.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GeometryColumns } from './csv-geometry-columns.ts';
import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import { openCsv } from './read-csv.ts';
import { openGeoJson } from './read-geojson.ts';
import { openGeoPackage } from './read-geopackage.ts';
import { openOsm } from './read-osm.ts';
import { openShapefile, shapefileNames } from './read-shapefile.ts';
import type { ImportSource } from './source.ts';
import { extractZip } from './unzip-bounded.ts';

export interface OpenOptions {
  encoding?: string;
  sourceLayer?: string;
  columns: GeometryColumns;
  limits: ImportLimits;
  /** A private folder for unpacked files (removed by the caller). */
  workDir: string;
}

type Kind = 'zip' | 'geopackage' | 'geojson' | 'csv' | 'osm-xml' | 'osm-pbf';

/** An .osm.pbf file opens with the length of its first block header, then that header's type field: "OSMHeader". */
const isOsmPbf = (head: Buffer, n: number) => n >= 15 && head[4] === 0x0a && head[5] === 0x09 && head.toString('latin1', 6, 15) === 'OSMHeader';

function sniff(filePath: string, name: string): Kind {
  const head = Buffer.alloc(1024);
  const fd = fs.openSync(filePath, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (n >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (n >= 16 && head.toString('latin1', 0, 16) === 'SQLite format 3\0') return 'geopackage';
  if (isOsmPbf(head, n)) return 'osm-pbf';
  const lower = name.toLowerCase();
  if (lower.endsWith('.pbf')) throw unreadable('the file is named .osm.pbf but does not start as one (an OSMHeader block)');
  const start = head.toString('utf8', 0, n).replace(/^\uFEFF/, '').trimStart();
  // Of the formats read, only OpenStreetMap's is XML.
  if (lower.endsWith('.osm') || lower.endsWith('.xml') || start.startsWith('<')) return 'osm-xml';
  const ext = path.extname(name).toLowerCase();
  if (ext === '.zip') throw unreadable('the file is named .zip but is not a zip archive');
  if (ext === '.gpkg') throw unreadable('the file is named .gpkg but is not an SQLite database (truncated or not a GeoPackage)');
  if (ext === '.shp' || ext === '.dbf') throw new ImportError('wrong_format', 'unsupported_format', 'send a Shapefile as one .zip holding its .shp, .shx, .dbf, .prj and .cpg');
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  return start.startsWith('{') ? 'geojson' : 'csv';
}

async function openKind(kind: Exclude<Kind, 'zip'>, filePath: string, o: OpenOptions): Promise<ImportSource> {
  if (kind === 'geopackage') return openGeoPackage(filePath, o.sourceLayer, o.limits);
  if (kind === 'geojson') return openGeoJson(filePath, o.limits);
  if (kind === 'osm-xml' || kind === 'osm-pbf') return openOsm(filePath, kind, o.limits);
  return openCsv(filePath, { encoding: o.encoding, columns: o.columns, limits: o.limits });
}

export async function openSource(filePath: string, name: string, o: OpenOptions): Promise<ImportSource> {
  if (fs.statSync(filePath).size > o.limits.maxUploadBytes) throw tooLarge(`the file is larger than ${o.limits.maxUploadBytes} bytes`);
  const kind = sniff(filePath, name);
  if (kind !== 'zip') return openKind(kind, filePath, o);
  const files = await extractZip(filePath, o.workDir, o.limits.maxDecompressedBytes);
  if (shapefileNames(files).length) return openShapefile(files, { sourceLayer: o.sourceLayer, encoding: o.encoding, limits: o.limits });
  const data = files.filter((f) => ['.gpkg', '.geojson', '.json', '.csv', '.osm', '.pbf'].includes(path.extname(f.name).toLowerCase()));
  const chosen = o.sourceLayer ? data.find((f) => path.basename(f.name, path.extname(f.name)) === o.sourceLayer) : data.length === 1 ? data[0] : undefined;
  if (!chosen) {
    throw new ImportError('needs_option', 'choose_source_layer', data.length ? 'the zip holds several data files; name one with source_layer' : 'the zip holds no Shapefile, GeoPackage, GeoJSON, CSV or OpenStreetMap file', [
      { field: 'source_layer', message: `files: ${files.map((f) => f.name).join(', ') || '(none)'}` },
    ]);
  }
  const inner = sniff(chosen.path, chosen.name);
  if (inner === 'zip') throw unreadable(`${chosen.name} inside the zip is itself an archive; unpack it first`);
  return openKind(inner, chosen.path, o);
}
