/**
 * A bucket grid over shelters for the coverage probe, which runs once per demand point
 * (100,000+ at province scale): cells are searched in growing square rings round the point,
 * with exact haversine distances inside and a safe lower bound per ring, so the walk stops
 * as soon as no farther shelter can change the answer. Several times cheaper per query than
 * a best-first tree walk, because most rings hold a handful of points and no heap is kept.
 * Longitudes are taken as they come (no wrapping at ±180°), as for any Chinese deployment.
 *
 * @example
 * const grid = shelterGrid(lon, lat, radius);        // flat arrays, one entry per shelter
 * grid.probe(110.95, 22.36);   // { coverJ, coverD, nearestJ, nearestD, shortfall }
 */
import { EARTH_RADIUS_M } from './great-circle.ts';

const RAD = Math.PI / 180;
const M_PER_DEG = EARTH_RADIUS_M * RAD;
/** Cells at most; the cell grows when the shelters are spread wider. */
const MAX_CELLS = 1 << 20;

export interface GridProbe {
  /** Nearest shelter whose own radius reaches the point (−1: none) and its distance. */
  coverJ: number;
  coverD: number;
  /** Nearest shelter at any distance (−1: no shelters) and its distance. */
  nearestJ: number;
  nearestD: number;
  /** min over shelters of (distance − radius) when not covered; NaN when covered. */
  shortfall: number;
}

export interface ShelterGrid {
  /**
   * Answers into a reused object: copy what you keep before the next call. With `coverOnly`
   * the walk stops once coverage is settled (nearest and shortfall may then be partial).
   */
  probe(lon: number, lat: number, coverOnly?: boolean): GridProbe;
}

export function shelterGrid(lon: Float64Array, lat: Float64Array, radius: Float64Array): ShelterGrid {
  const n = lon.length;
  const out: GridProbe = { coverJ: -1, coverD: NaN, nearestJ: -1, nearestD: NaN, shortfall: Infinity };
  if (n === 0) return { probe: () => ({ ...out, shortfall: Infinity }) };

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, maxR = 0;
  for (let j = 0; j < n; j++) {
    minX = Math.min(minX, lon[j]);
    maxX = Math.max(maxX, lon[j]);
    minY = Math.min(minY, lat[j]);
    maxY = Math.max(maxY, lat[j]);
    maxR = Math.max(maxR, radius[j]);
  }
  const refLat = (minY + maxY) / 2;
  const cosRef = Math.cos(refLat * RAD);
  const widthM = (maxX - minX) * M_PER_DEG * cosRef;
  const heightM = (maxY - minY) * M_PER_DEG;
  // about one shelter per cell, but never much below the widest radius
  let cellM = Math.max(maxR / 2, Math.sqrt((widthM * heightM) / n), 1);
  while (((widthM / cellM) + 1) * ((heightM / cellM) + 1) > MAX_CELLS) cellM *= 2;
  const gy = cellM / M_PER_DEG;
  const gx = cellM / (M_PER_DEG * cosRef);
  const cols = Math.floor((maxX - minX) / gx) + 1;
  const rows = Math.floor((maxY - minY) / gy) + 1;

  // shelters bucketed by cell (compressed rows)
  const cellOf = new Int32Array(n);
  const start = new Int32Array(cols * rows + 1);
  for (let j = 0; j < n; j++) {
    const c = Math.min(cols - 1, Math.floor((lon[j] - minX) / gx));
    const r = Math.min(rows - 1, Math.floor((lat[j] - minY) / gy));
    cellOf[j] = r * cols + c;
    start[cellOf[j] + 1]++;
  }
  for (let k = 0; k < cols * rows; k++) start[k + 1] += start[k];
  const fill = start.slice(0, cols * rows);
  const items = new Int32Array(n);
  for (let j = 0; j < n; j++) items[fill[cellOf[j]]++] = j;
  const cosLat = Float64Array.from(lat, (y) => Math.cos(y * RAD));

  /**
   * Lower bound of the distance to any cell k rings out: k − 1 whole cells lie between, in
   * latitude (exact metres along a meridian) or in longitude (h ≥ cos φ₁ cos φ₂ sin²(Δλ/2),
   * with the smallest cosine the query or the shelters can have).
   */
  const ringBound = (k: number, cosMin: number): number => {
    if (k <= 1) return 0;
    const byLat = (k - 1) * gy * RAD * EARTH_RADIUS_M;
    const byLon = 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, cosMin * Math.sin(Math.min(Math.PI, (k - 1) * gx * RAD) / 2)));
    return Math.min(byLat, byLon);
  };

  return {
    probe(x, y, coverOnly = false) {
      out.coverJ = -1;
      out.nearestJ = -1;
      let coverD = Infinity, nearestD = Infinity, best = Infinity;
      const qc = Math.floor((x - minX) / gx);
      const qr = Math.floor((y - minY) / gy);
      const cosY = Math.cos(y * RAD);
      const cosMin = Math.min(cosY, Math.cos(Math.max(Math.abs(minY), Math.abs(maxY), Math.abs(y)) * RAD));
      // rings beyond this reach past every cell
      const lastRing = Math.max(Math.abs(qc), Math.abs(qc - (cols - 1)), Math.abs(qr), Math.abs(qr - (rows - 1)));
      for (let k = 0; k <= lastRing; k++) {
        const lb = ringBound(k, cosMin);
        if (out.coverJ >= 0 ? lb >= coverD : lb > maxR && (coverOnly || (lb >= nearestD && lb >= best + maxR))) break;
        const r0 = Math.max(0, qr - k), r1 = Math.min(rows - 1, qr + k);
        for (let r = r0; r <= r1; r++) {
          // the ring's top and bottom rows in full, the rows between only at its two sides
          const step = r === qr - k || r === qr + k ? 1 : 2 * k;
          for (let c = qc - k; c <= qc + k; c += step) {
            if (c < 0 || c >= cols) continue;
            const cell = r * cols + c;
            for (let m = start[cell]; m < start[cell + 1]; m++) {
              const j = items[m];
              const sLat = Math.sin((lat[j] - y) * RAD * 0.5);
              const sLon = Math.sin((lon[j] - x) * RAD * 0.5);
              const h = sLat * sLat + cosY * cosLat[j] * sLon * sLon;
              const d = 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
              if (d < nearestD || (d === nearestD && j < out.nearestJ)) {
                nearestD = d;
                out.nearestJ = j;
              }
              if (d <= radius[j]) {
                if (d < coverD || (d === coverD && j < out.coverJ)) {
                  coverD = d;
                  out.coverJ = j;
                }
              } else if (d - radius[j] < best) best = d - radius[j];
            }
          }
        }
      }
      out.coverD = out.coverJ >= 0 ? coverD : NaN;
      out.nearestD = out.nearestJ >= 0 ? nearestD : NaN;
      out.shortfall = out.coverJ >= 0 ? NaN : best;
      return out;
    },
  };
}
