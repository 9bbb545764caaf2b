/**
 * Plausible ground elevations (metres) from the terrain: valley floors of 60–150 m along the main
 * river (rising upstream), relief that grows with hilliness and with distance from the rivers up
 * to about 1,700 m on the steepest ground (Xinyi's Yunkai peaks are about that high), and gentle
 * ridges a few km apart. Precomputed on a grid and interpolated, so millions of road vertices
 * cost one lookup each.
 */
import type { XY } from './frame.ts';
import type { Rng } from './Rng.ts';
import { distanceToSegment, valleyHilliness, type Terrain } from './terrain.ts';

export interface Ground {
  /** Metres above sea level. */
  elevation(p: XY): number;
  /** The terrain's hilliness (0–1), from the same grid: far cheaper than the terrain's own. */
  hilliness(p: XY): number;
}

/** Beyond these distances (km) a river no longer shapes the ground: the valley terms have faded out. */
const MAIN_REACH_KM = 21;
const TRIBUTARY_REACH_KM = 4;

interface Grid {
  w: number;
  s: number;
  cell: number;
  cols: number;
  rows: number;
}

/** Distance (km, capped at `reach`) from every grid point to the nearest of the lines, by visiting only points near each segment. */
function distanceField(grid: Grid, lines: readonly (readonly XY[])[], reach: number): Float32Array {
  const { w, s, cell, cols, rows } = grid;
  const out = new Float32Array(cols * rows).fill(reach);
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++) {
      const a = line[i];
      const b = line[i + 1];
      const c0 = Math.max(0, Math.floor((Math.min(a[0], b[0]) - reach - w) / cell));
      const c1 = Math.min(cols - 1, Math.ceil((Math.max(a[0], b[0]) + reach - w) / cell));
      const r0 = Math.max(0, Math.floor((Math.min(a[1], b[1]) - reach - s) / cell));
      const r1 = Math.min(rows - 1, Math.ceil((Math.max(a[1], b[1]) + reach - s) / cell));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const d = distanceToSegment([w + c * cell, s + r * cell], a, b);
          if (d < out[r * cols + c]) out[r * cols + c] = d;
        }
      }
    }
  }
  return out;
}

export function makeGround(terrain: Terrain, tributaries: readonly XY[][], box: [number, number, number, number], cellKm: number, rng: Rng): Ground {
  const ridges = Array.from({ length: 3 }, () => {
    const dir = rng.float(0, Math.PI);
    return { kx: Math.cos(dir), ky: Math.sin(dir), freq: (2 * Math.PI) / rng.float(2, 5), phase: rng.float(0, 2 * Math.PI) };
  });
  const [w, s, e, n] = box;
  const grid: Grid = { w, s, cell: cellKm, cols: Math.ceil((e - w) / cellKm) + 2, rows: Math.ceil((n - s) / cellKm) + 2 };
  const main = distanceField(grid, [terrain.river], MAIN_REACH_KM);
  const trib = distanceField(grid, tributaries, TRIBUTARY_REACH_KM);
  // The river array runs upstream first: the floor rises from 60 m at the mouth to 150 m at the source.
  const source = terrain.river[0];
  const mouth = terrain.river[terrain.river.length - 1];
  const ux = source[0] - mouth[0];
  const uy = source[1] - mouth[1];
  const span2 = ux * ux + uy * uy || 1;
  const { cols, rows } = grid;
  const height = new Float32Array(cols * rows);
  const hills = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const p: XY = [w + c * cellKm, s + r * cellKm];
      const i = r * cols + c;
      const upstream = Math.min(1, Math.max(0, ((p[0] - mouth[0]) * ux + (p[1] - mouth[1]) * uy) / span2));
      const h = valleyHilliness(terrain.regional(p), main[i]);
      hills[i] = h;
      const valley = (1 - Math.exp(-((main[i] / 3) ** 2))) * (1 - 0.5 * Math.exp(-((trib[i] / 1.2) ** 2)));
      const ridge = ridges.reduce((sum, q) => sum + Math.sin(q.freq * (q.kx * p[0] + q.ky * p[1]) + q.phase), 0) / ridges.length;
      height[i] = 60 + 90 * upstream + valley * (1550 * h ** 1.5 + 60 * h * ridge);
    }
  }
  const interpolate = (values: Float32Array, p: XY): number => {
    const fx = Math.min(cols - 1.001, Math.max(0, (p[0] - w) / cellKm));
    const fy = Math.min(rows - 1.001, Math.max(0, (p[1] - s) / cellKm));
    const c = Math.floor(fx);
    const r = Math.floor(fy);
    const tx = fx - c;
    const ty = fy - r;
    const i = r * cols + c;
    return (values[i] * (1 - tx) + values[i + 1] * tx) * (1 - ty) + (values[i + cols] * (1 - tx) + values[i + cols + 1] * tx) * ty;
  };
  return { elevation: (p) => interpolate(height, p), hilliness: (p) => interpolate(hills, p) };
}
