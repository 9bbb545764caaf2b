/**
 * A flatbush R-tree over the graph's segments in a local metric plane (x = Δlon·kx, y = Δlat·ky at
 * the network's middle latitude), so box distances are nearly metres. Nearest queries are exact:
 * a box search around the point (as wide as the last answers needed) measures every segment in
 * it, and the answer stands when no segment outside the box could be nearer; otherwise a first
 * nearest-neighbour pass finds a candidate and a second takes every segment that could still be
 * nearer, allowing for how far the plane's scale strays from the true one across the network.
 * The box search avoids the neighbour queue, which is most of a snap's cost; both give the same
 * segment (ties go to the lower segment number).
 */
import Flatbush from 'flatbush';
import { projectOnSegment, rulerAt } from './geodesy.ts';
import { SegmentGrid } from './segment-grid.ts';

export interface SegmentHit {
  /** Vertex the segment starts at. */
  vertex: number;
  edge: number;
  /** 0–1 along the segment. */
  t: number;
  distanceM: number;
}

export class SegmentIndex {
  readonly size: number;
  private readonly tree: Flatbush | null;
  /** The same segments on a grid, for the first box of a query (see measureBox). */
  private readonly grid: SegmentGrid | null;
  private readonly segVertex: Int32Array;
  private readonly segEdge: Int32Array;
  private readonly lon0: number;
  private readonly lat0: number;
  private readonly kx: number;
  private readonly ky: number;
  private readonly out = new Float64Array(2);
  /** Half-width of the first box, plane units: follows what recent queries needed. */
  private boxHalf = 50;

