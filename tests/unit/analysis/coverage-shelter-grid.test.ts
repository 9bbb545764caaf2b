import { describe, expect, it } from 'vitest';
import { shelterGrid } from '../../../server/analysis/coverage-shelter-grid.ts';

const M = (6_371_008.8 * Math.PI) / 180 / 1000; // metres per 0.001° of latitude

// Two shelters on the meridian 110.9 E: 0 at 22.300 with a 500 m radius, 1 at 22.310 with 1,500 m.
const grid = shelterGrid(Float64Array.of(110.9, 110.9), Float64Array.of(22.3, 22.31), Float64Array.of(500, 1500));

describe('shelterGrid', () => {
  it('finds the nearest shelter whose own radius reaches the point, which need not be the nearest', () => {
    // at 22.304: 444.8 m from 0 (reach 500 ✓), 667.2 m from 1 (reach 1,500 ✓): covered by 0
    let p = grid.probe(110.9, 22.304);
    expect([p.coverJ, p.nearestJ]).toEqual([0, 0]);
    expect(p.coverD).toBeCloseTo(4 * M, 3);
    // at 22.295: 556 m from 0 (reach 500 ✗), 1,667.9 m from 1 (✗): nearest 0, not covered
    p = grid.probe(110.9, 22.295);
    expect([p.coverJ, p.nearestJ]).toEqual([-1, 0]);
    expect(p.coverD).toBeNaN();
  });

  it('says how far beyond the nearest reach an uncovered point lies: min over shelters of distance − radius', () => {
    // at 22.295: 0 gives 556.0 − 500 = 56.0; 1 gives 1,667.9 − 1,500 = 167.9
    const p = grid.probe(110.9, 22.295);
    expect(p.shortfall).toBeCloseTo(5 * M - 500, 3);
  });

  it('covers from the farther shelter when the nearer one’s radius falls short', () => {
    // at 22.3055: 611.6 m from 0 (✗), 500.5 m from 1 (✓)
    const p = grid.probe(110.9, 22.3055);
    expect([p.coverJ, p.nearestJ]).toEqual([1, 1]);
    expect(p.shortfall).toBeNaN();
  });

  it('answers without shelters', () => {
    expect(shelterGrid(new Float64Array(0), new Float64Array(0), new Float64Array(0)).probe(110.9, 22.3)).toMatchObject({ coverJ: -1, nearestJ: -1, shortfall: Infinity });
  });
});
