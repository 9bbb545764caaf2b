/**
 * The labels a k-label search settles (shelter, cost, metres), listed per node in the order they
 * were settled (cheapest first), in one pool that grows with the labels actually settled. A
 * block of k slots for every node would cost nodes × k slots (a province at k = 16: 14 million,
 * 280 MB) where a few hundred thousand labels are settled.
 *
 * @example
 * const labels = new NodeLabels(graph.nodeCount);
 * labels.add(node, shelter, seconds, metres);
 * for (let j = labels.first[node]; j >= 0; j = labels.next[j]) labels.source[j], labels.cost[j];
 */
import { doubled } from './grow-array.ts';

export class NodeLabels {
  /** Labels per node. */
  readonly count: Uint8Array;
  /** Per node: its first label (−1 = none); each label's `next` is the node's following one (−1 = last). */
  readonly first: Int32Array;
  private readonly last: Int32Array;
  next = new Int32Array(1024);
  source = new Int32Array(1024);
  cost = new Float64Array(1024);
  metres = new Float64Array(1024);
  size = 0;

  constructor(nodeCount: number) {
    this.count = new Uint8Array(nodeCount);
    this.first = new Int32Array(nodeCount).fill(-1);
    this.last = new Int32Array(nodeCount);
  }

  has(node: number, source: number): boolean {
    for (let j = this.first[node]; j >= 0; j = this.next[j]) if (this.source[j] === source) return true;
    return false;
  }

  /** Appends a label to the node's list. */
  add(node: number, source: number, cost: number, metres: number): void {
    if (this.size === this.source.length) this.grow();
    const j = this.size++;
    this.next[j] = -1;
    this.source[j] = source;
    this.cost[j] = cost;
    this.metres[j] = metres;
    if (this.count[node]++ === 0) this.first[node] = j;
    else this.next[this.last[node]] = j;
    this.last[node] = j;
  }

  private grow(): void {
    this.next = doubled(this.next, Int32Array);
    this.source = doubled(this.source, Int32Array);
    this.cost = doubled(this.cost, Float64Array);
    this.metres = doubled(this.metres, Float64Array);
  }
}
