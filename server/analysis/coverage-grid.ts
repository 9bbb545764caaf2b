/**
 * A square-ish grid in lon/lat for gap maps, and the merging of a set of its cells into
 * polygons a planner can draw: one Polygon (outer ring plus holes) per 4-connected group.
 * Cells are `cellSizeM` high everywhere and `cellSizeM` wide at the grid's reference latitude
 * (a few per cent off across a province). Rings follow RFC 7946: outer counter-clockwise,
 * holes clockwise, and never cross or touch themselves.
 *
 * @example
 * const grid = gridFor([110.7, 22.2, 111.7, 22.7], 1000);
 * const keys = new Set([grid.cellOf(110.9, 22.3), grid.cellOf(110.91, 22.3)]);
 * mergeCells(grid, keys);   // [{ cells: [k1, k2], polygon: { type: 'Polygon', ... } }]
 */
import type { Polygon, Position } from 'geojson';
import { EARTH_RADIUS_M } from './great-circle.ts';

const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;

export interface Grid {
  cellSizeM: number;
  /** Latitude at which a cell is `cellSizeM` wide. */
  refLat: number;
  originLon: number;
  originLat: number;
  dLon: number;
  dLat: number;
  cols: number;
  rows: number;
  /** Key of the cell holding the point (row × cols + col). */
  cellOf(lon: number, lat: number): number;
  /** The cell's square as a closed counter-clockwise ring. */
  cellPolygon(key: number): Polygon;
  /** Area of the cell on the sphere, km². */
  cellAreaKm2(key: number): number;
}

/**
 * A grid covering `bbox` ([minLon, minLat, maxLon, maxLat]). The reference latitude is the
 * box's middle rounded to 0.1° and the origin snaps to whole cells from (0, 0), so nearby
 * extents give the same cells.
 */
export function gridFor(bbox: readonly [number, number, number, number], cellSizeM: number): Grid {
  if (!(cellSizeM > 0)) throw new RangeError('cellSizeM must be positive');
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const refLat = Math.round(((minLat + maxLat) / 2) * 10) / 10;
  const dLat = cellSizeM / M_PER_DEG;
  const dLon = cellSizeM / (M_PER_DEG * Math.cos((refLat * Math.PI) / 180));
  const originLon = Math.floor(minLon / dLon) * dLon;
  const originLat = Math.floor(minLat / dLat) * dLat;
  const cols = Math.max(1, Math.floor((maxLon - originLon) / dLon) + 1);
  const rows = Math.max(1, Math.floor((maxLat - originLat) / dLat) + 1);
  const corner = (vx: number, vy: number): Position => [round7(originLon + vx * dLon), round7(originLat + vy * dLat)];
  return {
    cellSizeM,
    refLat,
    originLon,
    originLat,
    dLon,
    dLat,
    cols,
    rows,
    cellOf(lon, lat) {
      const c = Math.min(cols - 1, Math.max(0, Math.floor((lon - originLon) / dLon)));
      const r = Math.min(rows - 1, Math.max(0, Math.floor((lat - originLat) / dLat)));
      return r * cols + c;
    },
    cellPolygon(key) {
      const c = key % cols;
      const r = (key - c) / cols;
      return { type: 'Polygon', coordinates: [[corner(c, r), corner(c + 1, r), corner(c + 1, r + 1), corner(c, r + 1), corner(c, r)]] };
    },
    cellAreaKm2(key) {
      const r = Math.floor(key / cols);
      const lat = originLat + (r + 0.5) * dLat;
      return (dLat * M_PER_DEG * dLon * M_PER_DEG * Math.cos((lat * Math.PI) / 180)) / 1e6;
    },
  };
}

export interface MergedArea {
  /** Cell keys of the group, ascending. */
  cells: number[];
  polygon: Polygon;
}

/** Grids of up to this many cells get a dense lookup table (4 bytes a cell). */
const DENSE_LIMIT = 4_000_000;

// directions of a boundary edge: east, north, west, south
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];
// the cell on the left of an edge leaving vertex (vx, vy) in direction d is (vx + LX[d], vy + LY[d]);
// the cell on its right is (vx + RX[d], vy + RY[d])
const LX = [0, -1, -1, 0];
const LY = [0, 0, -1, -1];
const RX = [0, 0, -1, -1];
const RY = [-1, 0, 0, -1];

/**
 * Merges cells into one polygon per 4-connected group, in order of each group's lowest key.
 * Boundary edges keep the group on their left (an edge exists where the cell on its left is
 * in the set and the one on its right is not). Where two cells touch only at a corner, the
 * trace keeps to its own cell if the other belongs to another group, and otherwise follows
 * the empty side, so every ring is simple: one outer ring per group, holes may touch it or
 * each other at single points.
 */
