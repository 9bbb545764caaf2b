/**
 * A great-circle nearest-neighbour index over point features: a KDBush tree searched
 * best-first with great-circle lower bounds (the geokdbush method), so results come back
 * nearest first in great-circle metres (see great-circle.ts), correct across the antimeridian
 * and near the poles. Every query keeps its own search state, so queries may nest (a filter
 * may query the same index) and lazy walks may be interleaved.
 *
 * @example
 * const index = nearestIndex(shelters.features);
 * index.nearest(110.95, 22.36);              // { feature, index, distance_m } | null
 * index.around(110.95, 22.36, 5, 2000);      // up to 5 shelters within 2 km, nearest first
 * for (const hit of index.nearestFirst(110.95, 22.36)) if (fits(hit)) break;  // lazily, nearest first
 */
import KDBush from 'kdbush';
import type { Feature, Point } from 'geojson';
import { EARTH_RADIUS_M } from './great-circle.ts';

export interface NearestHit<F> {
  feature: F;
  /** Position of the feature in the array the index was built from. */
  index: number;
  distance_m: number;
}

/** Keeps a candidate hit: sees the feature, its position and its distance in metres. */
export type HitFilter<F> = (feature: F, index: number, distanceM: number) => boolean;

export interface NearestIndex<F> {
  /** Number of indexed points. */
  readonly size: number;
  /** Indexed points, nearest first, up to `maxResults` within `maxDistanceM` that pass `filter`. */
  around(lon: number, lat: number, maxResults?: number, maxDistanceM?: number, filter?: HitFilter<F>): NearestHit<F>[];
  /** The nearest point, or null when none lies within `maxDistanceM`. */
  nearest(lon: number, lat: number, maxDistanceM?: number, filter?: HitFilter<F>): NearestHit<F> | null;
  /**
   * The indexed points within `maxDistanceM`, nearest first, found one at a time as the
   * iteration asks for them (stop whenever you have enough).
   */
  nearestFirst(lon: number, lat: number, maxDistanceM?: number): IterableIterator<NearestHit<F>>;
  /**
   * Allocation-free form for bulk use: writes positions and distances (nearest first) into the
   * given arrays and returns how many it wrote (at most `maxResults`).
   */
  aroundInto(lon: number, lat: number, maxResults: number, maxDistanceM: number, outIndex: Int32Array | number[], outDistanceM: Float64Array | number[], filter?: HitFilter<F>): number;
  /**
   * All points within `radiusM`, nearest first, written into growable arrays; returns the count.
   * A box search plus a sort: faster than {@link aroundInto} when every point in reach is wanted.
   */
  withinInto(lon: number, lat: number, radiusM: number, outIndex: number[], outDistanceM: number[]): number;
  /**
   * The nearest point's position (−1 if the index is empty), its distance written to
   * `out[0]`. Searches boxes of growing size starting at `guessM`: with a good guess (say the
   * last answer's distance) this is several times faster than {@link aroundInto} in bulk.
   */
  nearestGuess(lon: number, lat: number, guessM: number, out: Float64Array | number[]): number;
}

const RAD = Math.PI / 180;
/** Numbers stored per queued tree node: its box and the cosines of the box's edge latitudes. */
const BOX = 6;
const NODE_SIZE = 16; // small leaves: queries here are mostly "nearest one", where tight bounds pay off

/**
 * Builds a great-circle nearest-neighbour index over point features (coordinates [lon, lat]).
 * The features are neither copied nor mutated; hits refer back to them.
 */
export function nearestIndex<F extends Feature<Point, unknown>>(points: readonly F[] | { features: readonly F[] }): NearestIndex<F> {
  return new GreatCircleIndex('features' in points ? points.features : points);
}

