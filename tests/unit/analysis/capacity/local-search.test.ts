import { describe, expect, it } from 'vitest';
import { AssignmentState } from '../../../../server/analysis/capacity/assignment-state.ts';
import { firstFit } from '../../../../server/analysis/capacity/construction.ts';
import { LocalSearch } from '../../../../server/analysis/capacity/local-search.ts';
import { handProblem } from '../support/capacity-instances.ts';

describe('LocalSearch', () => {
  it('places the point the plain rule left out, then shortens the walk', () => {
    // Points 0 and 1 (5 each); shelter 0 has 5 places, shelter 1 has 10. Point 0 lists shelter 0
    // at 100 m and shelter 1 at 300 m; point 1 only shelter 0 at 200 m. Input order puts point 0
    // at shelter 0 and leaves point 1 out; making room sends point 0 on to shelter 1.
    const s = new AssignmentState(handProblem([5, 5], [5, 10], [[[0, 100], [1, 300]], [[0, 200]]]));
    firstFit(s, [0, 1]);
    new LocalSearch(s, 50).run([0, 1]);
    expect(Array.from(s.shelterOf)).toEqual([1, 0]);
    expect(s.objective([0, 1])).toEqual([10, 5 * 300 + 5 * 200]);
  });

  it('stops after maxPasses passes', () => {
    // with no pass allowed, nothing moves
    const s = new AssignmentState(handProblem([5, 5], [5, 10], [[[0, 100], [1, 300]], [[0, 200]]]));
    firstFit(s, [0, 1]);
    new LocalSearch(s, 0).run([0, 1]);
    expect(Array.from(s.shelterOf)).toEqual([0, -1]);
  });

  it('leaves an answer that no move improves as it is', () => {
    const s = new AssignmentState(handProblem([5, 5], [5, 10], [[[0, 100], [1, 300]], [[0, 200]]]));
    s.place(0, 1, 300);
    s.place(1, 0, 200);
    new LocalSearch(s, 50).run([0, 1]);
    expect(Array.from(s.shelterOf)).toEqual([1, 0]);
  });
});
