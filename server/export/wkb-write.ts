/** GeoJSON geometry to little-endian ISO WKB, and the GeoPackage geometry blob around it (GeoPackage 1.3 §2.1.3). */
import type { Geometry, Position } from 'geojson';

class Out {
  private buf = Buffer.alloc(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }

  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v, this.length);
    this.length += 4;
  }

  i32(v: number): void {
    this.room(4);
    this.buf.writeInt32LE(v, this.length);
    this.length += 4;
  }

  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.length);
    this.length += 8;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

const CODES: Record<Geometry['type'], number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };

function geometry(o: Out, g: Geometry): void {
  o.u8(1);
  o.u32(CODES[g.type]);
  const point = (p: Position) => {
    o.f64(p[0]);
    o.f64(p[1]);
  };
  const line = (ps: Position[]) => {
    o.u32(ps.length);
    ps.forEach(point);
  };
  const polygon = (rs: Position[][]) => {
    o.u32(rs.length);
    rs.forEach(line);
  };
  switch (g.type) {
    case 'Point':
      point(g.coordinates);
      return;
    case 'LineString':
      line(g.coordinates);
      return;
    case 'Polygon':
      polygon(g.coordinates);
      return;
    case 'MultiPoint':
      o.u32(g.coordinates.length);
      for (const p of g.coordinates) geometry(o, { type: 'Point', coordinates: p });
      return;
    case 'MultiLineString':
      o.u32(g.coordinates.length);
      for (const l of g.coordinates) geometry(o, { type: 'LineString', coordinates: l });
      return;
    case 'MultiPolygon':
      o.u32(g.coordinates.length);
      for (const p of g.coordinates) geometry(o, { type: 'Polygon', coordinates: p });
      return;
    case 'GeometryCollection':
      o.u32(g.geometries.length);
      for (const x of g.geometries) geometry(o, x);
  }
}

export function toWkb(g: Geometry): Buffer {
  const o = new Out();
  geometry(o, g);
  return o.bytes();
}

export function bounds(g: Geometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown) => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1] as number);
    } else for (const x of c) visit(x);
  };
  const walk = (x: Geometry): void => (x.type === 'GeometryCollection' ? x.geometries.forEach(walk) : visit(x.coordinates));
  walk(g);
  return b;
}

/** A GeoPackage geometry: "GP", version 0, little-endian flags, srs id, xy envelope (none for points), WKB. */
export function toGpkgGeometry(g: Geometry, srsId = 4326): Buffer {
  const o = new Out();
  const envelope = g.type !== 'Point';
  o.u8(0x47);
  o.u8(0x50);
  o.u8(0);
  o.u8(envelope ? 0b0000_0011 : 0b0000_0001);
  o.i32(srsId);
  if (envelope) {
    const [minX, minY, maxX, maxY] = bounds(g);
    o.f64(minX);
    o.f64(maxX);
    o.f64(minY);
    o.f64(maxY);
  }
  return Buffer.concat([o.bytes(), toWkb(g)]);
}
