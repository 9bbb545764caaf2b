/**
 * Planar geometry predicates on rings ([x, y][] closed, first = last). They work on either
 * lon/lat or local km coordinates; the generator uses them to keep every shape valid and inside.
 */
type P = readonly [number, number];
export type Ring = readonly P[];

/** Ray casting; points exactly on an edge may fall either way, so callers keep a margin. */
export function pointInRing(p: P, ring: Ring): boolean {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring of some polygon and inside none of its holes. */
export function pointInMultiPolygon(p: P, polygons: readonly (readonly Ring[])[]): boolean {
  for (const rings of polygons) {
    if (!pointInRing(p, rings[0])) continue;
    let inHole = false;
    for (let h = 1; h < rings.length; h++) if (pointInRing(p, rings[h])) inHole = true;
    if (!inHole) return true;
  }
  return false;
}

function orient(a: P, b: P, c: P): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** True when segments ab and cd meet anywhere, touching included (conservative on purpose). */
export function segmentsMeet(a: P, b: P, c: P, d: P): boolean {
  if (Math.max(a[0], b[0]) < Math.min(c[0], d[0]) || Math.max(c[0], d[0]) < Math.min(a[0], b[0])) return false;
  if (Math.max(a[1], b[1]) < Math.min(c[1], d[1]) || Math.max(c[1], d[1]) < Math.min(a[1], b[1])) return false;
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return o1 === 0 || o2 === 0 || o3 === 0 || o4 === 0 ? collinearTouch(a, b, c, d) : false;
}

function onSegment(a: P, b: P, p: P): boolean {
  return (
    orient(a, b, p) === 0 &&
    Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
  );
}

function collinearTouch(a: P, b: P, c: P, d: P): boolean {
  return onSegment(a, b, c) || onSegment(a, b, d) || onSegment(c, d, a) || onSegment(c, d, b);
}

export function ringBBox(ring: Ring): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of ring) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

function bboxesOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Any edge of a meets any edge of b. */
export function ringsCross(a: Ring, b: Ring): boolean {
  if (!bboxesOverlap(ringBBox(a), ringBBox(b))) return false;
  for (let i = 0; i < a.length - 1; i++) {
    const segBox = [Math.min(a[i][0], a[i + 1][0]), Math.min(a[i][1], a[i + 1][1]), Math.max(a[i][0], a[i + 1][0]), Math.max(a[i][1], a[i + 1][1])];
    for (let j = 0; j < b.length - 1; j++) {
      if (segBox[2] < Math.min(b[j][0], b[j + 1][0]) || segBox[0] > Math.max(b[j][0], b[j + 1][0])) continue;
      if (segmentsMeet(a[i], a[i + 1], b[j], b[j + 1])) return true;
    }
  }
  return false;
}

/** inner lies strictly inside outer: every vertex inside and no edges meeting. */
export function ringInside(inner: Ring, outer: Ring): boolean {
  for (const p of inner) if (!pointInRing(p, outer)) return false;
  return !ringsCross(inner, outer);
}

/** Neither ring reaches into the other: safe as two parts of one MultiPolygon. */
export function ringsDisjoint(a: Ring, b: Ring): boolean {
  if (!bboxesOverlap(ringBBox(a), ringBBox(b))) return true;
  return !ringsCross(a, b) && !pointInRing(a[0], b) && !pointInRing(b[0], a);
}

/** Non-adjacent edges of the ring meet: the ring is not simple. */
export function selfIntersects(ring: Ring): boolean {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsMeet(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
    }
  }
  return false;
}

/** Shoelace area, positive for counter-clockwise rings. */
export function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0; i < ring.length - 1; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

/** RFC 7946 winding: exterior rings counter-clockwise, holes clockwise. */
export function orientRing<T extends P>(ring: T[], exterior: boolean): T[] {
  const ccw = signedArea(ring) > 0;
  return ccw === exterior ? ring : [...ring].reverse();
}
