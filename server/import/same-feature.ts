/** Does a stored feature already hold these attributes and this geometry (within a nanodegree)? */
import type { StoredFeature } from '../layers/repository.ts';
import type { LayerGeometry } from '../layers/validate-geometry.ts';

const TOLERANCE = 1e-9;

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a)) return Date.parse(a) === Date.parse(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object);
    return ka.length === Object.keys(b as object).length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** The positions of a geometry's coordinates, however deeply nested. */
function positions(c: unknown, out: number[][] = []): number[][] {
  if (!Array.isArray(c)) return out;
  if (typeof c[0] === 'number') out.push(c as number[]);
  else for (const x of c as unknown[]) positions(x, out);
  return out;
}

/** Within a nanodegree; a missing elevation is the 0 that a layer of elevations stores for it (ST_Force3D). */
export function sameGeometry(a: { type: string; coordinates: unknown }, b: LayerGeometry): boolean {
  if (a.type !== b.type) return false;
  const pa = positions(a.coordinates);
  const pb = positions(b.coordinates);
  const close = (x: number | undefined, y: number | undefined) => Math.abs((x ?? 0) - (y ?? 0)) <= TOLERANCE;
  return pa.length === pb.length && pa.every((p, i) => p.length <= 3 && pb[i].length <= 3 && close(p[0], pb[i][0]) && close(p[1], pb[i][1]) && close(p[2], pb[i][2]));
}

export function sameFeature(stored: StoredFeature, properties: Record<string, unknown>, geometry: LayerGeometry): boolean {
  return Object.entries(properties).every(([k, v]) => sameValue(stored.properties[k], v)) && sameGeometry(stored.geometry, geometry);
}
