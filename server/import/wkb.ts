/**
 * Reads Well-Known Binary (ISO and PostGIS EWKB flavours) into GeoJSON, with Z and M dropped.
 * Every count is checked against the bytes left, so a corrupt blob is an error, not a crash.
 */
import type { Geometry, LineString, Point, Polygon, Position } from 'geojson';

class Cursor {
  pos = 0;
  little = true;
  constructor(readonly buf: Buffer) {}

  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error('geometry blob ends early (corrupt)');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  u32(): number {
    this.need(4);
    const v = this.little ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.little ? this.buf.readDoubleLE(this.pos) : this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  count(bytesPerItem: number): number {
    const n = this.u32();
    if (n * bytesPerItem > this.buf.length - this.pos) throw new Error(`geometry blob claims ${n} items, more than it holds (corrupt)`);
    return n;
  }
}

function readGeometry(c: Cursor, depth: number): Geometry {
  if (depth > 3) throw new Error('geometry nested too deeply');
  c.little = c.u8() === 1;
  const raw = c.u32();
  let dims = 2;
  // EWKB flags, then ISO thousands.
  if (raw & 0x80000000) dims++;
  if (raw & 0x40000000) dims++;
  if (raw & 0x20000000) c.u32(); // SRID
  const iso = raw & 0x0fffffff;
  const type = iso % 1000;
  const thousands = Math.floor(iso / 1000);
  if (thousands === 1 || thousands === 2) dims = 3;
  if (thousands === 3) dims = 4;
  const point = (): Position => {
    const x = c.f64();
    const y = c.f64();
    for (let d = 2; d < dims; d++) c.f64();
    return [x, y];
  };
  const line = (): Position[] => {
    const n = c.count(dims * 8);
    const out: Position[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = point();
    return out;
  };
  const polygon = (): Position[][] => {
    const n = c.count(4);
    const out: Position[][] = [];
    for (let i = 0; i < n; i++) out.push(line());
    return out;
  };
  const parts = <T extends Geometry>(want: string): T[] => {
    const n = c.count(5);
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const g = readGeometry(c, depth + 1);
      if (want && g.type !== want) throw new Error(`a ${want} was expected inside the collection, got ${g.type}`);
      out.push(g as T);
    }
    return out;
  };
  switch (type) {
    case 1:
      return { type: 'Point', coordinates: point() };
    case 2:
      return { type: 'LineString', coordinates: line() };
    case 3:
      return { type: 'Polygon', coordinates: polygon() };
    case 4:
      return { type: 'MultiPoint', coordinates: parts<Point>('Point').map((p) => p.coordinates) };
    case 5:
      return { type: 'MultiLineString', coordinates: parts<LineString>('LineString').map((p) => p.coordinates) };
    case 6:
      return { type: 'MultiPolygon', coordinates: parts<Polygon>('Polygon').map((p) => p.coordinates) };
    case 7:
      return { type: 'GeometryCollection', geometries: parts<Geometry>('') };
    default:
      throw new Error(`WKB geometry type ${raw} is not supported`);
  }
}

export function readWkb(buf: Buffer): Geometry {
  return readGeometry(new Cursor(buf), 0);
}

/** A GeoPackage geometry blob (GeoPackage 1.3, §2.1.3): header, envelope, then WKB. Null when empty. */
export function readGpkgGeometry(blob: Buffer): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" header)');
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelope === undefined) throw new Error('bad envelope code in the GeoPackage geometry header');
  return readWkb(blob.subarray(8 + envelope));
}
