import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { makeRoom, placeNearest, replaceSmaller } from '../../../../server/analysis/capacity/insertion.ts';
import { handProblem } from '../support/capacity-instances.ts';

describe('placeNearest', () => {
  it('places a point at its nearest shelter with room, passing over a full one', () => {
    // point 1 (3) lists shelter 0 (full with point 0) at 100 m and shelter 1 at 400 m
    const s = new AssignmentState(handProblem([4, 3], [4, 5], [[[0, 50]], [[0, 100], [1, 400]]]));
    s.place(0, 0, 50);
    expect(placeNearest(s, 1)).toBe(true);
    expect([s.shelterOf[1], s.distanceOf[1]]).toEqual([1, 400]);
  });

  it('does nothing when no shelter has room', () => {
    const s = new AssignmentState(handProblem([4, 3], [4], [[[0, 50]], [[0, 100]]]));
    s.place(0, 0, 50);
    expect(placeNearest(s, 1)).toBe(false);
    expect(s.shelterOf[1]).toBe(-1);
  });
});

describe('makeRoom', () => {
  it('moves one placed point on to make room: a (5) leaves shelter 0 for shelter 1, i (5) takes its place', () => {
    // shelter 0 and 1 have 5 places each; a lists 0 at 100 m and 1 at 400 m; i lists only 0 at 200 m
    const s = new AssignmentState(handProblem([5, 5], [5, 5], [[[0, 100], [1, 400]], [[0, 200]]]));
    s.place(0, 0, 100);
    expect(makeRoom(s, 1)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([1, 0]);
    expect(s.objective([0, 1])).toEqual([10, 5 * 400 + 5 * 200]);
  });

  it('moves two points when one is not enough, to shelters that still have room after the first move', () => {
    // shelter 0 (6 places) holds a (3) and b (3); i (6) lists only shelter 0. Shelter 1 (3 places)
    // is the nearest other for both a and b, but once a moves in it is full, so b goes to shelter 2.
    const s = new AssignmentState(handProblem([3, 3, 6], [6, 3, 3], [[[0, 10], [1, 100]], [[0, 10], [1, 100], [2, 500]], [[0, 50]]]));
    s.place(0, 0, 10);
    s.place(1, 0, 10);
    expect(makeRoom(s, 2)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([1, 2, 0]);
  });

  it('gives up when the points in the way have nowhere else to go', () => {
    const s = new AssignmentState(handProblem([5, 5], [5], [[[0, 100]], [[0, 200]]]));
    s.place(0, 0, 100);
    expect(makeRoom(s, 1)).toBe(false);
    expect(Array.from(s.shelterOf)).toEqual([0, -1]);
  });
});

describe('replaceSmaller', () => {
  it('puts a larger point in place of a smaller one, which becomes unplaced: 2 more residents placed', () => {
    // shelter 0 (5 places) holds a (3), 2 places left; i (5) lists only shelter 0
    const s = new AssignmentState(handProblem([3, 5], [5], [[[0, 100]], [[0, 100]]]));
    s.place(0, 0, 100);
    expect(replaceSmaller(s, 1)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([-1, 0]);
  });

  it('replaces two smaller points together when their places are needed', () => {
    // shelter 0 (8 places) holds a (3) and b (3), 2 left; i (7) needs both: 7 placed instead of 6
    const s = new AssignmentState(handProblem([3, 3, 7], [8], [[[0, 10]], [[0, 10]], [[0, 10]]]));
    s.place(0, 0, 10);
    s.place(1, 0, 10);
    expect(replaceSmaller(s, 2)).toBe(true);
    expect(Array.from(s.shelterOf)).toEqual([-1, -1, 0]);
  });

  it('never replaces points as large as the newcomer (no gain)', () => {
    const s = new AssignmentState(handProblem([5, 5], [5], [[[0, 100]], [[0, 10]]]));
    s.place(0, 0, 100);
    expect(replaceSmaller(s, 1)).toBe(false);
  });
});
