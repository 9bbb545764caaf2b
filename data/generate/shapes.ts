/**
 * Zone shapes in the local frame (km): noisy blobs and river corridors. A blob is star-shaped
 * around its centre, so it is always a simple ring; corridors are checked by the caller.
 */
import type { XY } from './frame.ts';
import { orientRing } from './geometry.ts';
import type { Rng } from './Rng.ts';

export interface BlobSpec {
  centre: XY;
  /** Radii along and across `rotation` (radians, from east), km. */
  rx: number;
  ry: number;
  rotation: number;
  vertices?: number;
}

export function blob(spec: BlobSpec, rng: Rng): XY[] {
  const n = spec.vertices ?? 28;
  // Amplitudes sum to at most 0.36, so the radius stays positive.
  const waves = [2, 3, 4, 5].map((k) => ({ k, amp: rng.float(0.02, 0.09), phase: rng.float(0, 2 * Math.PI) }));
  const cos = Math.cos(spec.rotation);
  const sin = Math.sin(spec.rotation);
  const ring: XY[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const r = 1 + waves.reduce((s, w) => s + w.amp * Math.sin(w.k * t + w.phase), 0);
    const x = r * spec.rx * Math.cos(t);
    const y = r * spec.ry * Math.sin(t);
    ring.push([spec.centre[0] + x * cos - y * sin, spec.centre[1] + x * sin + y * cos]);
  }
  ring.push(ring[0]);
  return orientRing(ring, true);
}

/** Cumulative length along a polyline, km. */
export function chainage(line: readonly XY[]): number[] {
  const out = [0];
  for (let i = 1; i < line.length; i++) out.push(out[i - 1] + Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]));
  return out;
}

function along(line: readonly XY[], ch: readonly number[], s: number): XY {
  let i = 1;
  while (i < line.length - 1 && ch[i] < s) i++;
  const t = (s - ch[i - 1]) / (ch[i] - ch[i - 1] || 1);
  return [line[i - 1][0] + t * (line[i][0] - line[i - 1][0]), line[i - 1][1] + t * (line[i][1] - line[i - 1][1])];
}

/** A band along the line from s0 to s1 (km of chainage), widest mid-way and tapering at both ends. */
export function corridor(line: readonly XY[], ch: readonly number[], s0: number, s1: number, halfWidth: number): XY[] {
  const steps = Math.max(6, Math.ceil((s1 - s0) / 0.4));
  const centre: XY[] = [];
  for (let i = 0; i <= steps; i++) centre.push(along(line, ch, s0 + ((s1 - s0) * i) / steps));
  const left: XY[] = [];
  const right: XY[] = [];
  centre.forEach((p, i) => {
    const a = centre[Math.max(0, i - 1)];
    const b = centre[Math.min(centre.length - 1, i + 1)];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const nx = -(b[1] - a[1]) / len;
    const ny = (b[0] - a[0]) / len;
    const w = halfWidth * (0.35 + 0.65 * Math.sin((Math.PI * i) / steps) ** 0.6);
    left.push([p[0] + nx * w, p[1] + ny * w]);
    right.push([p[0] - nx * w, p[1] - ny * w]);
  });
  const ring = [...left, ...right.reverse()];
  ring.push(ring[0]);
  return orientRing(ring, true);
}
