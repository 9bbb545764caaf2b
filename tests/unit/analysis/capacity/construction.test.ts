import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { ConstructionScratch, firstFit, randomFit, regretConstruction, shuffle } from '../../../../server/analysis/capacity/construction.ts';
import { mulberry32 } from '../../../../server/analysis/seeded-random.ts';
import { handProblem } from '../support/capacity-instances.ts';

// Two points of 5; shelter 0 has 5 places, shelter 1 has 10. Point 0 lists shelter 0 at 100 m
// and shelter 1 at 300 m; point 1 only shelter 0 at 200 m.
const twoPoints = () => new AssignmentState(handProblem([5, 5], [5, 10], [[[0, 100], [1, 300]], [[0, 200]]]));

describe('regretConstruction', () => {
  it('serves first the point with most to lose: point 1 has no second choice (infinite regret)', () => {
    // point 0's regret is 5 × (300 − 100) = 1,000; point 1 goes first to shelter 0, then point 0
    // finds shelter 0 full and takes shelter 1: both placed, 5 × 200 + 5 × 300 person-metres
    const s = twoPoints();
    regretConstruction(s, [0, 1], [0, 1], new ConstructionScratch(2, 2));
    expect(Array.from(s.shelterOf)).toEqual([1, 0]);
    expect(s.objective([0, 1])).toEqual([10, 2500]);
  });

  it('weighs the regret by residents', () => {
    // three points all listing shelter 0 (6 places) at 100 m and shelter 1 at 400 m (point 0),
    // 200 m (point 1), 1,000 m (point 2); residents 2, 4, 4: regrets 600, 400, 3,600. Point 2
    // takes shelter 0 (2 places left); point 1, now down to shelter 1, goes there; point 0 (2)
    // fits in the 2 places left at shelter 0.
    const s = new AssignmentState(handProblem([2, 4, 4], [6, 10], [[[0, 100], [1, 400]], [[0, 100], [1, 200]], [[0, 100], [1, 1000]]]));
    regretConstruction(s, [0, 1, 2], [0, 1], new ConstructionScratch(3, 2));
    expect(Array.from(s.shelterOf)).toEqual([0, 1, 0]);
  });
});

describe('firstFit', () => {
  it('places each point in turn at its nearest shelter with room: in input order point 1 is left out', () => {
    const s = twoPoints();
    firstFit(s, [0, 1]);
    expect(Array.from(s.shelterOf)).toEqual([0, -1]);
  });

  it('follows the order given', () => {
    const s = twoPoints();
    firstFit(s, [1, 0]);
    expect(Array.from(s.shelterOf)).toEqual([1, 0]);
  });
});

describe('randomFit', () => {
  it('takes a shelter with room when the draw is below 2/3, else remembers the first and looks on', () => {
    const draws = (...xs: number[]) => () => xs.shift() ?? 0;
    let s = twoPoints();
    randomFit(s, [0], draws(0.9, 0.1)); // passes shelter 0 over, takes shelter 1
    expect(s.shelterOf[0]).toBe(1);
    s = twoPoints();
    randomFit(s, [0], draws(0.9, 0.9)); // passes both over: falls back to the first with room
    expect(s.shelterOf[0]).toBe(0);
  });
});

describe('shuffle', () => {
  it('permutes in place, the same way for the same seed', () => {
    const a = shuffle([1, 2, 3, 4, 5, 6], mulberry32(5));
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffle([1, 2, 3, 4, 5, 6], mulberry32(5))).toEqual(a);
  });
});
