import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { handProblem } from '../support/capacity-instances.ts';

// Points 0 and 1 (5 residents each); point 2 (3). Shelter 0 has 5 places, shelter 1 has 10.
// Point 0 lists shelter 0 at 100 m and shelter 1 at 300 m; point 1 only shelter 0 at 200 m;
// point 2 shelter 1 at 50 m and shelter 0 at 80 m.
const problem = () => handProblem([5, 5, 3], [5, 10], [[[0, 100], [1, 300]], [[0, 200]], [[1, 50], [0, 80]]]);

describe('AssignmentState', () => {
  it('starts with everyone unplaced and every place free', () => {
    const s = new AssignmentState(problem());
    expect(Array.from(s.shelterOf)).toEqual([-1, -1, -1]);
    expect(Array.from(s.room)).toEqual([5, 10]);
    expect(s.objective([0, 1, 2])).toEqual([0, 0]);
  });

  it('lists, for each shelter, the points that list it, largest first (ties by index)', () => {
    const s = new AssignmentState(problem());
    const listersOf = (j: number) => Array.from(s.listers.slice(s.listersStart[j], s.listersStart[j + 1]));
    expect(listersOf(0)).toEqual([0, 1, 2]); // 5, 5, 3 residents
    expect(listersOf(1)).toEqual([0, 2]);
  });

  it('keeps room, members and the objective in step with place and unplace', () => {
    const s = new AssignmentState(problem());
    s.place(0, 1, 300);
    s.place(2, 1, 50);
    expect(Array.from(s.room)).toEqual([5, 2]);
    expect(s.members[1]).toEqual([0, 2]);
    // 5 × 300 + 3 × 50 person-metres
    expect(s.objective([0, 1, 2])).toEqual([8, 1650]);
    s.unplace(0); // the last member takes the freed slot
    expect(s.members[1]).toEqual([2]);
    expect(s.room[1]).toBe(7);
    expect(s.shelterOf[0]).toBe(-1);
    expect(s.distanceOf[0]).toBeNaN();
  });

  it('says whether a point fits, to the last place', () => {
    const s = new AssignmentState(problem());
    expect(s.fits(1, 0)).toBe(true); // 5 residents, 5 places
    s.place(2, 0, 80);
    expect(s.fits(1, 0)).toBe(false); // 2 places left
  });

  it('moves a placed point to another candidate entry', () => {
    const s = new AssignmentState(problem());
    s.place(0, 0, 100);
    s.moveTo(0, 1); // entry 1: shelter 1, 300 m
    expect([s.shelterOf[0], s.distanceOf[0], s.room[0], s.room[1]]).toEqual([1, 300, 5, 5]);
  });

  it('finds a candidate entry and the nearest other shelter with room', () => {
    const s = new AssignmentState(problem());
    expect(s.entryOf(2, 0)).toBe(4); // row 2 is entries 3 (shelter 1) and 4 (shelter 0)
    expect(s.entryOf(1, 1)).toBe(-1);
    expect(s.nearestOtherWithRoom(0, 0)).toBe(1); // shelter 1
    s.place(1, 0, 200);
    // shelter 0 is full, but counting 5 places about to be freed there it has room again
    expect(s.nearestOtherWithRoom(2, 1)).toBe(-1);
    expect(s.nearestOtherWithRoom(2, 1, 0, 5)).toBe(4);
  });

  it('records in which sweep each shelter last changed', () => {
    const s = new AssignmentState(problem());
    s.sweep = 3;
    s.place(1, 0, 200);
    expect(s.changedInSweep[0]).toBe(3);
    expect(s.unchangedSince(1, 3)).toBe(false); // its only shelter changed in sweep 3
    expect(s.unchangedSince(1, 4)).toBe(true);
    expect(s.unchangedSince(0, 4)).toBe(true);
    expect(s.lastChange[0]).toBe(s.changes);
  });
});
