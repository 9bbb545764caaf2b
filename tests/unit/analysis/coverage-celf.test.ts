import { describe, expect, it } from 'vitest';
import { greedyMaxCover } from '../../../server/analysis/coverage-celf.ts';

/** Rows of demand indices per candidate, as compressed rows. */
const rows = (...reach: number[][]) => ({
  start: Int32Array.from([0, ...reach.map((_, k) => reach.slice(0, k + 1).flat().length)]),
  cover: Int32Array.from(reach.flat()),
});

describe('greedyMaxCover', () => {
  it('picks the candidate covering most, then the best of what is left (the documented example)', () => {
    // candidate 0 reaches demand 0 (5) and 1 (1): 6; candidate 1 reaches 1 and 2 (4): 5, then 4 once 1 is taken
    const res = greedyMaxCover({ weight: [5, 1, 4], ...rows([0, 1], [1, 2]), count: 2 });
    expect(res.picks.map((p) => [p.candidate, p.gain])).toEqual([[0, 6], [1, 4]]);
    expect(res.picks[1]).toMatchObject({ demand: [2], taken: [4] });
  });

  it('mends a poor greedy start by a swap: 10 covered instead of 8', () => {
    // demand a, b, c, d weigh 3, 2, 2, 3. Candidate 0 reaches {a, d} = 6 and goes first; then
    // 1 = {a, b} and 2 = {c, d} add 2 each (8 in all). Swapping 0 for 2 loses d's 3 only
    // (a stays covered by 1) and gains c + d = 5: {1, 2} covers all 10.
    const res = greedyMaxCover({ weight: [3, 2, 2, 3], ...rows([0, 3], [0, 1], [2, 3]), count: 2 });
    expect(res.swaps).toBe(1);
    expect(res.picks.map((p) => p.candidate).sort()).toEqual([1, 2]);
    expect(res.picks.reduce((s, p) => s + p.gain, 0)).toBe(10);
    // re-ranked in greedy order: gains are marginal given the picks before
    expect(res.picks.map((p) => p.gain)).toEqual([5, 5]);
  });

  it('with a capacity, takes at most that much per pick, nearest first, part of the last point', () => {
    // candidate 0 reaches demand 0 (6) then 1 (6), capacity 8: takes 6 and 2
    const res = greedyMaxCover({ weight: [6, 6], ...rows([0, 1]), count: 1, capacity: 8 });
    expect(res.picks).toEqual([{ candidate: 0, gain: 8, demand: [0, 1], taken: [6, 2] }]);
  });

  it('stops early when nothing is left within reach, and breaks ties by the lower candidate', () => {
    const res = greedyMaxCover({ weight: [2, 2], ...rows([0], [1], [0]), count: 3 });
    expect(res.picks.map((p) => p.candidate)).toEqual([0, 1]);
  });

  it('evaluates lazily: fewer gains than plain greedy would compute', () => {
    const reach = Array.from({ length: 50 }, (_, c) => [c, (c + 1) % 50]);
    const res = greedyMaxCover({ weight: Array.from({ length: 50 }, (_, i) => 1 + (i % 7)), ...rows(...reach), count: 10, maxSwapPasses: 0 });
    expect(res.picks).toHaveLength(10);
    expect(res.evaluations).toBeLessThan(10 * 50);
  });
});
