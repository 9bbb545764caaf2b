/** GeoJSON geometry to little-endian ISO WKB, and the GeoPackage geometry blob around it (GeoPackage 1.3 §2.1.3). */
import type { Geometry } from 'geojson';
import wkx from 'wkx';
import { xyOnly } from '../layers/xy-only.ts';

/** Little-endian ISO WKB of the geometry's x and y (through wkx). */
export function toWkb(g: Geometry): Buffer {
  return wkx.Geometry.parseGeoJSON(xyOnly(g)).toWkb();
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
  const envelope = g.type !== 'Point';
  const header = Buffer.alloc(envelope ? 40 : 8);
  header.write('GP', 0, 'latin1');
  header[2] = 0; // version
  header[3] = envelope ? 0b0000_0011 : 0b0000_0001; // little-endian, xy envelope or none
  header.writeInt32LE(srsId, 4);
  if (envelope) {
    const [minX, minY, maxX, maxY] = bounds(g);
    [minX, maxX, minY, maxY].forEach((v, i) => header.writeDoubleLE(v, 8 + 8 * i));
  }
  return Buffer.concat([header, toWkb(g)]);
}
