/**
 * What every format reader yields: rows with the file's own field names and a geometry in the
 * file's own coordinates. Mapping, reprojection and validation happen after, the same for all.
 */
import type { Geometry } from 'geojson';
import type { CrsRef } from './crs.ts';
import type { OsmTally } from './osm-tally.ts';

export type ImportFormat = 'geojson' | 'csv' | 'shapefile' | 'geopackage' | 'osm-xml' | 'osm-pbf';

/** What a reader tells about the whole file once it is read (OpenStreetMap: ways kept and left out). */
export interface SourceSummary {
  osm?: OsmTally;
}

export interface SourceRow {
  /** 1-based position of the feature in the file (the line after the header for CSV). */
  row: number;
  fields: Record<string, unknown>;
  /** null when the row has no geometry; undefined when the reader could not read it (see problem). */
  geometry: Geometry | null | undefined;
  /** Why the reader could not read this row (bad WKT, missing coordinates…). */
  problem?: string;
}

export interface ImportSource {
  format: ImportFormat;
  /** The layer inside the file (shapefile name, GeoPackage table), when it has one. */
  layerName?: string;
  /** Field names in file order. */
  fields: string[];
  /** Fields that hold the position (CSV longitude/latitude or WKT), not attributes. */
  geometryFields?: string[];
  /** The coordinate system the file declares, if any. */
  declaredCrs?: CrsRef;
  /** The text encoding used to read attribute text, when the format has a choice. */
  encoding?: string;
  /** Rows in the file when the format says so up front (dbf header, GeoPackage count). */
  total?: number;
  rows(): AsyncIterable<SourceRow>;
  /** Fraction of the file read so far, 0–1. */
  progress(): number;
  /** Once rows() has ended: what the reader has to say about the file as a whole. */
  summary?(): SourceSummary;
  close(): Promise<void>;
}
