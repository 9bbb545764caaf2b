import { describe, expect, it } from 'vitest';
import { LayerChanges } from '../../../server/layers/changes.ts';
import { findLayer } from '../../../server/layers/registry.ts';
import type { LayerDefinition } from '../../../server/layers/types.ts';
import type { TileFeature } from '../../../server/tiles/tile-attributes.ts';
import { LayerIndexes } from '../../../server/tiles/layer-indexes.ts';

const shelters = findLayer('shelters')!;

function shelter(id: number, capacity: number): TileFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9 + id / 1000, 22.4] }, properties: { id, capacity } };
}

/** A stand-in for the database: rows by id, a log of reads, and reads that finish when told to. */
function fakeStore(rows: TileFeature[]) {
  const table = new Map(rows.map((r) => [r.id, r]));
  const reads: Array<readonly number[] | 'all'> = [];
  let gate: Promise<void> = Promise.resolve();
  const read = async (_layer: LayerDefinition, ids?: readonly number[]) => {
    reads.push(ids ?? 'all');
    // The rows as they are when the read starts, like a query's snapshot.
    const snapshot = ids ? ids.flatMap((id) => (table.has(id) ? [table.get(id)!] : [])) : [...table.values()];
    await gate;
    return snapshot;
  };
  const hold = () => {
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    return () => {
      gate = Promise.resolve();
      release();
    };
  };
  return { table, reads, read, hold };
}

const capacities = async (indexes: LayerIndexes) => [...(await indexes.get(shelters)).features.values()].map((f) => f.properties.capacity);

describe('LayerIndexes', () => {
  it('reads nothing until a tile is asked for, then keeps the index until the layer changes', async () => {
    const store = fakeStore([shelter(1, 100), shelter(2, 200)]);
    const indexes = new LayerIndexes(store.read, new LayerChanges());
    expect(store.reads).toEqual([]);
    const first = await indexes.get(shelters);
    expect(await indexes.get(shelters)).toBe(first);
    expect(store.reads).toEqual(['all']);
  });

  it('patches only the changed rows after a write: update, insert and delete', async () => {
    const store = fakeStore([shelter(1, 100), shelter(2, 200), shelter(3, 300)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(store.read, changes);
    await indexes.get(shelters);

    store.table.set(2, shelter(2, 250));
    changes.notify({ layer: 'shelters', id: 2, op: 'update' });
    store.table.set(4, shelter(4, 400));
    changes.notify({ layer: 'shelters', id: 4, op: 'insert' });
    store.table.delete(1);
    changes.notify({ layer: 'shelters', id: 1, op: 'delete' });

    expect(await capacities(indexes)).toEqual([250, 300, 400]);
    expect(store.reads).toEqual(['all', [2, 4, 1]]);
  });

  it('never hands out an index older than the last change, even while a build is running', async () => {
    const store = fakeStore([shelter(1, 100)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(store.read, changes);
    const release = store.hold();
    const early = indexes.get(shelters);
    await new Promise((r) => setImmediate(r));
    expect(store.reads).toEqual(['all']);
    // A write commits while the first build is still reading.
    store.table.set(1, shelter(1, 111));
    changes.notify({ layer: 'shelters', id: 1, op: 'update' });
    const late = indexes.get(shelters);
    release();
    expect((await early).features.get(1)?.properties.capacity).toBe(100);
    expect((await late).features.get(1)?.properties.capacity).toBe(111);
    expect(await indexes.get(shelters)).toBe(await late);
  });

  it('shares one build among concurrent requests', async () => {
    const store = fakeStore([shelter(1, 100)]);
    const indexes = new LayerIndexes(store.read, new LayerChanges());
    const [a, b, c] = await Promise.all([indexes.get(shelters), indexes.get(shelters), indexes.get(shelters)]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(store.reads).toEqual(['all']);
  });

  it('reads the whole layer after a bulk change, and after a failed build', async () => {
    const store = fakeStore([shelter(1, 100)]);
    const changes = new LayerChanges();
    let fail = false;
    const indexes = new LayerIndexes((layer, ids) => (fail ? Promise.reject(new Error('db down')) : store.read(layer, ids)), changes);
    await indexes.get(shelters);
    changes.notify({ layer: 'shelters', id: 0, op: 'update' });
    await indexes.get(shelters);
    expect(store.reads).toEqual(['all', 'all']);

    store.table.set(1, shelter(1, 123));
    changes.notify({ layer: 'shelters', id: 1, op: 'update' });
    fail = true;
    await expect(indexes.get(shelters)).rejects.toThrow('db down');
    fail = false;
    expect(await capacities(indexes)).toEqual([123]);
    expect(store.reads.at(-1)).toBe('all');
  });

  it('leaves other layers alone when one changes', async () => {
    const store = fakeStore([shelter(1, 100)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(store.read, changes);
    const before = await indexes.get(shelters);
    changes.notify({ layer: 'depots', id: 1, op: 'update' });
    expect(await indexes.get(shelters)).toBe(before);
  });

  it('warms every layer up, one after another, and reports each build', async () => {
    const store = fakeStore([shelter(1, 100)]);
    const indexes = new LayerIndexes(store.read, new LayerChanges());
    const reports = await indexes.warmUp([shelters, findLayer('depots')!]);
    expect(reports.map((r) => [r.layer, r.features])).toEqual([['shelters', 1], ['depots', 1]]);
    expect(reports.every((r) => r.loadMs >= 0 && r.buildMs >= 0)).toBe(true);
  });
});
