/**
 * The positions of an OpenStreetMap file's nodes, held to draw its ways: ids and positions in
 * typed arrays (16 bytes a node, in OSM's own 1e-7 degree steps), looked up by binary search.
 * Extracts list nodes by ascending id; a file that does not is sorted once, when the first way
 * asks. More nodes than the cap is a 413 before the memory is spent.
 */
import { tooLarge } from './file-errors.ts';

const STEP = 1e7;

export class NodeStore {
  private ids = new Float64Array(1024);
  private lonLat = new Int32Array(2048);
  private n = 0;
  private sorted = true;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.n;
  }

  add(id: number, lon: number, lat: number): void {
    if (this.n >= this.max) throw tooLarge(`the file has more than ${this.max} nodes; at most ${this.max} are read (IMPORT_MAX_OSM_NODES)`);
    if (this.n === this.ids.length) this.grow();
    if (this.n > 0 && id <= this.ids[this.n - 1]) this.sorted = false;
    this.ids[this.n] = id;
    this.lonLat[2 * this.n] = Math.round(lon * STEP);
    this.lonLat[2 * this.n + 1] = Math.round(lat * STEP);
    this.n++;
  }

  /** [lon, lat] of a node, or undefined when the file does not have it. */
  get(id: number): [number, number] | undefined {
    if (!this.sorted) this.sort();
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid];
      if (v === id) return [this.lonLat[2 * mid] / STEP, this.lonLat[2 * mid + 1] / STEP];
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private grow(): void {
    const size = Math.min(this.ids.length * 2, Math.max(this.max, 1024));
    const ids = new Float64Array(size);
    ids.set(this.ids);
    const lonLat = new Int32Array(size * 2);
    lonLat.set(this.lonLat);
    [this.ids, this.lonLat] = [ids, lonLat];
  }

  private sort(): void {
    const order = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.ids[a] - this.ids[b]);
    const ids = new Float64Array(this.ids.length);
    const lonLat = new Int32Array(this.lonLat.length);
    order.forEach((from, to) => {
      ids[to] = this.ids[from];
      lonLat[2 * to] = this.lonLat[2 * from];
      lonLat[2 * to + 1] = this.lonLat[2 * from + 1];
    });
    [this.ids, this.lonLat, this.sorted] = [ids, lonLat, true];
  }
}