class GreatCircleIndex<F extends Feature<Point, unknown>> implements NearestIndex<F> {
  readonly size: number;
  private readonly tree: KDBush;
  /** cos(lat) per tree slot, so each haversine term costs one sin² on each axis. */
  private readonly slotCos: Float64Array;
  /** The data's extent, the root box: the longitude term bounds well from the first split. */
  private readonly extent: { minX: number; minY: number; maxX: number; maxY: number; cosMinY: number; cosMaxY: number };
  /** Per item (input order), for the box searches. */
  private readonly itemLon: Float64Array;
  private readonly itemLat: Float64Array;
  private readonly itemCos: Float64Array;
  /** Finished query states, reused by the next query (a nested query takes another). */
  private readonly idle: BestFirstSearch[] = [];
  private readonly one = new Int32Array(1);
  private readonly oneDistance = new Float64Array(1);

  constructor(private readonly features: readonly F[]) {
    const n = features.length;
    this.size = n;
    const tree = new KDBush(Math.max(n, 1), NODE_SIZE, Float64Array);
    for (const f of features) {
      if (f.geometry?.type !== 'Point') throw new TypeError(`nearestIndex: feature ${String(f.id)} is not a Point`);
      tree.add(f.geometry.coordinates[0], f.geometry.coordinates[1]);
    }
    if (n === 0) tree.add(0, 0); // KDBush needs one item; it is never reported (see the size checks)
    tree.finish();
    this.tree = tree;
    const coords = tree.coords;
    this.slotCos = new Float64Array(tree.numItems);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < tree.numItems; i++) {
      this.slotCos[i] = Math.cos(coords[2 * i + 1] * RAD);
      minX = Math.min(minX, coords[2 * i]);
      minY = Math.min(minY, coords[2 * i + 1]);
      maxX = Math.max(maxX, coords[2 * i]);
      maxY = Math.max(maxY, coords[2 * i + 1]);
    }
    this.extent = { minX, minY, maxX, maxY, cosMinY: Math.cos(minY * RAD), cosMaxY: Math.cos(maxY * RAD) };
    this.itemLon = new Float64Array(n);
    this.itemLat = new Float64Array(n);
    this.itemCos = new Float64Array(n);
    features.forEach((f, i) => {
      this.itemLon[i] = f.geometry.coordinates[0];
      this.itemLat[i] = f.geometry.coordinates[1];
      this.itemCos[i] = Math.cos(this.itemLat[i] * RAD);
    });
  }

  aroundInto(lon: number, lat: number, maxResults: number, maxDistanceM: number, outIndex: Int32Array | number[], outDistanceM: Float64Array | number[], filter?: HitFilter<F>): number {
    if (this.size === 0 || maxResults <= 0) return 0;
    const s = this.idle.pop() ?? new BestFirstSearch();
    this.begin(s, lon, lat, maxDistanceM);
    let count = 0;
    for (let item = this.step(s); item >= 0; item = this.step(s)) {
      if (filter && !filter(this.features[item], item, s.distance)) continue;
      outIndex[count] = item;
      outDistanceM[count] = s.distance;
      if (++count >= maxResults) break;
    }
    this.idle.push(s);
    return count;
  }

  around(lon: number, lat: number, maxResults = Infinity, maxDistanceM = Infinity, filter?: HitFilter<F>): NearestHit<F>[] {
    const idx: number[] = [];
    const dist: number[] = [];
    const count = this.aroundInto(lon, lat, Math.min(maxResults, this.size), maxDistanceM, idx, dist, filter);
    const hits: NearestHit<F>[] = [];
    for (let k = 0; k < count; k++) hits.push({ feature: this.features[idx[k]], index: idx[k], distance_m: dist[k] });
    return hits;
  }

  nearest(lon: number, lat: number, maxDistanceM = Infinity, filter?: HitFilter<F>): NearestHit<F> | null {
    return this.around(lon, lat, 1, maxDistanceM, filter)[0] ?? null;
  }

  *nearestFirst(lon: number, lat: number, maxDistanceM = Infinity): IterableIterator<NearestHit<F>> {
    if (this.size === 0) return;
    const s = new BestFirstSearch(); // lives as long as the walk: never shared
    this.begin(s, lon, lat, maxDistanceM);
    for (let item = this.step(s); item >= 0; item = this.step(s)) yield { feature: this.features[item], index: item, distance_m: s.distance };
  }

  withinInto(lon: number, lat: number, radiusM: number, outIndex: number[], outDistanceM: number[]): number {
    outIndex.length = 0;
    outDistanceM.length = 0;
    if (this.size === 0 || !(radiusM >= 0)) return 0;
    const { itemLon, itemLat, itemCos } = this;
    const ang = radiusM / EARTH_RADIUS_M; // radians of arc
    const dLat = ang / RAD;
    const minLat = lat - dLat;
    const maxLat = lat + dLat;
    const qCos = Math.cos(lat * RAD);
    const maxH = distanceToHav(radiusM);
    const collect = (ids: number[]): void => {
      for (const item of ids) {
        const h = pointHav(lon, lat, qCos, itemLon[item], itemLat[item], itemCos[item]);
        if (h > maxH) continue;
        // insertion into the sorted output: rows are short (the points within reach)
        const d = havToDistance(h);
        let k = outIndex.length;
        outIndex.push(item);
        outDistanceM.push(d);
        while (k > 0 && (outDistanceM[k - 1] > d || (outDistanceM[k - 1] === d && outIndex[k - 1] > item))) {
          outIndex[k] = outIndex[k - 1];
          outDistanceM[k] = outDistanceM[k - 1];
          k--;
        }
        outIndex[k] = item;
        outDistanceM[k] = d;
      }
    };
    const tree = this.tree;
    if (ang >= Math.PI / 2 || maxLat >= 90 || minLat <= -90) {
      collect(tree.range(-180, Math.max(minLat, -90), 180, Math.min(maxLat, 90)));
    } else {
      // widest longitude reach of a spherical cap
      const dLon = Math.asin(Math.min(1, Math.sin(ang) / Math.cos(lat * RAD))) / RAD;
      const west = lon - dLon;
      const east = lon + dLon;
      collect(tree.range(Math.max(west, -180), minLat, Math.min(east, 180), maxLat));
      if (west < -180) collect(tree.range(west + 360, minLat, 180, maxLat));
      if (east > 180) collect(tree.range(-180, minLat, east - 360, maxLat));
    }
    return outIndex.length;
  }

  nearestGuess(lon: number, lat: number, guessM: number, out: Float64Array | number[]): number {
    if (this.size === 0) return -1;
    const { itemLon, itemLat, itemCos } = this;
    let g = guessM > 0 ? guessM : 1000;
    // a box search is exact for the nearest once it finds anything: all points in reach are seen
    for (let tries = 0; tries < 4 && g < EARTH_RADIUS_M; tries++, g *= 4) {
      const ang = g / EARTH_RADIUS_M;
      const dLat = ang / RAD;
      const cosLat = Math.cos(lat * RAD);
      const s = Math.sin(ang) / cosLat;
      if (!(s < 1)) break; // the circle reaches a pole: use the tree walk
      const dLon = Math.asin(s) / RAD; // widest longitude reach of the circle
      if (lon - dLon < -180 || lon + dLon > 180 || lat + dLat >= 90 || lat - dLat <= -90) break; // near the seams: use the tree walk
      const ids = this.tree.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
      let best = -1;
      let bestH = Infinity;
      for (const item of ids) {
        const h = pointHav(lon, lat, cosLat, itemLon[item], itemLat[item], itemCos[item]);
        if (h < bestH || (h === bestH && item < best)) {
          bestH = h;
          best = item;
        }
      }
      // the box holds the circle of radius g only; a hit beyond g may hide a nearer point outside the box
      if (best >= 0 && havToDistance(bestH) <= g) {
        out[0] = havToDistance(bestH);
        return best;
      }
    }
    if (this.aroundInto(lon, lat, 1, Infinity, this.one, this.oneDistance) === 0) return -1;
    out[0] = this.oneDistance[0];
    return this.one[0];
  }

  /** Starts a best-first query at the root. */
  private begin(s: BestFirstSearch, lon: number, lat: number, maxDistanceM: number): void {
    const e = this.extent;
    s.lon = lon;
    s.lat = lat;
    s.cosLat = Math.cos(lat * RAD);
    s.maxH = distanceToHav(maxDistanceM);
    s.reset();
    s.pushNode(0, this.size - 1, 0, e.minX, e.minY, e.maxX, e.maxY, e.cosMinY, e.cosMaxY, boxHav(lon, lat, s.cosLat, e.minX, e.minY, e.maxX, e.maxY, e.cosMinY, e.cosMaxY));
  }

  /**
   * Advances a query to its next point within reach: returns its position (distance in
   * `s.distance`), or −1 when there is none left.
   */
  private step(s: BestFirstSearch): number {
    const { lon, lat, cosLat: qCos, maxH } = s;
    const coords = this.tree.coords;
    const cosLat = this.slotCos;
    const nodeSize = this.tree.nodeSize;
    while (s.size > 0) {
      const key = s.topKey();
      if (key > maxH) return -1;
      const ref = s.pop();
      if (ref < 0) {
        s.distance = havToDistance(key);
        return this.tree.ids[-ref - 1];
      }
      const left = s.left[ref];
      const right = s.right[ref];
      const axis = s.axis[ref];
      const b = BOX * ref;
      const minLng = s.box[b];
      const minLat = s.box[b + 1];
      const maxLng = s.box[b + 2];
      const maxLat = s.box[b + 3];
      const cosMin = s.box[b + 4];
      const cosMax = s.box[b + 5];
      if (right - left <= nodeSize) {
        for (let i = left; i <= right; i++) {
          const h = pointHav(lon, lat, qCos, coords[2 * i], coords[2 * i + 1], cosLat[i]);
          if (h <= maxH) s.pushPoint(i, h);
        }
        continue;
      }
      const m = (left + right) >> 1;
      const mx = coords[2 * m];
      const my = coords[2 * m + 1];
      const hm = pointHav(lon, lat, qCos, mx, my, cosLat[m]);
      if (hm <= maxH) s.pushPoint(m, hm);
      const nextAxis = 1 - axis;
      if (left <= m - 1) {
        const bMaxLng = axis === 0 ? mx : maxLng;
        const bMaxLat = axis === 1 ? my : maxLat;
        const bCosMax = axis === 1 ? cosLat[m] : cosMax;
        const h = boxHav(lon, lat, qCos, minLng, minLat, bMaxLng, bMaxLat, cosMin, bCosMax);
        if (h <= maxH) s.pushNode(left, m - 1, nextAxis, minLng, minLat, bMaxLng, bMaxLat, cosMin, bCosMax, h);
      }
      if (m + 1 <= right) {
        const bMinLng = axis === 0 ? mx : minLng;
        const bMinLat = axis === 1 ? my : minLat;
        const bCosMin = axis === 1 ? cosLat[m] : cosMin;
        const h = boxHav(lon, lat, qCos, bMinLng, bMinLat, maxLng, maxLat, bCosMin, cosMax);
        if (h <= maxH) s.pushNode(m + 1, right, nextAxis, bMinLng, bMinLat, maxLng, maxLat, bCosMin, cosMax, h);
      }
    }
    return -1;
  }
}

