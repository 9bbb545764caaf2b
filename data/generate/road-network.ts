/**
 * A road network being drawn in the local km frame. Roads share vertex objects where they meet,
 * so junctions come out as identical coordinates. A new road either
 *  - `split`s: every road it crosses gets a junction there (main roads and town streets),
 *  - `truncate`s: it stops where it first meets the network and joins it there (minor roads),
 *  - or `overpass`es: it crosses everything without meeting it (expressways).
 * Segments and vertices sit in grid hashes, so each road costs about its own length.
 */
import type { RoadClass, Surface } from '../../server/routing/road-classes.ts';
import type { XY } from './frame.ts';

export interface Vertex {
  x: number;
  y: number;
  /** Metres, filled in when the network is done. */
  z: number;
  /** In the vertex hash already (a junction is registered by the first road through it). */
  indexed?: boolean;
}

export interface DraftRoad {
  roadClass: RoadClass;
  name: string | null;
  surface: Surface | null;
  oneway: boolean;
  speedKmh: number | null;
  pts: Vertex[];
}

interface Seg {
  road: DraftRoad;
  a: Vertex;
  b: Vertex;
  dead: boolean;
}

export type JoinMode = 'split' | 'truncate' | 'overpass';

/** Junctions closer than this (km) to a vertex reuse it instead of making a 1-m stub. */
const SNAP_KM = 0.005;

function cellKey(cx: number, cy: number): number {
  return (cx + 50000) * 100000 + (cy + 50000);
}

/** Where segments ab and cd meet: t along ab, u along cd; null when apart or parallel. */
export function segmentHit(a: XY | Vertex, b: XY | Vertex, c: XY | Vertex, d: XY | Vertex): { t: number; u: number } | null {
  const [ax, ay] = 'x' in a ? [a.x, a.y] : a;
  const [bx, by] = 'x' in b ? [b.x, b.y] : b;
  const [cx, cy] = 'x' in c ? [c.x, c.y] : c;
  const [dx, dy] = 'x' in d ? [d.x, d.y] : d;
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const t = ((cx - ax) * sy - (cy - ay) * sx) / den;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? { t, u } : null;
}

export class RoadNetwork {
  readonly roads: DraftRoad[] = [];
  private readonly segCells = new Map<number, Seg[]>();
  private readonly vertexCells = new Map<number, Vertex[]>();

  constructor(private readonly cellKm = 0.5) {}

  vertex(p: XY): Vertex {
    return { x: p[0], y: p[1], z: 0 };
  }

  private cellsOf(a: Vertex, b: Vertex, visit: (key: number) => void): void {
    const c0 = Math.floor(Math.min(a.x, b.x) / this.cellKm);
    const c1 = Math.floor(Math.max(a.x, b.x) / this.cellKm);
    const r0 = Math.floor(Math.min(a.y, b.y) / this.cellKm);
    const r1 = Math.floor(Math.max(a.y, b.y) / this.cellKm);
    for (let c = c0; c <= c1; c++) for (let r = r0; r <= r1; r++) visit(cellKey(c, r));
  }

  private addSeg(road: DraftRoad, a: Vertex, b: Vertex): void {
    const seg: Seg = { road, a, b, dead: false };
    this.cellsOf(a, b, (k) => {
      const list = this.segCells.get(k);
      if (list) list.push(seg);
      else this.segCells.set(k, [seg]);
    });
  }

  private addVertex(v: Vertex): void {
    if (v.indexed) return;
    v.indexed = true;
    const k = cellKey(Math.floor(v.x / this.cellKm), Math.floor(v.y / this.cellKm));
    const list = this.vertexCells.get(k);
    if (list) list.push(v);
    else this.vertexCells.set(k, [v]);
  }

