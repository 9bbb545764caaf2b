/**
 * The Hilbert order of the nodes: a permutation of their numbers in which each step moves to a
 * neighbouring cell of the grid, so nodes close on the ground get close numbers.
 */
import { describe, expect, it } from 'vitest';
import { hilbertRank } from '../../../server/routing/node-order.ts';

/** The cells of a side × side grid, row by row, as lon/lat arrays. */
function grid(side: number) {
  const lon: number[] = [];
  const lat: number[] = [];
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
    lon.push(110 + x * 0.01);
    lat.push(22 + y * 0.01);
  }
  return { lon, lat };
}

describe('hilbertRank', () => {
  it('numbers every node once', () => {
    const { lon, lat } = grid(16);
    const rank = hilbertRank(lon, lat);
    expect([...rank].sort((a, b) => a - b)).toEqual(lon.map((_, i) => i));
  });

  it('walks the grid one neighbouring cell at a time', () => {
    const side = 16;
    const { lon, lat } = grid(side);
    const rank = hilbertRank(lon, lat);
    const byRank = new Int32Array(rank.length);
    rank.forEach((r, old) => {
      byRank[r] = old;
    });
    for (let r = 1; r < byRank.length; r++) {
      const a = byRank[r - 1];
      const b = byRank[r];
      const step = Math.abs((a % side) - (b % side)) + Math.abs(Math.floor(a / side) - Math.floor(b / side));
      expect(step).toBe(1);
    }
  });

  it('keeps the given order among nodes at one place', () => {
    const rank = hilbertRank([111, 110, 111, 110], [23, 22, 23, 22]);
    expect(rank[1]).toBeLessThan(rank[3]);
    expect(rank[0]).toBeLessThan(rank[2]);
    expect(hilbertRank([], [])).toHaveLength(0);
  });
});
