/**
 * Streams the geometries of a .shp file record by record (ESRI Shapefile Technical Description,
 * 1998). Every length in the file is checked against what is left, so a corrupt or truncated
 * file is an error naming the record, never a huge allocation.
 */
import type { Geometry, Position } from 'geojson';
import { FileBytes } from './file-bytes.ts';
import { ringsToPolygons } from './shp-rings.ts';

export class ShapefileError extends Error {}

export interface ShpRecord {
  number: number;
  geometry: Geometry | null;
  /** Why this record's geometry could not be read (the rest of the file can still be). */
  problem?: string;
}

const TYPES: Record<number, string> = {
  0: 'Null', 1: 'Point', 3: 'PolyLine', 5: 'Polygon', 8: 'MultiPoint',
  11: 'PointZ', 13: 'PolyLineZ', 15: 'PolygonZ', 18: 'MultiPointZ',
  21: 'PointM', 23: 'PolyLineM', 25: 'PolygonM', 28: 'MultiPointM', 31: 'MultiPatch',
};

export function shapeTypeName(type: number): string {
  return TYPES[type] ?? `unknown (${type})`;
}

function points(buf: Buffer, at: number, n: number): Position[] {
  const out: Position[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [buf.readDoubleLE(at + i * 16), buf.readDoubleLE(at + i * 16 + 8)];
  return out;
}

function parseShape(buf: Buffer): Geometry | null | string {
  const type = buf.readInt32LE(0);
  const base = type % 10; // Z and M variants share the 2D layout first
  if (type === 0) return null;
  if (base === 1) {
    if (buf.length < 20) return 'point record too short';
    return { type: 'Point', coordinates: [buf.readDoubleLE(4), buf.readDoubleLE(12)] };
  }
  if (base === 8) {
    if (buf.length < 40) return 'multipoint record too short';
    const n = buf.readInt32LE(36);
    if (n < 0 || 40 + n * 16 > buf.length) return `multipoint claims ${n} points, more than its record holds`;
    return { type: 'MultiPoint', coordinates: points(buf, 40, n) };
  }
  if (base === 3 || base === 5) {
    if (buf.length < 44) return 'record too short';
    const nParts = buf.readInt32LE(36);
    const nPoints = buf.readInt32LE(40);
    if (nParts < 1 || nPoints < 0 || 44 + nParts * 4 + nPoints * 16 > buf.length) return `record claims ${nParts} parts and ${nPoints} points, more than it holds`;
    const all = points(buf, 44 + nParts * 4, nPoints);
    const parts: Position[][] = [];
    for (let i = 0; i < nParts; i++) {
      const start = buf.readInt32LE(44 + i * 4);
      const end = i + 1 < nParts ? buf.readInt32LE(44 + (i + 1) * 4) : nPoints;
      if (start < 0 || end > nPoints || start >= end) return `part ${i} has bad point indexes ${start}–${end}`;
      parts.push(all.slice(start, end));
    }
    if (base === 3) return parts.length === 1 ? { type: 'LineString', coordinates: parts[0] } : { type: 'MultiLineString', coordinates: parts };
    return ringsToPolygons(parts);
  }
  return `shape type ${shapeTypeName(type)} is not supported`;
}

export interface ShpReader {
  shapeType: number;
  records(): AsyncGenerator<ShpRecord>;
  /** Fraction of the .shp read. */
  progress(): number;
  close(): Promise<void>;
}

export async function openShp(path: string): Promise<ShpReader> {
  const file = await FileBytes.open(path);
  const header = await file.read(100);
  if (header.length < 100 || header.readInt32BE(0) !== 9994) {
    await file.close();
    throw new ShapefileError('the .shp file is not a shapefile (bad header)');
  }
  const shapeType = header.readInt32LE(32);
  return {
    shapeType,
    progress: () => (file.size ? file.position / file.size : 1),
    close: () => file.close(),
    async *records() {
      let expected = 1;
      for (;;) {
        const head = await file.read(8);
        if (head.length === 0) return;
        if (head.length < 8) throw new ShapefileError(`the .shp file ends inside the header of record ${expected}`);
        const bytes = head.readInt32BE(4) * 2;
        if (bytes < 4 || bytes > file.size - file.position) throw new ShapefileError(`record ${expected} of the .shp file claims ${bytes} bytes, more than the file has left (truncated or corrupt)`);
        const shape = parseShape(await file.read(bytes));
        yield typeof shape === 'string' ? { number: expected, geometry: null, problem: shape } : { number: expected, geometry: shape };
        expected++;
      }
    },
  };
}

/** Record count from the .shx index (8 bytes per record after a 100-byte header). */
export function shxRecordCount(size: number): number {
  return Math.max(0, Math.floor((size - 100) / 8));
}