  /** Live, joinable segments crossing ab (not those sharing a vertex with it), nearest to a first. */
  private hits(a: Vertex, b: Vertex): { seg: Seg; t: number; u: number }[] {
    const seen = new Set<Seg>();
    const out: { seg: Seg; t: number; u: number }[] = [];
    this.cellsOf(a, b, (k) => {
      for (const seg of this.segCells.get(k) ?? []) {
        if (seg.dead || seen.has(seg)) continue;
        seen.add(seg);
        if (seg.a === a || seg.a === b || seg.b === a || seg.b === b) continue;
        const hit = segmentHit(a, b, seg.a, seg.b);
        if (hit) out.push({ seg, ...hit });
      }
    });
    return out.sort((p, q) => p.t - q.t);
  }

  /** Puts a junction on an existing segment (or reuses its end when the hit is that close to it). */
  private junction(seg: Seg, u: number): Vertex {
    const { a, b, road } = seg;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (u * len < SNAP_KM) return a;
    if ((1 - u) * len < SNAP_KM) return b;
    const j: Vertex = { x: a.x + u * (b.x - a.x), y: a.y + u * (b.y - a.y), z: 0 };
    let i = 0;
    while (i < road.pts.length - 1 && !(road.pts[i] === a && road.pts[i + 1] === b)) i++;
    road.pts.splice(i + 1, 0, j);
    seg.dead = true;
    this.addSeg(road, a, j);
    this.addSeg(road, j, b);
    this.addVertex(j);
    return j;
  }

  /** Adds the road; returns it, or null when truncation left nothing of it. */
  add(road: DraftRoad, mode: JoinMode): DraftRoad | null {
    if (mode !== 'overpass') {
      const input = road.pts;
      const pts: Vertex[] = [input[0]];
      for (let i = 0; i + 1 < input.length; i++) {
        const a = pts[pts.length - 1];
        const b = input[i + 1];
        const hits = this.hits(a, b);
        if (mode === 'truncate' && hits.length) {
          const j = this.junction(hits[0].seg, hits[0].u);
          if (j !== a) pts.push(j);
          break;
        }
        for (const h of hits) {
          const j = this.junction(h.seg, h.u);
          if (j !== pts[pts.length - 1] && j !== b) pts.push(j);
        }
        pts.push(b);
      }
      road.pts = pts;
    }
    if (road.pts.length < 2) return null;
    this.roads.push(road);
    for (let i = 0; i + 1 < road.pts.length; i++) {
      if (mode !== 'overpass') this.addSeg(road, road.pts[i], road.pts[i + 1]);
    }
    if (mode !== 'overpass') for (const v of road.pts) this.addVertex(v);
    return road;
  }

  /** Up to k joinable vertices within maxKm of p, nearest first, that pass `accept`. */
  nearestVertices(p: XY, k: number, maxKm: number, accept: (v: Vertex) => boolean = () => true): Vertex[] {
    const cx = Math.floor(p[0] / this.cellKm);
    const cy = Math.floor(p[1] / this.cellKm);
    const found: { v: Vertex; d: number }[] = [];
    const visit = (c: number, r: number) => {
      for (const v of this.vertexCells.get(cellKey(c, r)) ?? []) {
        const d = Math.hypot(v.x - p[0], v.y - p[1]);
        if (d <= maxKm && accept(v)) found.push({ v, d });
      }
    };
    for (let ring = 0; ring * this.cellKm <= maxKm + this.cellKm; ring++) {
      if (ring === 0) visit(cx, cy);
      // The ring's border cells only: each cell is visited once over all rings.
      for (let i = -ring; i <= ring && ring > 0; i++) {
        visit(cx + i, cy - ring);
        visit(cx + i, cy + ring);
        if (i > -ring && i < ring) {
          visit(cx - ring, cy + i);
          visit(cx + ring, cy + i);
        }
      }
      // Everything within ring × cell of p has been seen once this ring is done.
      if (found.length >= k) {
        found.sort((a, b) => a.d - b.d);
        if (found[k - 1].d <= ring * this.cellKm) break;
      }
    }
    found.sort((a, b) => a.d - b.d);
    return found.slice(0, k).map((f) => f.v);
  }
}
