/**
 * Rivers for the road network: the terrain's main river plus a few tributaries that wind up into
 * the hills, and an index that finds where a road segment crosses any of them.
 */
import type { XY } from './frame.ts';
import { pointInRing } from './geometry.ts';
import type { Rng } from './Rng.ts';
import { segmentHit } from './road-network.ts';
import { smooth, type Terrain } from './terrain.ts';

export interface River {
  line: XY[];
  /** Main rivers are crossed by bridges (a rare ford on a track); tributaries often by fords. */
  main: boolean;
}

/** Tributaries leave the main river at random points and climb towards higher ground. */
export function makeTributaries(terrain: Terrain, outline: readonly XY[], count: number, rng: Rng): XY[][] {
  const river = terrain.river;
  const out: XY[][] = [];
  for (let attempt = 0; out.length < count && attempt < count * 20; attempt++) {
    const i = rng.int(Math.floor(river.length * 0.15), Math.floor(river.length * 0.85));
    const [x0, y0] = river[i];
    const [x1, y1] = river[Math.min(river.length - 1, i + 1)];
    const side = rng.chance(0.5) ? 1 : -1;
    let dir = Math.atan2(y1 - y0, x1 - x0) + side * rng.float(Math.PI / 3, (2 * Math.PI) / 3);
    const control: XY[] = [[x0, y0]];
    let p: XY = [x0, y0];
    const legs = rng.int(4, 8);
    for (let k = 0; k < legs; k++) {
      // Each leg turns a little, preferring the hillier of two headings.
      const a = dir + rng.float(-0.5, 0.5);
      const b = dir + rng.float(-0.5, 0.5);
      const len = rng.float(1.8, 3);
      const pa: XY = [p[0] + len * Math.cos(a), p[1] + len * Math.sin(a)];
      const pb: XY = [p[0] + len * Math.cos(b), p[1] + len * Math.sin(b)];
      const pick = terrain.hilliness(pa) >= terrain.hilliness(pb) ? [pa, a] as const : [pb, b] as const;
      p = pick[0];
      dir = pick[1];
      if (!pointInRing(p, outline)) break;
      control.push(p);
    }
    if (control.length >= 3) out.push(smooth(control, 0.4));
  }
  return out;
}

export interface Crossing {
  /** Position along the segment, 0–1. */
  t: number;
  main: boolean;
}

export class RiverIndex {
  private readonly cells = new Map<number, { a: XY; b: XY; main: boolean }[]>();

  constructor(rivers: readonly River[], private readonly cellKm = 1) {
    for (const r of rivers) {
      for (let i = 0; i + 1 < r.line.length; i++) {
        const seg = { a: r.line[i], b: r.line[i + 1], main: r.main };
        this.visit(seg.a, seg.b, (k) => {
          const list = this.cells.get(k);
          if (list) list.push(seg);
          else this.cells.set(k, [seg]);
        });
      }
    }
  }

  private visit(a: XY, b: XY, fn: (key: number) => void): void {
    const c0 = Math.floor(Math.min(a[0], b[0]) / this.cellKm);
    const c1 = Math.floor(Math.max(a[0], b[0]) / this.cellKm);
    const r0 = Math.floor(Math.min(a[1], b[1]) / this.cellKm);
    const r1 = Math.floor(Math.max(a[1], b[1]) / this.cellKm);
    for (let c = c0; c <= c1; c++) for (let r = r0; r <= r1; r++) fn((c + 50000) * 100000 + (r + 50000));
  }

  /** Where segment ab crosses a river, ordered along ab. */
  crossings(a: XY, b: XY): Crossing[] {
    const out: Crossing[] = [];
    const seen = new Set<object>();
    this.visit(a, b, (k) => {
      for (const seg of this.cells.get(k) ?? []) {
        if (seen.has(seg)) continue;
        seen.add(seg);
        const hit = segmentHit(a, b, seg.a, seg.b);
        if (hit) out.push({ t: hit.t, main: seg.main });
      }
    });
    return out.sort((p, q) => p.t - q.t);
  }

  crosses(a: XY, b: XY): boolean {
    return this.crossings(a, b).length > 0;
  }
}