export function mergeCells(grid: Grid, keys: ReadonlySet<number>): MergedArea[] {
  const { cols, rows } = grid;
  const sorted = Float64Array.from(keys).sort();
  const m = sorted.length;
  // a dense lookup table while the grid is small enough, else binary search in the keys
  const dense = cols * rows <= DENSE_LIMIT ? new Int32Array(cols * rows).fill(-1) : null;
  if (dense) for (let i = 0; i < m; i++) dense[sorted[i]] = i;
  /** Position of cell (c, r) in `sorted`, or −1 when not in the set. */
  const find = (c: number, r: number): number => {
    if (c < 0 || c >= cols || r < 0 || r >= rows) return -1;
    const k = r * cols + c;
    if (dense) return dense[k];
    let lo = 0, hi = m - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = sorted[mid];
      if (v < k) lo = mid + 1;
      else if (v > k) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  const isEdge = (vx: number, vy: number, d: number): boolean => find(vx + LX[d], vy + LY[d]) >= 0 && find(vx + RX[d], vy + RY[d]) < 0;

  // groups by flood fill, numbered in order of their lowest key
  const group = new Int32Array(m).fill(-1);
  const stack = new Int32Array(m);
  let groups = 0;
  for (let start = 0; start < m; start++) {
    if (group[start] >= 0) continue;
    const g = groups++;
    let top = 0;
    stack[top++] = start;
    group[start] = g;
    while (top > 0) {
      const i = stack[--top];
      const c = sorted[i] % cols;
      const r = (sorted[i] - c) / cols;
      for (let d = 0; d < 4; d++) {
        const j = find(c + DX[d], r + DY[d]);
        if (j >= 0 && group[j] < 0) {
          group[j] = g;
          stack[top++] = j;
        }
      }
    }
  }

  // trace each boundary edge once; an edge is marked on its left cell (one edge per direction)
  const used = new Uint8Array(m);
  const outer: (Position[] | null)[] = new Array(groups).fill(null);
  const holes: Position[][][] = Array.from({ length: groups }, () => []);
  const corners: number[] = [];
  for (let i = 0; i < m; i++) {
    const c0 = sorted[i] % cols;
    const r0 = (sorted[i] - c0) / cols;
    for (let d0 = 0; d0 < 4; d0++) {
      if (used[i] & (1 << d0)) continue;
      // the edge of cell i in direction d0 starts at this corner of the cell
      const sx = c0 - LX[d0], sy = r0 - LY[d0];
      if (!isEdge(sx, sy, d0)) continue;
      corners.length = 0;
      let vx = sx, vy = sy, d = d0, cell = i;
      do {
        used[cell] |= 1 << d;
        const ex = vx + DX[d], ey = vy + DY[d];
        const left = (d + 1) & 3, right = (d + 3) & 3;
        const leftOk = isEdge(ex, ey, left), rightOk = isEdge(ex, ey, right);
        let nd: number;
        if (leftOk && rightOk) {
          // two cells meet only at this corner: within one group follow the empty side (a hole
          // then touches the outer ring at a point), between groups keep to our own cell
          const diagonal = find(ex + LX[right], ey + LY[right]);
          nd = group[diagonal] === group[cell] ? right : left;
        } else if (leftOk) nd = left;
        else if (isEdge(ex, ey, d)) nd = d;
        else if (rightOk) nd = right;
        else throw new Error('mergeCells: open boundary'); // cannot happen on a set of whole squares
        if (nd !== d) corners.push(ex, ey);
        vx = ex;
        vy = ey;
        d = nd;
        cell = find(vx + LX[d], vy + LY[d]);
      } while (!(vx === sx && vy === sy && d === d0));
      const ring: Position[] = [];
      let twiceArea = 0;
      for (let k = 0; k < corners.length; k += 2) {
        ring.push(corner(grid, corners[k], corners[k + 1]));
        const nx = corners[(k + 2) % corners.length], ny = corners[(k + 3) % corners.length];
        twiceArea += corners[k] * ny - nx * corners[k + 1];
      }
      ring.push(ring[0]);
      if (twiceArea > 0) outer[group[i]] = ring;
      else holes[group[i]].push(ring);
    }
  }

  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < m; i++) members[group[i]].push(sorted[i]);
  return members.map((cells, g) => ({
    cells,
    polygon: { type: 'Polygon', coordinates: [outer[g] as Position[], ...holes[g]] },
  }));
}

function corner(grid: Grid, vx: number, vy: number): Position {
  return [round7(grid.originLon + vx * grid.dLon), round7(grid.originLat + vy * grid.dLat)];
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
