/**
 * A tile source's version: the versions of its layers' indexes, joined ("12.3.40.7.2.1" for the
 * combined source). Tile URLs that carry it (`?v=`) never change content, so browsers, nginx and
 * a CDN may keep them for good; the TileJSON, short-lived, names the current one.
 */
import { badRequest } from '../http/errors.ts';

export const versionOf = (versions: readonly number[]): string => versions.join('.');

/** The layer versions a `v` parameter names, one per layer of the source; 400 when malformed. */
export function parseVersion(v: string, layers: number): number[] {
  const parts = v.split('.');
  if (parts.length !== layers || !parts.every((p) => /^\d{1,15}$/.test(p))) {
    throw badRequest(`v must be the tile source's version from its TileJSON (${layers} numbers joined by dots)`, [{ field: 'v', message: `got "${v.slice(0, 60)}"` }]);
  }
  return parts.map(Number);
}

/** Cache-Control of a tile under a versioned URL: its content is fixed for good. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Of a TileJSON or a redirect to the current version: short, and served stale while refreshed. */
export { PUBLIC_SHORT as SHORT_LIVED } from '../http/cache-control.ts';