  constructor(
    private readonly vertexLon: Float64Array,
    private readonly vertexLat: Float64Array,
    edgeFirst: Int32Array,
    edgeLast: Int32Array,
  ) {
    let n = 0;
    let w = Infinity, s = Infinity, e = -Infinity, nn = -Infinity;
    for (let k = 0; k < edgeFirst.length; k++) {
      n += edgeLast[k] - edgeFirst[k];
      for (let v = edgeFirst[k]; v <= edgeLast[k]; v++) {
        const x = vertexLon[v];
        const y = vertexLat[v];
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > nn) nn = y;
      }
    }
    this.size = n;
    this.segVertex = new Int32Array(n);
    this.segEdge = new Int32Array(n);
    this.lon0 = n ? w : 0;
    this.lat0 = n ? s : 0;
    const mid = rulerAt(n ? (s + nn) / 2 : 0);
    this.kx = mid.kx;
    this.ky = mid.ky;
    if (n === 0) {
      this.tree = null;
      this.grid = null;
      return;
    }
    // Float32 boxes halve the memory; coordinates are relative to the corner, so they stay within a few cm.
    const tree = new Flatbush(n, 16, Float32Array);
    let i = 0;
    for (let k = 0; k < edgeFirst.length; k++) {
      for (let v = edgeFirst[k]; v < edgeLast[k]; v++) {
        const ax = this.x(vertexLon[v]);
        const ay = this.y(vertexLat[v]);
        const bx = this.x(vertexLon[v + 1]);
        const by = this.y(vertexLat[v + 1]);
        tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
        this.segVertex[i] = v;
        this.segEdge[i] = k;
        i++;
      }
    }
    tree.finish();
    this.tree = tree;
    this.grid = new SegmentGrid(n, this.x(e), this.y(nn), (i, box) => {
      const v = this.segVertex[i];
      const ax = this.x(vertexLon[v]);
      const ay = this.y(vertexLat[v]);
      const bx = this.x(vertexLon[v + 1]);
      const by = this.y(vertexLat[v + 1]);
      box[0] = Math.min(ax, bx);
      box[1] = Math.min(ay, by);
      box[2] = Math.max(ax, bx);
      box[3] = Math.max(ay, by);
    });
  }

  private x(lon: number): number {
    return (lon - this.lon0) * this.kx;
  }

  private y(lat: number): number {
    return (lat - this.lat0) * this.ky;
  }

  // The query under way, read by the methods below and the neighbour filter, which is made once,
  // not per query: a province's coverage snaps 120,000 points.
  private qLon = 0;
  private qLat = 0;
  private qUsable: Uint8Array | null = null;
  private best = -1;
  private bestD = Infinity;
  private bestT = 0;

  private consider(i: number): void {
    const v = this.segVertex[i];
    projectOnSegment(this.qLon, this.qLat, this.vertexLon[v], this.vertexLat[v], this.vertexLon[v + 1], this.vertexLat[v + 1], this.out);
    // Ties go to the lower segment number, so answers do not depend on the tree's visiting order.
    if (this.out[1] < this.bestD || (this.out[1] === this.bestD && i < this.best)) {
      this.bestD = this.out[1];
      this.bestT = this.out[0];
      this.best = i;
    }
  }

  /** Whether segment i's edge may be used by the query under way. */
  private readonly usable = (i: number): boolean => this.qUsable === null || this.qUsable[this.segEdge[i]] === 1;

  /**
   * Measures every usable segment whose box meets the square of half-width h around (x, y) (and
   * maybe a few more, which can only bring the answer closer to the truth). The first box of a
   * query reads the grid; a wider one, rarely needed, asks the tree.
   */
  private measureBox(x: number, y: number, h: number, fromGrid: boolean): void {
    const usable = this.qUsable;
    if (fromGrid && this.grid) {
      const { start, items, cols } = this.grid;
      const range = this.grid.rangeOf(x, y, h);
      const c0 = range[0], c1 = range[1], r1 = range[3];
      for (let r = range[2]; r <= r1; r++) {
        for (let k = start[r * cols + c0], end = start[r * cols + c1 + 1]; k < end; k++) {
          const i = items[k];
          if (usable === null || usable[this.segEdge[i]] === 1) this.consider(i);
        }
      }
      return;
    }
    // The tree lists them and the loop here measures them: a filter called back from inside the
    // tree, which every user of flatbush shares, is called at one site for all and not inlined.
    const hits = this.tree!.search(x - h, y - h, x + h, y + h);
    for (let k = 0; k < hits.length; k++) {
      const i = hits[k];
      if (usable === null || usable[this.segEdge[i]] === 1) this.consider(i);
    }
  }

  /**
   * The nearest point on any segment whose edge is usable (`usable[edge] === 1`; null: every
   * edge), or null (none, or none within maxM).
   */
  nearest(lon: number, lat: number, usable: Uint8Array | null, maxM = Infinity): SegmentHit | null {
    const tree = this.tree;
    if (!tree) return null;
    const x = this.x(lon);
    const y = this.y(lat);
    // Exact distances use the scale at the query's latitude: true metres ≥ plane units × minScale.
    const here = rulerAt(lat);
    const minScale = Math.min(here.kx / this.kx, here.ky / this.ky, 1) * 0.999;
    this.qLon = lon;
    this.qLat = lat;
    this.qUsable = usable;
    this.best = -1;
    this.bestD = Infinity;
    this.bestT = 0;
    // Every segment nearer than bestD lies within bestD / minScale plane units (+ Float32 slack);
    // a box of half-width h holds all of them when that reach is at most h.
    const h = Math.min(this.boxHalf, maxM / minScale + 1);
    this.measureBox(x, y, h, true);
    if (this.best < 0) {
      // Nothing in the box, a point far off the roads: one candidate (flatbush tightens its bound
      // as it goes), then every segment that could beat it, nearest first.
      const first = tree.neighbors(x, y, 1, maxM / minScale + 1, this.usable);
      if (first.length === 0) return null;
      this.consider(first[0]);
      for (const i of tree.neighbors(x, y, Infinity, this.bestD / minScale + 0.5, this.usable)) this.consider(i);
    } else if (this.bestD / minScale + 0.5 > h) {
      // The box was too small to be sure: every segment that could beat the best so far.
      const reach = this.bestD / minScale + 0.5;
      this.measureBox(x, y, reach, false);
    }
    const bestD = this.bestD;
    // A point far off the roads takes the second way; it should not widen the box for the rest.
    if (bestD < Infinity) this.boxHalf = Math.min(300, Math.max(20, 0.9 * this.boxHalf + 0.1 * 1.5 * (bestD / minScale + 0.5)));
    this.qUsable = null;
    if (bestD > maxM) return null;
    return { vertex: this.segVertex[this.best], edge: this.segEdge[this.best], t: this.bestT, distanceM: bestD };
  }

  /** Segments (by start vertex) whose boxes meet a lon/lat box: candidates that callers test exactly. */
  segmentsInBox(west: number, south: number, east: number, north: number): { vertex: number; edge: number }[] {
    if (!this.tree) return [];
    return this.tree.search(this.x(west) - 0.5, this.y(south) - 0.5, this.x(east) + 0.5, this.y(north) + 0.5).map((i) => ({ vertex: this.segVertex[i], edge: this.segEdge[i] }));
  }
}
