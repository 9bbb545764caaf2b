import { describe, expect, it } from 'vitest';
import { LayerChanges } from '../../../server/layers/changes.ts';
import { findLayer } from '../../../server/layers/registry.ts';
import type { LayerDefinition } from '../../../server/layers/types.ts';
import type { TileFeature } from '../../../server/tiles/tile-attributes.ts';
import { LayerIndexes, type TileBackend } from '../../../server/tiles/layer-indexes.ts';
import { LayerTileIndex } from '../../../server/tiles/tile-index.ts';

const shelters = findLayer('shelters')!;

function shelter(id: number, capacity: number): TileFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [110.9 + id / 1000, 22.4] }, properties: { id, capacity } };
}

/**
 * A stand-in for the database and the tile worker: rows with a layer version and a change log
 * (as the layer tables' triggers keep them), reads that finish when told to, and a worker that
 * holds one index per layer.
 */
function fakeBackend(rows: TileFeature[]) {
  const table = new Map(rows.map((r) => [r.id, r]));
  let version = 1;
  const log: Array<{ version: number; ids: number[] | null }> = [];
  const reads: Array<'all' | number[]> = [];
  const held = new Map<string, { version: number; index: LayerTileIndex }>();
  let gate: Promise<void> = Promise.resolve();
  let fail = false;
  const write = (id: number, f: TileFeature | null) => {
    if (f) table.set(id, f);
    else table.delete(id);
    log.push({ version: ++version, ids: [id] });
    return version;
  };
  const bulk = () => {
    log.push({ version: ++version, ids: null });
    return version;
  };
  const backend: TileBackend = {
    async read(_layer: LayerDefinition, since?: number) {
      if (fail) throw new Error('db down');
      // The rows, version and log as they are when the read starts, like one transaction's snapshot.
      const at = version;
      const entries = since === undefined ? [] : log.filter((e) => e.version > since);
      const patchable = since !== undefined && entries.length === at - since && entries.every((e) => e.ids !== null);
      const changed = patchable ? [...new Set(entries.flatMap((e) => e.ids!))].sort((a, b) => a - b) : ('all' as const);
      const features = changed === 'all' ? [...table.values()] : changed.flatMap((id) => (table.has(id) ? [table.get(id)!] : []));
      reads.push(changed);
      await gate;
      return { version: at, text: JSON.stringify({ type: 'FeatureCollection', features }), count: features.length, changed };
    },
    async build(layer, r) {
      const index = new LayerTileIndex(layer, (JSON.parse(r.text) as { features: TileFeature[] }).features);
      held.set(layer.id, { version: r.version, index });
      return { layer: layer.id, version: r.version, features: index.size, bounds: index.bounds, buildMs: index.buildMs };
    },
    async patch(layer, base, r) {
      const h = held.get(layer.id);
      if (!h || h.version !== base) return { missing: true as const };
      const features = new Map(h.index.features);
      const fresh = (JSON.parse(r.text) as { features: TileFeature[] }).features;
      for (const f of fresh) features.set(f.id, f);
      for (const id of r.changed) if (!fresh.some((f) => f.id === id)) features.delete(id);
      const index = new LayerTileIndex(layer, features.values());
      held.set(layer.id, { version: r.version, index });
      return { layer: layer.id, version: r.version, features: index.size, bounds: index.bounds, buildMs: index.buildMs };
    },
  };
  const hold = () => {
    let release!: () => void;
    gate = new Promise((r) => (release = r));
    return () => {
      gate = Promise.resolve();
      release();
    };
  };
  const capacities = (layer = 'shelters') => [...held.get(layer)!.index.features.values()].map((f) => f.properties.capacity);
  return { backend, write, bulk, reads, hold, held, capacities, failReads: (b: boolean) => (fail = b) };
}

