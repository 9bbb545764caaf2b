import { doubled } from './grow-array.ts';

/**
 * An indexed 4-ary min-heap of node numbers over typed arrays, with decrease-key: at most one
 * entry per node, no per-entry objects. Four children per slot halve the depth of a binary heap,
 * which is what a pop costs on a million-node search. Each slot keeps its key beside its node, so
 * comparing four children reads one run of memory instead of four nodes' keys scattered over
 * the graph. A heap can be reused across searches (`clear`) without allocating its arrays again.
 */
export class NodeHeap {
  private readonly heap: Int32Array;
  /** Key of the node in each slot. */
  private readonly slotKey: Float64Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.slotKey = new Float64Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  /** Empties the heap (what is left of a search that stopped early). */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1;
    this.size = 0;
  }

  /** Inserts the node, or lowers its key if it is queued with a higher one. */
  push(node: number, key: number): void {
    let i = this.pos[node];
    if (i < 0) {
      i = this.size++;
    } else if (key >= this.slotKey[i]) {
      return;
    }
    this.up(i, node, key);
  }

  peekKey(): number {
    return this.size ? this.slotKey[0] : Infinity;
  }

  pop(): number {
    const top = this.heap[0];
    this.pos[top] = -1;
    const last = --this.size;
    if (last > 0) this.down(this.heap[last], this.slotKey[last]);
    return top;
  }

  /** Moves `node` (key `k`) from slot i towards the root until its parent's key is not greater. */
  private up(i: number, node: number, k: number): void {
    const { heap, slotKey, pos } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = slotKey[parent];
      if (pk <= k) break;
      const p = heap[parent];
      heap[i] = p;
      slotKey[i] = pk;
      pos[p] = i;
      i = parent;
    }
    heap[i] = node;
    slotKey[i] = k;
    pos[node] = i;
  }

  /** Puts `node` (key `k`) at the root and sinks it below every smaller child. */
  private down(node: number, k: number): void {
    const { heap, slotKey, pos } = this;
    const n = this.size;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let child = first;
      let ck = slotKey[first];
      const end = Math.min(first + 4, n);
      for (let c = first + 1; c < end; c++) {
        const kc = slotKey[c];
        if (kc < ck) {
          ck = kc;
          child = c;
        }
      }
      if (ck >= k) break;
      const c = heap[child];
      heap[i] = c;
      slotKey[i] = ck;
      pos[c] = i;
      i = child;
    }
    heap[i] = node;
    slotKey[i] = k;
    pos[node] = i;
  }
}

/**
 * A binary min-heap of entries (key + three payload numbers), lazily deleted by the caller; grows
 * as needed. Each heap position holds its entry's key and payload itself, so a sift reads and
 * moves runs of memory rather than following an index to each key.
 */
export class EntryHeap {
  private keys = new Float64Array(1024);
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private c = new Float64Array(1024);
  size = 0;
  /** Payload of the last popped entry. */
  topKey = 0;
  topA = 0;
  topB = 0;
  topC = 0;

  push(key: number, a: number, b: number, c: number): void {
    if (this.size === this.keys.length) this.grow();
    const { keys } = this;
    const pa = this.a;
    const pb = this.b;
    const pc = this.c;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      pa[i] = pa[parent];
      pb[i] = pb[parent];
      pc[i] = pc[parent];
      i = parent;
    }
    keys[i] = key;
    pa[i] = a;
    pb[i] = b;
    pc[i] = c;
  }

  pop(): void {
    const { keys } = this;
    const pa = this.a;
    const pb = this.b;
    const pc = this.c;
    this.topKey = keys[0];
    this.topA = pa[0];
    this.topB = pb[0];
    this.topC = pc[0];
    const n = --this.size;
    if (n === 0) return;
    const k = keys[n];
    const la = pa[n];
    const lb = pb[n];
    const lc = pc[n];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= k) break;
      keys[i] = keys[child];
      pa[i] = pa[child];
      pb[i] = pb[child];
      pc[i] = pc[child];
      i = child;
    }
    keys[i] = k;
    pa[i] = la;
    pb[i] = lb;
    pc[i] = lc;
  }

  private grow(): void {
    this.keys = doubled(this.keys, Float64Array);
    this.a = doubled(this.a, Int32Array);
    this.b = doubled(this.b, Int32Array);
    this.c = doubled(this.c, Float64Array);
  }
}