/** Haversine term h = sin²(Δφ/2) + cosφ₁cosφ₂sin²(Δλ/2); distance = 2R·asin(√h), monotone in h. */
function pointHav(lon: number, lat: number, cosLat: number, x: number, y: number, cosY: number): number {
  const sDLat = Math.sin(((y - lat) * RAD) / 2);
  const sDLon = Math.sin(((x - lon) * RAD) / 2);
  return sDLat * sDLat + cosLat * cosY * sDLon * sDLon;
}

/**
 * Lower bound of the haversine term from a point to any point of a lon/lat box: each term of
 * h is bounded on its own (nearest latitude gap, nearest longitude gap with wrapping, and the
 * smaller cosine of the box's edge latitudes, cos being concave on [−90°, 90°]). Cheaper than
 * the exact box distance, and tight enough for best-first search.
 */
function boxHav(
  lon: number,
  lat: number,
  cosLat: number,
  minLng: number,
  minLat: number,
  maxLng: number,
  maxLat: number,
  cosMinLat: number,
  cosMaxLat: number,
): number {
  let h = 0;
  if (lat < minLat) h = sin2(((minLat - lat) * RAD) / 2);
  else if (lat > maxLat) h = sin2(((lat - maxLat) * RAD) / 2);
  if (lon < minLng || lon > maxLng) {
    const dLng = Math.min((minLng - lon + 360) % 360, (lon - maxLng + 360) % 360);
    h += cosLat * Math.min(cosMinLat, cosMaxLat) * sin2((dLng * RAD) / 2);
  }
  return h;
}

