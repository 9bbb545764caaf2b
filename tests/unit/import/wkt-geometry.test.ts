import { describe, expect, it } from 'vitest';
import { parseWkt } from '../../../server/import/wkt-geometry.ts';
import { toWkt } from '../../../server/export/wkt-write.ts';

describe('parseWkt', () => {
  it('reads points, polygons and multi geometries, dropping Z and M', () => {
    expect(parseWkt('POINT (110.9 22.3)').geometry).toEqual({ type: 'Point', coordinates: [110.9, 22.3] });
    expect(parseWkt('point z (110.9 22.3 15)').geometry).toEqual({ type: 'Point', coordinates: [110.9, 22.3] });
    expect(parseWkt('POINT(1e2 -2.5E-1)').geometry).toEqual({ type: 'Point', coordinates: [100, -0.25] });
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))').geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('MULTIPOINT (1 2, 3 4)').geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    expect(parseWkt('POLYGON ((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1))').geometry).toEqual({
      type: 'Polygon',
      coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2], [0.1, 0.1]]],
    });
    expect(parseWkt('MULTIPOLYGON ZM (((0 0 1 2, 1 0 1 2, 1 1 1 2, 0 0 1 2)))').geometry).toEqual({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] });
  });

  it('reads the EWKT SRID prefix and EMPTY', () => {
    expect(parseWkt('SRID=4490;POINT(111 22)')).toEqual({ geometry: { type: 'Point', coordinates: [111, 22] }, srid: 4490 });
    expect(parseWkt('POINT EMPTY').geometry).toBeNull();
  });

  it('says where the text goes wrong', () => {
    expect(() => parseWkt('POINT (110.9)')).toThrow(/expected coordinates in POINT/);
    expect(() => parseWkt('POLYGON ((0 0, 1 0)')).toThrow(/expected group end in POLYGON/);
    expect(() => parseWkt('LINESTRING (1 2, x 3)')).toThrow(/expected a number for every coordinate in LINESTRING/);
    expect(() => parseWkt('CIRCLE (1 2)')).toThrow(/CIRCLE is not supported/);
    expect(() => parseWkt('POINT (1 2) extra')).toThrow(/unexpected/);
  });

  it('reads back what the CSV export writes', () => {
    const g = { type: 'MultiPolygon' as const, coordinates: [[[[110.123456789012, 22.1], [110.2, 22.1], [110.2, 22.2], [110.123456789012, 22.1]]]] };
    expect(parseWkt(toWkt(g)).geometry).toEqual(g);
  });
});
