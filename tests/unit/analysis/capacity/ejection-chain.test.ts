import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { ejectionChain } from '../../../../server/analysis/capacity/ejection-chain.ts';
import { handProblem } from '../support/capacity-instances.ts';

// i (6) lists only shelter 0 (6 places), which holds a (6); a lists shelters 0 and 1; shelter 1
// (6 places) holds b (4). Nobody fits anywhere as things stand, and a is as large as i, so
// leaving a out gains nothing: the chain must go one step further.
const points = { a: 0, b: 1, i: 2 };

describe('ejectionChain', () => {
  it('displaces a into shelter 1 and leaves the smaller b out: 6 − 4 = 2 more residents placed', () => {
    const s = new AssignmentState(handProblem([6, 4, 6], [6, 6], [[[0, 100], [1, 300]], [[1, 100]], [[0, 200]]]));
    s.place(points.a, 0, 100);
    s.place(points.b, 1, 100);
    expect(ejectionChain(s, points.i)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([1, -1, 0]);
    expect(s.objective([0, 1, 2])[0]).toBe(12);
  });

  it('ends the chain where the last point fits: b moves on to shelter 2, everyone placed', () => {
    const s = new AssignmentState(handProblem([6, 4, 6], [6, 6, 4], [[[0, 100], [1, 300]], [[1, 100], [2, 700]], [[0, 200]]]));
    s.place(points.a, 0, 100);
    s.place(points.b, 1, 100);
    expect(ejectionChain(s, points.i)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([1, 2, 0]);
  });

  it('puts everything back when no chain gains', () => {
    // as the first case, but b (6) is as large as i: nothing can be left out for a gain
    const s = new AssignmentState(handProblem([6, 6, 6], [6, 6], [[[0, 100], [1, 300]], [[1, 100]], [[0, 200]]]));
    s.place(points.a, 0, 100);
    s.place(points.b, 1, 100);
    expect(ejectionChain(s, points.i)).toBe(false);
    expect(Array.from(s.shelterOf)).toEqual([0, 1, -1]);
    expect(Array.from(s.room)).toEqual([0, 0]);
  });
});
