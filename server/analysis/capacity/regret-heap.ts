/**
 * Max-heap of construction entries for the regret rule: the point with the largest regret
 * first, then the larger tie value (residents), then the nearer best shelter, then the lower
 * point index, so that equal entries always leave in the same order.
 *
 * @example
 * const h = new RegretHeap();
 * h.push(0, 1, 200, 5, 100, 0); h.push(1, 1, Infinity, 5, 300, 2);
 * h.pop().i; // 1: a point down to one shelter has infinite regret
 */
export class RegretHeap {
  size = 0;
  private is: number[] = [];
  private vs: number[] = [];
  private gs: number[] = [];
  private ts: number[] = [];
  private ds: number[] = [];
  private cs: number[] = [];

  /**
   * @param i point
   * @param version the point's evaluation count, to spot stale entries
   * @param regret what the point loses by not getting its best shelter
   * @param tie second key, larger first
   * @param d1 distance to its best shelter with room, nearer first
   * @param cand candidate entry of that shelter
   */
  push(i: number, version: number, regret: number, tie: number, d1: number, cand: number): void {
    let pos = this.size++;
    while (pos > 0) {
      const p = (pos - 1) >> 1;
      if (!this.before(regret, tie, d1, i, p)) break;
      this.copy(p, pos);
      pos = p;
    }
    this.set(pos, i, version, regret, tie, d1, cand);
  }

  pop(): { i: number; version: number; cand: number } {
    const top = { i: this.is[0], version: this.vs[0], cand: this.cs[0] };
    const last = --this.size;
    if (last > 0) {
      const i = this.is[last], v = this.vs[last], g = this.gs[last], t = this.ts[last], d = this.ds[last], c = this.cs[last];
      let pos = 0;
      for (;;) {
        let child = 2 * pos + 1;
        if (child >= last) break;
        if (child + 1 < last && this.before(this.gs[child + 1], this.ts[child + 1], this.ds[child + 1], this.is[child + 1], child)) child++;
        if (this.before(g, t, d, i, child)) break;
        this.copy(child, pos);
        pos = child;
      }
      this.set(pos, i, v, g, t, d, c);
    }
    return top;
  }

  /** Whether (g, t, d, i) comes before the entry at position p. */
  private before(g: number, t: number, d: number, i: number, p: number): boolean {
    if (g !== this.gs[p]) return g > this.gs[p];
    if (t !== this.ts[p]) return t > this.ts[p];
    if (d !== this.ds[p]) return d < this.ds[p];
    return i < this.is[p];
  }

  private copy(from: number, to: number): void {
    this.set(to, this.is[from], this.vs[from], this.gs[from], this.ts[from], this.ds[from], this.cs[from]);
  }

  private set(pos: number, i: number, v: number, g: number, t: number, d: number, c: number): void {
    this.is[pos] = i;
    this.vs[pos] = v;
    this.gs[pos] = g;
    this.ts[pos] = t;
    this.ds[pos] = d;
    this.cs[pos] = c;
  }
}
