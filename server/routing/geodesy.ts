/**
 * Ellipsoidal (WGS84) distances for short spans with cheap-ruler, whose scale factors are taken at
 * the span's own latitude (to 0.01°, which keeps the error far below 0.01 % across a province).
 */
import CheapRuler from 'cheap-ruler';

const rulers = new Map<number, CheapRuler>();

/** Metres per degree of longitude (kx) and latitude (ky) at `lat`. */
export function rulerAt(lat: number): CheapRuler {
  const key = Math.round(lat * 100);
  let ruler = rulers.get(key);
  if (!ruler) {
    ruler = new CheapRuler(key / 100, 'meters');
    rulers.set(key, ruler);
  }
  return ruler;
}

export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = rulerAt((lat1 + lat2) / 2);
  const dx = (lon2 - lon1) * r.kx;
  const dy = (lat2 - lat1) * r.ky;
  return Math.sqrt(dx * dx + dy * dy);
}

/**
 * Nearest point of segment a→b to p, in local metres around p: writes [t (0–1 along the segment),
 * distance m] into `out`.
 */
export function projectOnSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number, out: Float64Array): void {
  const r = rulerAt(py);
  const x1 = (ax - px) * r.kx;
  const y1 = (ay - py) * r.ky;
  const dx = (bx - ax) * r.kx;
  const dy = (by - ay) * r.ky;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : -(x1 * dx + y1 * dy) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const x = x1 + t * dx;
  const y = y1 + t * dy;
  out[0] = t;
  out[1] = Math.sqrt(x * x + y * y);
}
