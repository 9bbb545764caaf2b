/**
 * The road segments bucketed on a uniform grid of the index's plane (cells about 400 m square):
 * each segment is listed in every cell its box meets. Listing the segments near a point is then a
 * few array reads, where walking the R-tree from its root costs more than measuring what it finds;
 * snapping a province's 120,000 sites asks exactly that, once each.
 *
 * @example
 * const grid = new SegmentGrid(count, width, height, (i, box) => { box[0] = …; box[3] = …; });
 * const r = grid.rangeOf(x, y, h);        // [c0, c1, r0, r1], cells the square meets
 * for (let k = grid.start[cell]; k < grid.start[cell + 1]; k++) grid.items[k];
 */

/** Cell side, plane units (metres, near enough), unless the grid would have more cells than MAX_CELLS. */
const CELL = 400;
const MAX_CELLS = 4_000_000;

export class SegmentGrid {
  readonly cols: number;
  readonly rows: number;
  readonly cell: number;
  /** Per cell (row × cols + col): its segments are items[start[cell] … start[cell+1]-1]. */
  readonly start: Int32Array;
  readonly items: Int32Array;
  private readonly range = new Int32Array(4);

  /** `boxOf(i, box)` writes segment i's box [minX, minY, maxX, maxY] in plane units (0 … width, 0 … height). */
  constructor(count: number, width: number, height: number, boxOf: (i: number, box: Float64Array) => void) {
    this.cell = Math.max(CELL, Math.sqrt((width * height) / MAX_CELLS));
    this.cols = Math.floor(width / this.cell) + 1;
    this.rows = Math.floor(height / this.cell) + 1;
    const cells = this.cols * this.rows;
    const box = new Float64Array(4);
    const start = new Int32Array(cells + 1);
    const range = this.range;
    for (let i = 0; i < count; i++) {
      boxOf(i, box);
      this.cellsOf(box[0], box[1], box[2], box[3]);
      for (let r = range[2]; r <= range[3]; r++) for (let c = range[0]; c <= range[1]; c++) start[r * this.cols + c + 1]++;
    }
    for (let k = 0; k < cells; k++) start[k + 1] += start[k];
    const fill = start.slice(0, cells);
    const items = new Int32Array(start[cells]);
    for (let i = 0; i < count; i++) {
      boxOf(i, box);
      this.cellsOf(box[0], box[1], box[2], box[3]);
      for (let r = range[2]; r <= range[3]; r++) for (let c = range[0]; c <= range[1]; c++) items[fill[r * this.cols + c]++] = i;
    }
    this.start = start;
    this.items = items;
  }

  /** The cells [c0, c1, r0, r1] (inclusive, clamped to the grid) that the square of half-width h around (x, y) meets; reused between calls. */
  rangeOf(x: number, y: number, h: number): Int32Array {
    return this.cellsOf(x - h, y - h, x + h, y + h);
  }

  private cellsOf(minX: number, minY: number, maxX: number, maxY: number): Int32Array {
    const r = this.range;
    r[0] = Math.max(0, Math.floor(minX / this.cell));
    r[1] = Math.min(this.cols - 1, Math.floor(maxX / this.cell));
    r[2] = Math.max(0, Math.floor(minY / this.cell));
    r[3] = Math.min(this.rows - 1, Math.floor(maxY / this.cell));
    return r;
  }
}
