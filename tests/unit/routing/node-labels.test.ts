/** Labels per node in one growing pool: each node's labels in the order added, none lost when the pool grows. */
import { describe, expect, it } from 'vitest';
import { NodeLabels } from '../../../server/routing/node-labels.ts';

const listOf = (labels: NodeLabels, node: number) => {
  const out: [number, number, number][] = [];
  for (let j = labels.first[node]; j >= 0; j = labels.next[j]) out.push([labels.source[j], labels.cost[j], labels.metres[j]]);
  return out;
};

describe('NodeLabels', () => {
  it('lists each node\'s labels in the order added, interleaved with other nodes\' labels', () => {
    const labels = new NodeLabels(3);
    labels.add(2, 7, 10, 100);
    labels.add(0, 1, 11, 110);
    labels.add(2, 4, 12, 120);
    expect(listOf(labels, 2)).toEqual([[7, 10, 100], [4, 12, 120]]);
    expect(listOf(labels, 0)).toEqual([[1, 11, 110]]);
    expect(listOf(labels, 1)).toEqual([]);
    expect([...labels.count]).toEqual([1, 0, 2]);
    expect(labels.has(2, 4)).toBe(true);
    expect(labels.has(2, 1)).toBe(false);
    expect(labels.has(1, 7)).toBe(false);
  });

  it('keeps every label when the pool grows', () => {
    const labels = new NodeLabels(5);
    // 5 × 250 labels (a node holds at most 255): past the first 1,024 slots.
    for (let i = 0; i < 1250; i++) labels.add(i % 5, i, i / 2, i * 3);
    expect(labels.size).toBe(1250);
    const third = listOf(labels, 3);
    expect(third).toHaveLength(250);
    expect(third[0]).toEqual([3, 1.5, 9]);
    expect(third[249]).toEqual([1248, 624, 3744]);
  });
});
