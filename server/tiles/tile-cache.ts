/**
 * A least-recently-used cache of encoded tiles, bounded in bytes. Each one belongs to one
 * index: a rebuilt index starts with an empty cache, so no tile outlives the data it was cut from.
 */
import type { EncodedTile } from './encode.ts';

/** Rough per-entry cost besides the bytes (key, object, map slot). */
const ENTRY_OVERHEAD = 200;

export class TileCache {
  private readonly entries = new Map<string, EncodedTile>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): EncodedTile | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Move to the young end: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, tile: EncodedTile): void {
    const cost = tile.body.length + ENTRY_OVERHEAD;
    if (cost > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length + ENTRY_OVERHEAD;
      this.entries.delete(key);
    }
    this.entries.set(key, tile);
    this.bytes += cost;
    for (const [k, t] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= t.body.length + ENTRY_OVERHEAD;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
