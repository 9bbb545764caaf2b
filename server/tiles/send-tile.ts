/**
 * Writes a tile response: 200 with the MVT bytes, 204 for an empty tile, 304 when the client's
 * If-None-Match already names these bytes. Tiles are the same for every reader (no private
 * attribute is ever in them), so shared caches may keep them; `no-cache` makes browsers and a
 * CDN revalidate each use, which a write can therefore never leave stale.
 */
import type { Request, Response } from 'express';
import type { EncodedTile } from './encode.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
export const TILE_CACHE_CONTROL = 'public, no-cache';

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  // Weak comparison, as RFC 9110 asks for If-None-Match.
  return ifNoneMatch.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v.replace(/^W\//, '') === etag;
  });
}

/** @param cacheControl for a versioned URL, immutable; by default revalidated each use */
export function sendTile(req: Request, res: Response, tile: EncodedTile, cacheControl: string = TILE_CACHE_CONTROL): void {
  res.set({ ETag: tile.etag, 'Cache-Control': cacheControl });
  if (matches(req.get('If-None-Match'), tile.etag)) {
    res.status(304).end();
  } else if (tile.body.length === 0) {
    res.status(204).end();
  } else {
    res.status(200).type(MVT_TYPE).send(tile.body);
  }
}
