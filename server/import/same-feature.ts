/** Does a stored feature already hold these attributes and this geometry (within a nanodegree)? */
import type { Position } from 'geojson';
import type { StoredFeature } from '../features/repository.ts';
import type { LayerGeometry } from '../features/validate-geometry.ts';

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

function flat(c: unknown, out: number[] = []): number[] {
  if (!Array.isArray(c)) return out;
  for (const x of c as unknown[]) {
    if (typeof x === 'number') out.push(x);
    else flat(x, out);
  }
  return out;
}

export function sameGeometry(a: { type: string; coordinates: unknown }, b: LayerGeometry): boolean {
  if (a.type !== b.type) return false;
  const fa = flat(a.coordinates);
  const fb = flat(b.coordinates as Position[] | Position[][][]);
  return fa.length === fb.length && fa.every((v, i) => Math.abs(v - fb[i]) <= TOLERANCE);
}

export function sameFeature(stored: StoredFeature, properties: Record<string, unknown>, geometry: LayerGeometry): boolean {
  return Object.entries(properties).every(([k, v]) => sameValue(stored.properties[k], v)) && sameGeometry(stored.geometry, geometry);
}
