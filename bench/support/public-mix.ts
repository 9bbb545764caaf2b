/**
 * The public map's requests as a phone sends them during a warning: vector tiles most, then
 * features in view, "where do I go?", and health checks from the load balancer. Seeded, so two
 * runs (or two builds) send the same sequence.
 */
import { mulberry32 as prng } from '../../server/analysis/seeded-random.ts';

export type Kind = 'tile' | 'items' | 'nearest' | 'health';
export type BBox = [number, number, number, number];

/** The share of each kind of request in the mix. */
export const MIX: Array<[Kind, number]> = [['tile', 0.5], ['items', 0.25], ['nearest', 0.15], ['health', 0.1]];

/** The XYZ tile holding a point at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** A tile path of the combined source; `version` is the TileJSON's (the versioned URL), if any. */
export function tilePath(z: number, x: number, y: number, tileUrlTemplate?: string): string {
  if (!tileUrlTemplate) return `/tiles/onemap/${z}/${x}/${y}.mvt`;
  const u = new URL(tileUrlTemplate.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
  return u.pathname + u.search;
}

/** A tile path or absolute URL, asked of `base` (an absolute URL's origin is replaced). */
export const tileUrlOn = (base: string, tile: string): string => (tile.startsWith('http') ? tile.replace(/^http:\/\/[^/]+/, base) : base + tile);

/** Draws requests of the kinds present, at random places inside `extent`. */
export function pathMaker(extent: BBox, present: Set<Kind>, seed: number, tileUrlTemplate?: string) {
  const rnd = prng(seed);
  const [w, s, e, n] = extent;
  const point = () => [w + rnd() * (e - w), s + rnd() * (n - s)] as const;
  const mix = MIX.filter(([k]) => present.has(k));
  const total = mix.reduce((a, [, p]) => a + p, 0);
  const pick = (): Kind => {
    let r = rnd() * total;
    for (const [k, p] of mix) if ((r -= p) <= 0) return k;
    return mix[mix.length - 1][0];
  };
  return (): { kind: Kind; path: string } => {
    const kind = pick();
    const [lon, lat] = point();
    switch (kind) {
      case 'tile': {
        const z = 8 + Math.floor(rnd() * 7); // z8–z14: from the province to a town
        const [x, y] = tileOf(lon, lat, z);
        return { kind, path: tilePath(z, x, y, tileUrlTemplate) };
      }
      case 'items': {
        const d = 0.02 + rnd() * 0.1;
        const layer = ['shelters', 'risk_sites', 'hazard_zones'][Math.floor(rnd() * 3)];
        return { kind, path: `/ogc/collections/${layer}/items?bbox=${(lon - d).toFixed(4)},${(lat - d).toFixed(4)},${(lon + d).toFixed(4)},${(lat + d).toFixed(4)}&limit=100` };
      }
      case 'nearest':
        return { kind, path: `/api/analysis/nearest-shelter?lon=${lon.toFixed(5)}&lat=${lat.toFixed(5)}` };
      case 'health':
        return { kind, path: '/api/health' };
    }
  };
}
