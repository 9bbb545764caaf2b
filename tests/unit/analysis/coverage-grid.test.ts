import { describe, expect, it } from 'vitest';
import { gridFor, mergeCells } from '../../../server/analysis/coverage-grid.ts';

const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;

describe('gridFor', () => {
  // reference latitude 22.4: a 1 km cell is 0.0089932° high and 0.0089932 ÷ cos 22.4° = 0.0097272° wide
  const grid = gridFor([111, 22.38, 111.1, 22.42], 1000);

  it('makes 1 km cells at the reference latitude, snapped to whole cells from (0, 0)', () => {
    expect(grid.refLat).toBe(22.4);
    expect(grid.dLat).toBeCloseTo(1000 / M_PER_DEG, 12);
    expect(grid.dLon).toBeCloseTo(1000 / M_PER_DEG / Math.cos((22.4 * Math.PI) / 180), 12);
    expect(grid.originLon / grid.dLon).toBeCloseTo(Math.round(grid.originLon / grid.dLon), 9);
    expect(grid.originLat).toBeLessThanOrEqual(22.38);
  });

  it('gives the same key to two points in one cell, and the next key to its eastern neighbour', () => {
    const k = grid.cellOf(111.02, 22.4);
    expect(grid.cellOf(111.02 + grid.dLon / 10, 22.4)).toBe(k);
    expect(grid.cellOf(111.02 + grid.dLon, 22.4)).toBe(k + 1);
    expect(grid.cellOf(111.02, 22.4 + grid.dLat)).toBe(k + grid.cols);
  });

  it('draws a cell as a closed counter-clockwise square of about 1 km²', () => {
    const k = grid.cellOf(111.05, 22.4);
    const ring = grid.cellPolygon(k).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ring[1][0]).toBeGreaterThan(ring[0][0]); // east, then north: counter-clockwise
    expect(ring[2][1]).toBeGreaterThan(ring[1][1]);
    expect(grid.cellAreaKm2(k)).toBeCloseTo(1, 3);
  });

  it('refuses a cell size that is not positive', () => {
    expect(() => gridFor([111, 22, 112, 23], 0)).toThrow(RangeError);
  });
});

describe('mergeCells', () => {
  it('merges an L of three cells into one six-cornered polygon and leaves a lone cell apart', () => {
    const grid = gridFor([111, 22, 111.2, 22.2], 1000);
    const key = (c: number, r: number) => r * grid.cols + c;
    const merged = mergeCells(grid, new Set([key(0, 0), key(1, 0), key(0, 1), key(5, 5)]));
    expect(merged.map((m) => m.cells)).toEqual([[key(0, 0), key(1, 0), key(0, 1)], [key(5, 5)]]);
    expect(merged[0].polygon.coordinates[0]).toHaveLength(7); // 6 corners + closing point
    expect(merged[1].polygon.coordinates[0]).toHaveLength(5);
  });
});
