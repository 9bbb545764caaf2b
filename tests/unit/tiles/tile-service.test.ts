import { describe, expect, it } from 'vitest';
import type { LayerDefinition } from '../../../server/layers/types.ts';
import type { TileCoord } from '../../../server/tiles/tile-grid.ts';
import { TileService } from '../../../server/tiles/tile-service.ts';
import type { SourceLayer, TilePart, TileSource } from '../../../server/tiles/tile-source.ts';

const layer = (id: string) => ({ id }) as LayerDefinition;
const [shelters, sites] = [layer('shelters'), layer('risk_sites')];

/** A source whose layers are at the versions set here; it records every cut asked of it. */
class FakeSource implements TileSource {
  versions = new Map<string, number>([['shelters', 1], ['risk_sites', 1]]);
  cuts: string[][] = [];
  layer(l: LayerDefinition): SourceLayer {
    return { layer: l.id, version: this.versions.get(l.id)!, features: 1, bounds: undefined, buildMs: 0, loadMs: 0, patched: false };
  }
  async cut(parts: ReadonlyArray<{ layer: LayerDefinition; version: number }>, c: TileCoord): Promise<TilePart[]> {
    this.cuts.push(parts.map((p) => `${p.layer.id}@${p.version}`));
    return parts.map((p) => ({ body: Buffer.from(`${p.layer.id}@${p.version} ${c.z}/${c.x}/${c.y};`), etag: `"${p.layer.id}${p.version}"`, version: p.version }));
  }
  async warmUp(): Promise<SourceLayer[]> {
    return [];
  }
}

const at = { z: 12, x: 3300, y: 1780 };

describe('TileService over a tile source', () => {
  it('asks the source once for a tile of one layer, then answers from its cache', async () => {
    const source = new FakeSource();
    const tiles = new TileService(source, 1 << 20);
    const first = await tiles.tile([shelters], at);
    const again = await tiles.tile([shelters], at);
    expect(first.body.toString()).toBe('shelters@1 12/3300/1780;');
    expect(again).toEqual(first);
    expect(source.cuts).toEqual([['shelters@1']]);
  });

  it('asks for the missing layers of a tile of several together, and joins the parts in the order asked', async () => {
    const source = new FakeSource();
    const tiles = new TileService(source, 1 << 20);
    await tiles.tile([sites], at);
    const both = await tiles.tile([shelters, sites], at);
    expect(source.cuts).toEqual([['risk_sites@1'], ['shelters@1']]);
    expect(both.body.toString()).toBe('shelters@1 12/3300/1780;risk_sites@1 12/3300/1780;');
  });

  it('cuts again once the layer is at a new version: no tile outlives the data it was cut from', async () => {
    const source = new FakeSource();
    const tiles = new TileService(source, 1 << 20);
    await tiles.tile([shelters], at);
    source.versions.set('shelters', 2);
    const fresh = await tiles.tile([shelters], at);
    expect(fresh.body.toString()).toBe('shelters@2 12/3300/1780;');
    expect(source.cuts).toEqual([['shelters@1'], ['shelters@2']]);
  });

  it('keeps nothing with a cache of 0 bytes', async () => {
    const source = new FakeSource();
    const tiles = new TileService(source, 0);
    await tiles.tile([shelters], at);
    await tiles.tile([shelters], at);
    expect(source.cuts).toEqual([['shelters@1'], ['shelters@1']]);
  });
});
