/**
 * Synthetic terrain: a river valley and a hilliness field in [0, 1] (0 = valley floor,
 * 1 = steep mountain). Risk sites, landslide zones and villages follow it.
 */
import type { XY } from './frame.ts';
import type { Rng } from './Rng.ts';

export interface Terrain {
  /** The main river as a polyline in the local frame (km), sampled about every 0.5 km. */
  river: XY[];
  hilliness(p: XY): number;
  distanceToRiver(p: XY): number;
  /** Hilliness before the valley is cut in: hilliness(p) = valleyHilliness(regional(p), distanceToRiver(p)). */
  regional(p: XY): number;
}

/** The valley floor keeps a third of the regional relief; slopes rise within ~7 km of the river. */
export function valleyHilliness(regional: number, distanceToRiverKm: number): number {
  return regional * (0.3 + 0.7 * (1 - Math.exp(-((distanceToRiverKm / 7) ** 2))));
}

export interface TerrainSpec {
  /** River control points in the local frame, upstream first. */
  riverControl: readonly XY[];
  /** Hilliness added per km east and per km north (the slope of the regional trend). */
  trend: XY;
  /** Regional hilliness at the frame origin, before trend, noise and the valley. */
  base: number;
}

/** Uniform Catmull–Rom spline: a smooth curve through every control point. */
export function smooth(control: readonly XY[], stepKm: number): XY[] {
  const pts = [control[0], ...control, control[control.length - 1]];
  const out: XY[] = [];
  for (let i = 1; i < pts.length - 2; i++) {
    const [p0, p1, p2, p3] = [pts[i - 1], pts[i], pts[i + 1], pts[i + 2]];
    const steps = Math.max(2, Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / stepKm));
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      out.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  out.push(control[control.length - 1]);
  return out;
}

export function distanceToSegment(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

export function makeTerrain(spec: TerrainSpec, rng: Rng): Terrain {
  // Meanders: the control points are nudged sideways before smoothing.
  const control = spec.riverControl.map((p, i, all): XY => {
    if (i === 0 || i === all.length - 1) return p;
    return [p[0] + rng.normal(0, 1.2), p[1] + rng.normal(0, 1.2)];
  });
  const river = smooth(control, 0.5);
  // Plane waves with random directions give rolling ridges 12–40 km apart.
  const waves = Array.from({ length: 4 }, () => {
    const dir = rng.float(0, Math.PI);
    return { kx: Math.cos(dir), ky: Math.sin(dir), freq: (2 * Math.PI) / rng.float(12, 40), phase: rng.float(0, 2 * Math.PI), amp: rng.float(0.02, 0.05) };
  });
  const distanceToRiver = (p: XY): number => {
    let best = Infinity;
    for (let i = 0; i < river.length - 1; i++) {
      const d = distanceToSegment(p, river[i], river[i + 1]);
      if (d < best) best = d;
    }
    return best;
  };
  const regional = (p: XY): number => {
    const noise = waves.reduce((s, w) => s + w.amp * Math.sin(w.freq * (w.kx * p[0] + w.ky * p[1]) + w.phase), 0);
    return Math.min(1, Math.max(0, spec.base + spec.trend[0] * p[0] + spec.trend[1] * p[1] + noise));
  };
  const hilliness = (p: XY): number => valleyHilliness(regional(p), distanceToRiver(p));
  return { river, hilliness, distanceToRiver, regional };
}
