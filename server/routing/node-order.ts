/**
 * An order of the graph's nodes along a Hilbert curve over their bounding box: nodes near each
 * other on the ground get numbers near each other, so a search reading a node's neighbours finds
 * their costs, labels and adjacency in memory it has just touched (the cache), instead of across
 * a province's arrays.
 */

/** Position of cell (x, y) along the Hilbert curve of a side × side grid (side a power of two). */
function hilbertIndex(side: number, x: number, y: number): number {
  let d = 0;
  for (let s = side >> 1; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    // Turn the quadrant so that the curve inside it runs the same way as the whole.
    if (ry === 0) {
      if (rx === 1) {
        x = side - 1 - x;
        y = side - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

/**
 * `rank[old]` = the node's new number. Ties (nodes in one grid cell) keep their old order, so the
 * order depends only on the positions and the order given.
 */
export function hilbertRank(lon: ArrayLike<number>, lat: ArrayLike<number>): Int32Array {
  const n = lon.length;
  const rank = new Int32Array(n);
  if (n === 0) return rank;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let north = -Infinity;
  for (let i = 0; i < n; i++) {
    w = Math.min(w, lon[i]);
    e = Math.max(e, lon[i]);
    s = Math.min(s, lat[i]);
    north = Math.max(north, lat[i]);
  }
  // Curve index and old number packed into one exact double (53 bits), sorted natively.
  const idBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const bits = Math.min(16, Math.floor((53 - idBits) / 2));
  const side = 2 ** bits;
  const sx = (side - 1) / Math.max(e - w, 1e-12);
  const sy = (side - 1) / Math.max(north - s, 1e-12);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = hilbertIndex(side, Math.floor((lon[i] - w) * sx), Math.floor((lat[i] - s) * sy)) * 2 ** idBits + i;
  keys.sort();
  const idScale = 2 ** idBits;
  for (let r = 0; r < n; r++) rank[keys[r] % idScale] = r;
  return rank;
}
