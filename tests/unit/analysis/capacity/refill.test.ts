import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { refillShelter } from '../../../../server/analysis/capacity/refill.ts';
import { handProblem } from '../support/capacity-instances.ts';

// Shelter 0 has 10 places. Point 0 (6) lists it at 100 m; points 1 and 2 (5 each) at 200 m.
const problem = (residents = [6, 5, 5]) => handProblem(residents, [10], [[[0, 100]], [[0, 200]], [[0, 200]]]);

describe('refillShelter', () => {
  it('swaps a 6 for two 5s: 10 places used instead of 6', () => {
    const s = new AssignmentState(problem());
    s.place(0, 0, 100);
    expect(refillShelter(s, 0)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([-1, 0, 0]);
    expect(s.room[0]).toBe(0);
  });

  it('leaves a shelter alone when no subset holds more (or as many, nearer)', () => {
    const s = new AssignmentState(problem());
    s.place(1, 0, 200);
    s.place(2, 0, 200);
    expect(refillShelter(s, 0)).toBe(false);
    expect(Array.from(s.shelterOf)).toEqual([-1, 0, 0]);
  });

  it('prefers, among subsets holding as many, the one that walks least', () => {
    // points 1 and 2 (5 at 200 m each) fill shelter 0; unplaced point 3 (5) lists it at 50 m
    const s = new AssignmentState(handProblem([6, 5, 5, 5], [10], [[[0, 100]], [[0, 200]], [[0, 200]], [[0, 50]]]));
    s.place(1, 0, 200);
    s.place(2, 0, 200);
    expect(refillShelter(s, 0)).toBe(true);
    expect(s.objective([0, 1, 2, 3])).toEqual([10, 5 * 200 + 5 * 50]);
  });

  it('does not try when residents are not whole numbers (the table counts whole people)', () => {
    const s = new AssignmentState(problem([6, 5, 4.5]));
    s.place(0, 0, 100);
    expect(refillShelter(s, 0)).toBe(false);
  });
});
