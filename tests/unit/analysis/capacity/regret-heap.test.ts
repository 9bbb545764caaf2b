import { describe, expect, it } from 'vitest';
import { RegretHeap } from '../../../../server/analysis/capacity/regret-heap.ts';

describe('RegretHeap', () => {
  it('pops the largest regret, then more residents, then the nearer best, then the lower point', () => {
    const h = new RegretHeap();
    //     point, version, regret, tie (residents), nearest best, entry
    h.push(0, 1, 500, 5, 100, 0);
    h.push(1, 1, Infinity, 2, 300, 1); // down to one shelter: first of all
    h.push(2, 1, 500, 8, 100, 2); // same regret as 0, more residents
    h.push(3, 1, 500, 5, 50, 3); // same as 0, nearer best shelter
    h.push(4, 1, 500, 5, 50, 4); // same as 3: the lower index first
    h.push(5, 1, 10, 9, 10, 5);
    const order: number[] = [];
    while (h.size > 0) order.push(h.pop().i);
    expect(order).toEqual([1, 2, 3, 4, 0, 5]);
  });

  it('hands back the version and entry pushed with a point', () => {
    const h = new RegretHeap();
    h.push(7, 3, 1, 1, 1, 12);
    expect(h.pop()).toEqual({ i: 7, version: 3, cand: 12 });
    expect(h.size).toBe(0);
  });
});
