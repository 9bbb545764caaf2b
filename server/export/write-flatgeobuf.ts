/**
 * FlatGeobuf export (flatgeobuf.org, v3): the header with typed columns and EPSG:4326, then
 * each feature as it is read. Written without the optional spatial index, which would need
 * every feature in memory first; readers then scan the file, which GDAL and QGIS do.
 */
import type { Writable } from 'node:stream';
import { generic } from 'flatgeobuf';
import type { ColumnMeta, HeaderMeta } from 'flatgeobuf';
// The streaming building blocks are not re-exported from the package's entry point.
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { buildHeader } from 'flatgeobuf/lib/mjs/generic/featurecollection.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { Geometry } from 'geojson';
import { columnValue, type ColumnType, type ExportColumn } from './export-columns.ts';
import type { ExportTarget } from './export-target.ts';
import { write } from './write-stream.ts';

const MAGIC = new Uint8Array([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);

const FGB_TYPES: Record<ColumnType, generic.ColumnType> = {
  string: generic.ColumnType.String,
  integer: generic.ColumnType.Long,
  number: generic.ColumnType.Double,
  datetime: generic.ColumnType.DateTime,
  json: generic.ColumnType.Json,
  boolean: generic.ColumnType.Bool,
};

function column(c: ExportColumn): ColumnMeta {
  return { name: c.name, type: FGB_TYPES[c.type], title: c.title ?? null, description: null, width: -1, precision: -1, scale: -1, nullable: true, unique: false, primary_key: false };
}

function value(c: ExportColumn, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (c.type === 'json') return v as string; // encoded by the writer
  if (c.type === 'integer' || c.type === 'number') return Number(v);
  if (c.type === 'boolean') return Boolean(v);
  return String(v);
}

type FgbGeometry = Parameters<typeof parseGeometry>[0];

export async function writeFlatGeobuf(t: ExportTarget, out: Writable): Promise<void> {
  const header: HeaderMeta = {
    geometryType: t.geometryType ? generic.GeometryType[t.geometryType] : generic.GeometryType.Unknown,
    columns: t.columns.map(column),
    envelope: null,
    // 0 = unknown (allowed by the spec): readers then count as they read, which stays right even if
    // features change between the pages of the export.
    featuresCount: 0,
    indexNodeSize: 0,
    crs: null,
    title: t.title ?? null,
    description: null,
    metadata: null,
  };
  await write(out, MAGIC);
  await write(out, buildHeader(header, 4326));
  for await (const f of t.features) {
    if (!f.geometry || f.geometry.type === 'GeometryCollection') continue;
    const props = Object.fromEntries(t.columns.map((c) => [c.name, value(c, columnValue(f, c))]));
    await write(out, buildFeature(parseGeometry(f.geometry as Exclude<Geometry, { type: 'GeometryCollection' }> as FgbGeometry), props, header));
  }
}
