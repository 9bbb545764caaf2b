import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { readGpkgGeometry, readWkb } from '../../../server/import/wkb.ts';
import { toGpkgGeometry, toWkb } from '../../../server/export/wkb-write.ts';

const shapes: Geometry[] = [
  { type: 'Point', coordinates: [110.95, 22.37] },
  { type: 'LineString', coordinates: [[0, 0], [1, 1]] },
  { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 5]], [[5.1, 5.1], [5.2, 5.1], [5.2, 5.2], [5.1, 5.1]]]] },
  { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'MultiPoint', coordinates: [[3, 4]] }] },
];

describe('WKB and GeoPackage geometry blobs', () => {
  it('read back what the exporter writes', () => {
    for (const g of shapes) {
      expect(readWkb(toWkb(g))).toEqual(g);
      expect(readGpkgGeometry(toGpkgGeometry(g))).toEqual(g);
    }
  });

  it('read big-endian ISO WKB with Z (as other tools write it)', () => {
    const b = Buffer.alloc(1 + 4 + 24);
    b[0] = 0;
    b.writeUInt32BE(1001, 1); // Point Z
    b.writeDoubleBE(111, 5);
    b.writeDoubleBE(22, 13);
    b.writeDoubleBE(80, 21);
    expect(readWkb(b)).toEqual({ type: 'Point', coordinates: [111, 22] });
  });

  it('write and read x and y only: the heights of a road stay out of the file', () => {
    const road: Geometry = { type: 'MultiLineString', coordinates: [[[110.9, 22.3, 120], [110.91, 22.31, 135]]] };
    expect(toWkb(road).length).toBe(1 + 4 + 4 + (1 + 4 + 4 + 2 * 16));
    expect(readGpkgGeometry(toGpkgGeometry(road))).toEqual({ type: 'MultiLineString', coordinates: [[[110.9, 22.3], [110.91, 22.31]]] });
  });

  it('refuse a blob whose counts exceed its bytes', () => {
    const b = toWkb({ type: 'LineString', coordinates: [[0, 0], [1, 1]] });
    b.writeUInt32LE(1_000_000, 5);
    expect(() => readWkb(b)).toThrow(/the geometry blob is corrupt/);
    expect(() => readGpkgGeometry(Buffer.from('XX000000'))).toThrow(/no "GP" header/);
  });
});
