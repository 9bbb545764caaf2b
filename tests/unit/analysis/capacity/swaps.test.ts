import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { passOnThroughFull, shiftNearer, swapPlaces } from '../../../../server/analysis/capacity/swaps.ts';
import { handProblem } from '../support/capacity-instances.ts';

describe('shiftNearer', () => {
  it('moves a point to a nearer shelter with room', () => {
    // point 0 (10) is at shelter 1, 900 m; shelter 0 at 100 m has 10 places
    const s = new AssignmentState(handProblem([10], [10, 10], [[[0, 100], [1, 900]]]));
    s.place(0, 1, 900);
    expect(shiftNearer(s, 0)).toBe(true);
    expect(s.objective([0])).toEqual([10, 1000]);
    expect(shiftNearer(s, 0)).toBe(false); // already at its nearest
  });
});

describe('swapPlaces', () => {
  it('lets two points trade shelters when both walks together shorten', () => {
    // a (10) is at shelter 1, 900 m, and lists shelter 0 at 100 m; b (10) is at shelter 0, 300 m,
    // and lists shelter 1 at 200 m. Both shelters are full (10 places each).
    // Before: 10 × 900 + 10 × 300 = 12,000 person-metres; after: 10 × 100 + 10 × 200 = 3,000.
    const s = new AssignmentState(handProblem([10, 10], [10, 10], [[[0, 100], [1, 900]], [[1, 200], [0, 300]]]));
    s.place(0, 1, 900);
    s.place(1, 0, 300);
    expect(swapPlaces(s, 0)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([0, 1]);
    expect(s.objective([0, 1])).toEqual([20, 3000]);
  });

  it('does not trade when the other point cannot use the shelter left behind', () => {
    // as above, but b does not list shelter 1
    const s = new AssignmentState(handProblem([10, 10], [10, 10], [[[0, 100], [1, 900]], [[0, 300]]]));
    s.place(0, 1, 900);
    s.place(1, 0, 300);
    expect(swapPlaces(s, 0)).toBe(false);
  });
});

describe('passOnThroughFull', () => {
  it('moves a into the full nearer shelter and b on to a third shelter with room', () => {
    // a (10) at shelter 1, 900 m, lists shelter 0 at 100 m; shelter 0 is full with b (10), who
    // lists shelter 0 at 300 m and shelter 2 (empty, 10 places) at 350 m.
    // Change: 10 × (100 − 900) + 10 × (350 − 300) = −7,500 person-metres.
    const s = new AssignmentState(handProblem([10, 10], [10, 10, 10], [[[0, 100], [1, 900]], [[0, 300], [2, 350]]]));
    s.place(0, 1, 900);
    s.place(1, 0, 300);
    expect(swapPlaces(s, 0)).toBe(false); // b does not list shelter 1
    expect(passOnThroughFull(s, 0)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([0, 2]);
    expect(s.objective([0, 1])).toEqual([20, 10 * 100 + 10 * 350]);
  });

  it('counts the room a leaves behind: b may take a’s old shelter', () => {
    // b lists shelter 1 (where a is) at 400 m and nothing else with room
    const s = new AssignmentState(handProblem([10, 10], [10, 10], [[[0, 100], [1, 900]], [[0, 300], [1, 400]]]));
    s.place(0, 1, 900);
    s.place(1, 0, 300);
    expect(passOnThroughFull(s, 0)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([0, 1]);
  });
});
