import { describe, expect, it } from 'vitest';
import { independentGroups } from '../../../../server/analysis/capacity/groups.ts';
import { handProblem } from '../support/capacity-instances.ts';

describe('independentGroups', () => {
  it('joins points and shelters that share a candidate, and leaves the rest apart', () => {
    // point 0 lists shelters 0 and 1, point 1 shelter 2, point 2 shelters 3 and 1, point 3 nothing;
    // shelter 4 is listed by nobody
    const p = handProblem([1, 1, 1, 1], [1, 1, 1, 1, 1], [[[0, 10], [1, 20]], [[2, 10]], [[3, 10], [1, 30]], []]);
    expect(independentGroups(p.candidates, 5)).toEqual([
      { points: [0, 2], shelters: [0, 1, 3] },
      { points: [1], shelters: [2] },
    ]);
  });

  it('gives no group when no point has a candidate', () => {
    expect(independentGroups(handProblem([1, 2], [3], [[], []]).candidates, 1)).toEqual([]);
  });
});
