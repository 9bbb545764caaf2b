/**
 * A synthetic county outline: an irregular star-shaped ring inside a box, scaled to a target
 * area. Star-shaped around its centre means it can never self-intersect.
 */
import { area, polygon } from '@turf/turf';
import type { Frame, XY } from './frame.ts';
import { orientRing } from './geometry.ts';
import type { Rng } from './Rng.ts';

export interface OutlineSpec {
  /** Centre of the box in the local frame, km. */
  centre: XY;
  /** Half the box's width and height, km: the outline stays inside the box. */
  halfWidth: number;
  halfHeight: number;
  targetAreaKm2: number;
  /** Points that must stay inside, with `margin` (fraction of the box radius) to spare. */
  mustContain?: readonly XY[];
  margin?: number;
  vertices?: number;
}

/** Half-width (radians) and flatness of the bump that keeps a point inside. */
const BUMP_WIDTH = 0.6;
const BUMP_FLATNESS = 0.5;

/** A squarish superellipse fills a box better than an ellipse does, as real counties do. */
const SQUARENESS = 3;

/** Box radius of p: 1 on the superellipse inscribed in the box, 0 at its centre. */
function boxRadius(spec: OutlineSpec, p: XY): { theta: number; r: number } {
  const X = (p[0] - spec.centre[0]) / spec.halfWidth;
  const Y = (p[1] - spec.centre[1]) / spec.halfHeight;
  return { theta: Math.atan2(Y, X), r: (Math.abs(X) ** SQUARENESS + Math.abs(Y) ** SQUARENESS) ** (1 / SQUARENESS) };
}

function pointAt(spec: OutlineSpec, theta: number, r: number): XY {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const unit = (Math.abs(c) ** SQUARENESS + Math.abs(s) ** SQUARENESS) ** (1 / SQUARENESS);
  return [spec.centre[0] + (r * c * spec.halfWidth) / unit, spec.centre[1] + (r * s * spec.halfHeight) / unit];
}

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** Returns the outline as a closed counter-clockwise ring in the local frame (km). */
export function makeOutline(spec: OutlineSpec, frame: Frame, rng: Rng): XY[] {
  const n = spec.vertices ?? 360;
  const margin = spec.margin ?? 0.08;
  // Low harmonics give lobes and bays; high ones, applied last, give a ragged, natural edge.
  const wave = (k: number, amp: number) => ({ k, amp, phase: rng.float(0, 2 * Math.PI) });
  const lobes = [2, 3, 4, 5, 6, 7].map((k) => wave(k, rng.float(0.05, 0.16) / k ** 0.6));
  const ragged = Array.from({ length: 8 }, () => wave(rng.int(9, 41), rng.float(0.003, 0.008)));
  const sumWaves = (ws: { k: number; amp: number; phase: number }[], t: number) => ws.reduce((sum, w) => sum + w.amp * Math.sin(w.k * t + w.phase), 0);
  const thetas = Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n);
  const noise = thetas.map((t) => Math.max(0.45, 1 + sumWaves(lobes, t)));
  const edge = thetas.map((t) => 1 + sumWaves(ragged, t));
  const anchors = (spec.mustContain ?? []).map((p) => boxRadius(spec, p));
  // Around each anchor the edge is pushed out to at least the anchor's radius plus the margin.
  // Wide, flat-topped bumps merge into one envelope instead of leaving a lobe per anchor.
  const floor = thetas.map((t) =>
    anchors.reduce((m, a) => {
      const g = angleGap(t, a.theta) / BUMP_WIDTH;
      return g >= 1 ? m : Math.max(m, Math.min(1, a.r + margin) * Math.cos((Math.PI / 2) * g) ** BUMP_FLATNESS);
    }, 0),
  );
  const ringFor = (scale: number): XY[] => {
    // The ragged edge takes at most 0.064 of the radius off, less than the anchors' margin covers.
    const ring = thetas.map((t, i) => pointAt(spec, t, Math.min(1, Math.max(scale * noise[i], floor[i]) * edge[i])));
    ring.push(ring[0]);
    return ring;
  };
  const areaOf = (ring: XY[]): number => area(polygon([ring.map((p) => frame.toLonLat(p))])) / 1e6;
  // Area grows with the scale, so bisection finds the one that meets the target.
  let lo = 0.1;
  let hi = 2.5;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (areaOf(ringFor(mid)) < spec.targetAreaKm2) lo = mid;
    else hi = mid;
  }
  const ring = ringFor((lo + hi) / 2);
  const achieved = areaOf(ring);
  if (Math.abs(achieved - spec.targetAreaKm2) / spec.targetAreaKm2 > 1e-4) {
    throw new Error(`outline cannot reach ${spec.targetAreaKm2} km² (got ${achieved.toFixed(0)}): the points to contain need more room`);
  }
  return orientRing(ring, true);
}

/** Box radius of p relative to the outline's edge in the same direction: < 1 means inside. */
export function depthInOutline(spec: OutlineSpec, outline: readonly XY[], p: XY): number {
  const { theta, r } = boxRadius(spec, p);
  const n = outline.length - 1;
  // Vertices are evenly spaced in angle starting at 0, counter-clockwise.
  const idx = Math.round((((theta % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) / ((2 * Math.PI) / n)) % n;
  return r / boxRadius(spec, outline[idx]).r;
}
