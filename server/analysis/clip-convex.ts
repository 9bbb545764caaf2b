/**
 * Intersection of any polygon (holes and several parts allowed) with a convex polygon, such
 * as a Voronoi cell. Much faster than a general polygon clipper: each ring is cut into the
 * runs that lie inside the convex window (Cyrus–Beck), and the runs are joined by walking the
 * window's edge anticlockwise (Weiler–Atherton for a convex window). Returns null for an
 * empty intersection, and `undefined` if the input is degenerate in a way this method does
 * not resolve (the caller then uses a general clipper).
 *
 * @example
 * clipToConvex(cityOutline, cell.coordinates[0]); // Polygon | MultiPolygon | null | undefined
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

type Areal = Polygon | MultiPolygon;

interface Run {
  points: Position[];
  /** Position along the window's perimeter: edge index + fraction along that edge. */
  entry: number;
  exit: number;
  used: boolean;
}

export function clipToConvex(area: Areal | PreparedArea, window: Position[]): Areal | null | undefined {
  try {
    return clip('prepared' in area ? area : prepareArea(area), window);
  } catch (e) {
    if (e instanceof Degenerate) return undefined;
    throw e;
  }
}

/** An area made ready for many clips: rings opened, oriented (outer anticlockwise), boxed. */
export interface PreparedArea {
  prepared: true;
  polys: Position[][][];
  rings: { ring: Position[]; outer: boolean; box: [number, number, number, number] }[];
}

/** Prepares an area once when it will be clipped by many windows (e.g. all Voronoi cells). */
export function prepareArea(area: Areal): PreparedArea {
  const polys = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const rings: PreparedArea['rings'] = [];
  for (const poly of polys) {
    poly.forEach((ringIn, ri) => {
      const ring = openRing(ringIn);
      if (ring.length < 3) return;
      // outer rings anticlockwise, holes clockwise: then the window walk is always anticlockwise
      if ((ri === 0) !== signedArea(ring) > 0) ring.reverse();
      rings.push({ ring, outer: ri === 0, box: box(ring) });
    });
  }
  return { prepared: true, polys, rings };
}

/** Thrown inside, caught above: the input needs a general clipper. */
class Degenerate extends Error {}

function clip(area: PreparedArea, window: Position[]): Areal | null {
  const win = openRing(window);
  if (signedArea(win) < 0) win.reverse();
  if (win.length < 3) return null;
  const wBox = box(win);
  const [wMinX, wMinY, wMaxX, wMaxY] = wBox;

  const runs: Run[] = [];
  const insideOuters: Position[][] = [];
  const insideHoles: Position[][] = [];
  for (const { ring, outer, box: [minX, minY, maxX, maxY] } of area.rings) {
    if (maxX < wMinX || minX > wMaxX || maxY < wMinY || minY > wMaxY) continue; // far away
    const result = cutRing(ring, win, wBox);
    if (result === undefined) throw new Degenerate();
    if (result === 'inside') (outer ? insideOuters : insideHoles).push(closeRing(ring));
    else for (const run of result) runs.push(run);
  }

  const outers: Position[][] = [...insideOuters];
  if (runs.length === 0) {
    // no ring crosses the window: it lies wholly inside the area or wholly outside it
    if (insidePolys(centroid(win), area.polys)) outers.push(closeRing(win));
  } else {
    const rings = joinRuns(runs, win);
    if (rings === undefined) throw new Degenerate();
    outers.push(...rings);
  }
  if (outers.length === 0) return null;

  const result: Position[][][] = outers.map((o) => [o]);
  for (const hole of insideHoles) {
    const owner = result.find((p) => insideRing(hole[0], p[0]));
    if (owner) owner.push(hole);
  }
  return result.length === 1 ? { type: 'Polygon', coordinates: result[0] } : { type: 'MultiPolygon', coordinates: result };
}

/**
 * The runs of a ring inside the window, or 'inside' when the whole ring is, or undefined when
 * rounding makes the cut inconsistent.
 */
