import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../server/analysis/seeded-random.ts';

describe('mulberry32', () => {
  it('gives the documented first number for seed 42', () => {
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('repeats its sequence for the same seed and differs for another', () => {
    const a = mulberry32(7), b = mulberry32(7), c = mulberry32(8);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it('stays in [0, 1) and spreads evenly enough for tie-breaking', () => {
    const rnd = mulberry32(1);
    const buckets = new Array<number>(10).fill(0);
    for (let k = 0; k < 10_000; k++) {
      const x = rnd();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]++;
    }
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(150);
  });

  it('takes any number as a seed (only its low 32 bits count)', () => {
    expect(mulberry32(2 ** 32 + 5)()).toBe(mulberry32(5)());
  });
});
