/**
 * The working state of a capacity assignment, shared by every construction and move: which
 * shelter each demand point is at, the room left at each shelter, the points placed at each,
 * and a record of when each shelter last changed (so the local search can skip points whose
 * shelters did not change). Only `place` and `unplace` change it, so the loads can never
 * disagree with the assignment.
 *
 * @example
 * const s = new AssignmentState({ residents: [5, 5], capacity: [5, 10], candidates });
 * s.place(0, 1, 300); s.room[1];   // 5
 * s.fits(1, 1);                    // true: 5 residents, 5 places left
 * s.objective([0, 1]);             // [5, 1500]: placed residents, Σ residents × distance
 */

/** Candidate shelters per demand point, nearest first, as compressed rows. */
export interface CandidateLists {
  /** Row i is entries start[i] .. start[i+1]-1 (length n + 1). */
  start: Int32Array;
  shelter: Int32Array;
  /** Metres, ascending within a row. */
  distance: Float64Array;
}

export interface CapacityProblem {
  residents: ArrayLike<number>;
  capacity: ArrayLike<number>;
  candidates: CandidateLists;
  /** Bound on local-search passes per start (each pass tries every move once). Default 50. */
  maxPasses?: number;
}

/** Slack in every comparison of residents, places and person-metres. */
export const EPS = 1e-9;

export class AssignmentState {
  readonly residents: ArrayLike<number>;
  readonly capacity: ArrayLike<number>;
  /** Candidate rows: point i lists entries rowStart[i] .. rowStart[i+1]-1. */
  readonly rowStart: Int32Array;
  /** Shelter and distance of each candidate entry. */
  readonly entryShelter: Int32Array;
  readonly entryDistance: Float64Array;
  /**
   * The rows read backwards: shelter j is listed by the points listers[listersStart[j] ..
   * listersStart[j+1]-1], largest first, so the points a shelter can no longer take form a
   * prefix that grows as its room shrinks.
   */
  readonly listersStart: Int32Array;
  readonly listers: Int32Array;

  /** Shelter of each point, −1 when unplaced. */
  readonly shelterOf: Int32Array;
  /** Metres to that shelter, NaN when unplaced. */
  readonly distanceOf: Float64Array;
  /** Places left at each shelter. */
  readonly room: Float64Array;
  /** Points placed at each shelter (in no particular order; removal swaps the last in). */
  readonly members: number[][];
  /** Position of each placed point in its shelter's members. */
  private readonly slot: Int32Array;

  /** The local-search sweep now running: a change stamps its shelter with it. */
  sweep = 0;
  /** Per shelter, the sweep in which it last changed (−1: never). */
  readonly changedInSweep: Int32Array;
  /** Changes made so far (each place or unplace is one). */
  changes = 0;
  /** Per shelter, the value of `changes` at its last change. */
  readonly lastChange: Float64Array;

  constructor(problem: CapacityProblem) {
    const { residents, capacity, candidates } = problem;
    const n = residents.length;
    const m = capacity.length;
    this.residents = residents;
    this.capacity = capacity;
    this.rowStart = candidates.start;
    this.entryShelter = candidates.shelter;
    this.entryDistance = candidates.distance;
    this.shelterOf = new Int32Array(n).fill(-1);
    this.distanceOf = new Float64Array(n).fill(NaN);
    this.room = Float64Array.from({ length: m }, (_, j) => capacity[j]);
    this.members = Array.from({ length: m }, () => []);
    this.slot = new Int32Array(n);
    this.changedInSweep = new Int32Array(m).fill(-1);
    this.lastChange = new Float64Array(m);

    const shelter = candidates.shelter;
    this.listersStart = new Int32Array(m + 1);
    for (let c = 0; c < shelter.length; c++) this.listersStart[shelter[c] + 1]++;
    for (let j = 0; j < m; j++) this.listersStart[j + 1] += this.listersStart[j];
    this.listers = new Int32Array(shelter.length);
    // filling in order of residents (largest first) leaves every list sorted
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => residents[b] - residents[a] || a - b);
    const fill = this.listersStart.slice(0, m);
    for (const i of order) for (let c = candidates.start[i]; c < candidates.start[i + 1]; c++) this.listers[fill[shelter[c]]++] = i;
  }

  /** Puts unplaced point i at shelter j, `distance` metres away. */
  place(i: number, j: number, distance: number): void {
    this.stamp(j);
    this.shelterOf[i] = j;
    this.distanceOf[i] = distance;
    this.room[j] -= this.residents[i];
    this.slot[i] = this.members[j].length;
    this.members[j].push(i);
  }

  /** Takes placed point i out of its shelter. */
  unplace(i: number): void {
    const j = this.shelterOf[i];
    this.stamp(j);
    const list = this.members[j];
    const last = list.pop()!;
    if (last !== i) {
      list[this.slot[i]] = last;
      this.slot[last] = this.slot[i];
    }
    this.room[j] += this.residents[i];
    this.shelterOf[i] = -1;
    this.distanceOf[i] = NaN;
  }

  /** Moves placed point i to shelter j (the candidate entry's distance away). */
  moveTo(i: number, entry: number): void {
    this.unplace(i);
    this.place(i, this.entryShelter[entry], this.entryDistance[entry]);
  }

  /** Whether shelter j has room for all of point i's residents. */
  fits(i: number, j: number): boolean {
    return this.room[j] + EPS >= this.residents[i];
  }

  /** The candidate entry of shelter j in point i's row, or −1. */
  entryOf(i: number, j: number): number {
    for (let c = this.rowStart[i]; c < this.rowStart[i + 1]; c++) if (this.entryShelter[c] === j) return c;
    return -1;
  }

  /**
   * Point i's nearest shelter other than `exclude` with room for it, as a candidate entry, or
   * −1; `extra` places are counted at shelter `extraAt` (room a move is about to free or use).
   */
  nearestOtherWithRoom(i: number, exclude: number, extraAt = -1, extra = 0): number {
    const need = this.residents[i];
    for (let c = this.rowStart[i]; c < this.rowStart[i + 1]; c++) {
      const k = this.entryShelter[c];
      if (k !== exclude && this.room[k] + (k === extraAt ? extra : 0) + EPS >= need) return c;
    }
    return -1;
  }

  /** None of point i's shelters changed in sweep `since` or later. */
  unchangedSince(i: number, since: number): boolean {
    for (let c = this.rowStart[i]; c < this.rowStart[i + 1]; c++) if (this.changedInSweep[this.entryShelter[c]] >= since) return false;
    return true;
  }

  /** Placed residents and Σ residents × distance over the given points. */
  objective(points: readonly number[]): [placed: number, cost: number] {
    let placed = 0;
    let cost = 0;
    for (const i of points) {
      if (this.shelterOf[i] < 0) continue;
      placed += this.residents[i];
      cost += this.residents[i] * this.distanceOf[i];
    }
    return [placed, cost];
  }

  private stamp(j: number): void {
    this.changedInSweep[j] = this.sweep;
    this.lastChange[j] = ++this.changes;
  }
}