function cutRing(ring: Position[], win: Position[], wBox: [number, number, number, number]): Run[] | 'inside' | undefined {
  const n = ring.length;
  const k = win.length;
  const [wMinX, wMinY, wMaxX, wMaxY] = wBox;
  // start the walk at a vertex strictly outside, so no run wraps past the start
  let first = -1;
  for (let i = 0; i < n; i++) {
    const [x, y] = ring[i];
    if (x < wMinX || x > wMaxX || y < wMinY || y > wMaxY || !insideConvex(ring[i], win, false)) {
      first = i;
      break;
    }
  }
  if (first < 0) return 'inside';

  const runs: Run[] = [];
  let open: Run | null = null;
  for (let s = 0; s < n; s++) {
    const a = ring[(first + s) % n];
    const b = ring[(first + s + 1) % n];
    // most segments of a long outline are nowhere near the window: a box test rejects them
    if ((a[0] < wMinX && b[0] < wMinX) || (a[0] > wMaxX && b[0] > wMaxX) || (a[1] < wMinY && b[1] < wMinY) || (a[1] > wMaxY && b[1] > wMaxY)) {
      if (open) return undefined; // a run must end on the window's edge first
      continue;
    }
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    let t0 = 0;
    let t1 = 1;
    let inEdge = -1;
    let outEdge = -1;
    let rejected = false;
    for (let i = 0; i < k; i++) {
      const c = win[i];
      const d = win[(i + 1) % k];
      const ex = d[0] - c[0];
      const ey = d[1] - c[1];
      const num = ex * (a[1] - c[1]) - ey * (a[0] - c[0]);
      const den = ex * dy - ey * dx;
      if (den === 0) {
        if (num < 0) {
          rejected = true;
          break;
        }
        continue;
      }
      const t = -num / den;
      if (den > 0) {
        if (t >= t0) {
          t0 = t;
          inEdge = i;
        }
      } else if (t <= t1) {
        t1 = t;
        outEdge = i;
      }
      if (t0 > t1) {
        rejected = true;
        break;
      }
    }
    if (rejected) {
      if (open) return undefined; // a run must end on the window's edge before a rejected segment
      continue;
    }
    if (!open && t1 <= t0) continue; // touches the window at one point only
    const pa: Position = t0 > 0 ? [a[0] + t0 * dx, a[1] + t0 * dy] : a;
    const pb: Position = t1 < 1 ? [a[0] + t1 * dx, a[1] + t1 * dy] : b;
    if (!open) {
      if (inEdge < 0) return undefined; // entering, yet no window edge was crossed
      open = { points: [pa], entry: perimeterPos(pa, inEdge, win), exit: 0, used: false };
    }
    if (t1 < 1) {
      if (outEdge < 0) return undefined;
      if (open.points[open.points.length - 1] !== pb) open.points.push(pb);
      open.exit = perimeterPos(pb, outEdge, win);
      runs.push(open);
      open = null;
    } else {
      open.points.push(b);
    }
  }
  if (open) {
    // the last segment ends at the (outside) start vertex only if rounding misled the cut
    return undefined;
  }
  return runs;
}

/** Joins runs into closed rings, walking the window anticlockwise from each exit to the next entry. */
function joinRuns(runs: Run[], win: Position[]): Position[][] | undefined {
  const k = win.length;
  const rings: Position[][] = [];
  for (const startRun of runs) {
    if (startRun.used) continue;
    const ring: Position[] = [];
    let run = startRun;
    for (let guard = 0; ; guard++) {
      if (guard > runs.length) return undefined;
      run.used = true;
      ring.push(...run.points);
      // the next entry anticlockwise from this exit (the start run included)
      let next: Run | null = null;
      let bestGap = Infinity;
      for (const cand of runs) {
        if (cand.used && cand !== startRun) continue;
        let gap = cand.entry - run.exit;
        if (gap < 0) gap += k;
        if (gap < bestGap) {
          bestGap = gap;
          next = cand;
        }
      }
      if (!next) return undefined;
      // window corners passed on the way
      const from = run.exit;
      const to = from + bestGap;
      for (let v = Math.floor(from) + 1; v <= to; v++) ring.push(win[v % k]);
      if (next === startRun) break;
      run = next;
    }
    const closed = closeRing(dedupe(ring));
    if (closed.length >= 4) rings.push(closed);
  }
  return rings;
}

function perimeterPos(p: Position, edge: number, win: Position[]): number {
  const c = win[edge];
  const d = win[(edge + 1) % win.length];
  const ex = d[0] - c[0];
  const ey = d[1] - c[1];
  const len2 = ex * ex + ey * ey;
  const f = len2 > 0 ? ((p[0] - c[0]) * ex + (p[1] - c[1]) * ey) / len2 : 0;
  return edge + Math.min(Math.max(f, 0), 1 - 1e-12);
}

function insideConvex(p: Position, win: Position[], onEdgeCounts: boolean): boolean {
  const k = win.length;
  for (let i = 0; i < k; i++) {
    const c = win[i];
    const d = win[(i + 1) % k];
    const cross = (d[0] - c[0]) * (p[1] - c[1]) - (d[1] - c[1]) * (p[0] - c[0]);
    if (cross < 0 || (!onEdgeCounts && cross === 0)) return false;
  }
  return true;
}

function insideRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insidePolys(p: Position, polys: Position[][][]): boolean {
  return polys.some((poly) => insideRing(p, poly[0]) && !poly.slice(1).some((h) => insideRing(p, h)));
}

function centroid(ring: Position[]): Position {
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0];
    y += p[1];
  }
  return [x / ring.length, y / ring.length];
}

function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

function box(ring: Position[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** A copy without the closing vertex (and without repeated vertices). */
function openRing(ring: Position[]): Position[] {
  const out = dedupe(ring);
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

function closeRing(ring: Position[]): Position[] {
  const out = ring.slice();
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0]);
  return out;
}

function dedupe(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  return out;
}