function sin2(x: number): number {
  const s = Math.sin(x);
  return s * s;
}

function distanceToHav(m: number): number {
  if (!(m < Math.PI * EARTH_RADIUS_M)) return 1; // Infinity, NaN guard and antipodal reach
  return sin2(m / (2 * EARTH_RADIUS_M));
}

function havToDistance(h: number): number {
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))));
}

/**
 * The state of one best-first query: the query point and reach, and a min-heap of entries
 * held in typed arrays: tree nodes (ref ≥ 0, index into the node pool) and points (ref < 0,
 * encoding tree slot −ref−1). Each query owns one (a finished one is reused by the next), so
 * queries never share state: a filter may run a query of its own, and any number of
 * `nearestFirst` walks may be read in turn.
 */
class BestFirstSearch {
  lon = 0;
  lat = 0;
  /** cos of the query latitude. */
  cosLat = 1;
  /** Haversine term of the reach: entries beyond it are never queued. */
  maxH = 1;
  /** Metres to the point the last step returned. */
  distance = NaN;
  size = 0;
  private keys = new Float64Array(256);
  private refs = new Int32Array(256);
  private nodes = 0;
  left = new Int32Array(256);
  right = new Int32Array(256);
  axis = new Uint8Array(256);
  box = new Float64Array(256 * BOX);