describe('LayerIndexes', () => {
  it('reads nothing until a tile is asked for, then keeps the index until the layer changes', async () => {
    const db = fakeBackend([shelter(1, 100), shelter(2, 200)]);
    const indexes = new LayerIndexes(db.backend, new LayerChanges());
    expect(db.reads).toEqual([]);
    const first = await indexes.get(shelters);
    expect(await indexes.get(shelters)).toBe(first);
    expect(db.reads).toEqual(['all']);
  });

  it('patches only the features changed since its version after writes: update, insert and delete', async () => {
    const db = fakeBackend([shelter(1, 100), shelter(2, 200), shelter(3, 300)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(db.backend, changes);
    await indexes.get(shelters);

    db.write(2, shelter(2, 250));
    changes.notify({ layer: 'shelters', id: 2, op: 'update' });
    db.write(4, shelter(4, 400));
    changes.notify({ layer: 'shelters', id: 4, op: 'insert' });
    db.write(1, null);
    changes.notify({ layer: 'shelters', id: 1, op: 'delete' });

    const report = await indexes.get(shelters);
    expect(report).toMatchObject({ version: 4, patched: true });
    expect(db.capacities()).toEqual([250, 300, 400]);
    expect(db.reads).toEqual(['all', [1, 2, 4]]);
  });

  it('patches in another instance\'s write it only heard of from the database, and ignores the echo of a version it holds', async () => {
    const db = fakeBackend([shelter(1, 100), shelter(2, 200)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(db.backend, changes);
    await indexes.get(shelters);
    // Another instance writes; this one hears of it by the database's notice alone.
    const v = db.write(2, shelter(2, 222));
    changes.receive({ layer: 'shelters', version: v, ids: [2] });
    expect(await indexes.get(shelters)).toMatchObject({ version: v });
    expect(db.capacities()).toEqual([100, 222]);
    // This instance's own write: the local notice first, the database's echo after the rebuild.
    const w = db.write(1, shelter(1, 111));
    changes.notify({ layer: 'shelters', id: 1, op: 'update' });
    const report = await indexes.get(shelters);
    changes.receive({ layer: 'shelters', version: w, ids: [1] });
    expect(await indexes.get(shelters)).toBe(report);
    expect(db.reads).toEqual(['all', [2], [1]]);
  });

  it('never hands out an index older than the last change, even while a build is running', async () => {
    const db = fakeBackend([shelter(1, 100)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(db.backend, changes);
    const release = db.hold();
    const early = indexes.get(shelters);
    await new Promise((r) => setImmediate(r));
    expect(db.reads).toEqual(['all']);
    // A write commits while the first build is still reading.
    db.write(1, shelter(1, 111));
    changes.notify({ layer: 'shelters', id: 1, op: 'update' });
    const late = indexes.get(shelters);
    release();
    expect((await early).version).toBe(1);
    expect((await late).version).toBe(2);
    expect(db.capacities()).toEqual([111]);
    expect(await indexes.get(shelters)).toBe(await late);
  });

  it('shares one build among concurrent requests', async () => {
    const db = fakeBackend([shelter(1, 100)]);
    const indexes = new LayerIndexes(db.backend, new LayerChanges());
    const [a, b, c] = await Promise.all([indexes.get(shelters), indexes.get(shelters), indexes.get(shelters)]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(db.reads).toEqual(['all']);
  });

  it('reads the whole layer after a bulk change, after a failed read, and when the worker lost its index', async () => {
    const db = fakeBackend([shelter(1, 100)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(db.backend, changes);
    await indexes.get(shelters);
    db.bulk();
    changes.notify({ layer: 'shelters', id: 0, op: 'update' });
    await indexes.get(shelters);
    expect(db.reads).toEqual(['all', 'all']);

    db.write(1, shelter(1, 123));
    changes.notify({ layer: 'shelters', id: 1, op: 'update' });
    db.failReads(true);
    await expect(indexes.get(shelters)).rejects.toThrow('db down');
    db.failReads(false);
    await indexes.get(shelters);
    expect(db.capacities()).toEqual([123]);

    // The tile worker restarted: its indexes are gone.
    db.held.clear();
    db.write(1, shelter(1, 124));
    changes.notify({ layer: 'shelters', id: 1, op: 'update' });
    await indexes.get(shelters);
    expect(db.capacities()).toEqual([124]);
    expect(db.reads.slice(-2)).toEqual([[1], 'all']);
  });

  it('leaves other layers alone when one changes', async () => {
    const db = fakeBackend([shelter(1, 100)]);
    const changes = new LayerChanges();
    const indexes = new LayerIndexes(db.backend, changes);
    const before = await indexes.get(shelters);
    changes.notify({ layer: 'depots', id: 1, op: 'update' });
    expect(await indexes.get(shelters)).toBe(before);
  });

  it('warms every layer up, one after another, and reports each build', async () => {
    const db = fakeBackend([shelter(1, 100)]);
    const indexes = new LayerIndexes(db.backend, new LayerChanges());
    const reports = await indexes.warmUp([shelters, findLayer('depots')!]);
    expect(reports.map((r) => [r.layer, r.features])).toEqual([['shelters', 1], ['depots', 1]]);
    expect(reports.every((r) => r.loadMs >= 0 && r.buildMs >= 0)).toBe(true);
  });
});
