import { describe, expect, it } from 'vitest';
import { TileCache } from '../../../server/tiles/tile-cache.ts';

const tile = (bytes: number) => ({ body: Buffer.alloc(bytes), etag: `"${bytes}"` });

describe('TileCache', () => {
  it('keeps tiles until its byte budget is spent, then drops the least recently used', () => {
    const cache = new TileCache(3 * (1000 + 200));
    cache.set('a', tile(1000));
    cache.set('b', tile(1000));
    cache.set('c', tile(1000));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('d', tile(1000));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].every((k) => cache.get(k) !== undefined)).toBe(true);
    expect(cache.size).toBe(3);
  });

  it('keeps nothing when its budget is 0, and never a tile larger than the budget', () => {
    const off = new TileCache(0);
    off.set('a', tile(10));
    expect(off.get('a')).toBeUndefined();
    const small = new TileCache(500);
    small.set('big', tile(1000));
    expect(small.size).toBe(0);
  });
});