  reset(): void {
    this.size = 0;
    this.nodes = 0;
  }

  topKey(): number {
    return this.keys[0];
  }

  pushNode(
    left: number,
    right: number,
    axis: number,
    minLng: number,
    minLat: number,
    maxLng: number,
    maxLat: number,
    cosMinLat: number,
    cosMaxLat: number,
    key: number,
  ): void {
    if (this.nodes === this.left.length) this.growNodes();
    const k = this.nodes++;
    this.left[k] = left;
    this.right[k] = right;
    this.axis[k] = axis;
    const b = BOX * k;
    this.box[b] = minLng;
    this.box[b + 1] = minLat;
    this.box[b + 2] = maxLng;
    this.box[b + 3] = maxLat;
    this.box[b + 4] = cosMinLat;
    this.box[b + 5] = cosMaxLat;
    this.push(k, key);
  }

  pushPoint(slot: number, key: number): void {
    this.push(-slot - 1, key);
  }

  private push(ref: number, key: number): void {
    if (this.size === this.keys.length) this.growHeap();
    const keys = this.keys;
    const refs = this.refs;
    let pos = this.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[pos] = keys[parent];
      refs[pos] = refs[parent];
      pos = parent;
    }
    keys[pos] = key;
    refs[pos] = ref;
  }

  pop(): number {
    const keys = this.keys;
    const refs = this.refs;
    const top = refs[0];
    const last = --this.size;
    if (last > 0) {
      const key = keys[last];
      const ref = refs[last];
      let pos = 0;
      const half = last >> 1;
      while (pos < half) {
        let child = 2 * pos + 1;
        if (child + 1 < last && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= key) break;
        keys[pos] = keys[child];
        refs[pos] = refs[child];
        pos = child;
      }
      keys[pos] = key;
      refs[pos] = ref;
    }
    return top;
  }

  private growHeap(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const refs = new Int32Array(this.refs.length * 2);
    refs.set(this.refs);
    this.refs = refs;
  }

  private growNodes(): void {
    const cap = this.left.length * 2;
    const left = new Int32Array(cap);
    left.set(this.left);
    this.left = left;
    const right = new Int32Array(cap);
    right.set(this.right);
    this.right = right;
    const axis = new Uint8Array(cap);
    axis.set(this.axis);
    this.axis = axis;
    const box = new Float64Array(cap * BOX);
    box.set(this.box);
    this.box = box;
  }
}
