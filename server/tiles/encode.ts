/**
 * Encodes one layer of a cut tile as Mapbox Vector Tile (spec v2) bytes with vt-pbf, and names
 * the bytes with a content ETag. An MVT tile is a sequence of layer messages, so tiles of
 * several layers are the concatenation of their single-layer encodings.
 */
import crypto from 'node:crypto';
import vtpbf from 'vt-pbf';
import { EXTENT } from './tile-grid.ts';

/** A feature as geojson-vt and supercluster cut it: integer tile coordinates, `tags` for properties. */
export interface VtFeature {
  id?: number | string;
  type: 1 | 2 | 3;
  geometry: unknown;
  tags: Record<string, unknown> | null | undefined;
}

export interface VtTile {
  features: readonly VtFeature[];
}

export interface EncodedTile {
  /** Empty when the tile holds nothing (served as 204). */
  body: Buffer;
  /** Strong ETag of the bytes: the same tile gives the same tag on any instance. */
  etag: string;
}

export const EMPTY_TILE: EncodedTile = { body: Buffer.alloc(0), etag: '"empty"' };

function tag(parts: readonly (Buffer | string)[]): string {
  const h = crypto.createHash('sha1');
  for (const p of parts) h.update(p);
  return `"${h.digest('base64url').slice(0, 22)}"`;
}

export function encodeLayer(name: string, tile: VtTile | null): EncodedTile {
  if (!tile || tile.features.length === 0) return EMPTY_TILE;
  // vt-pbf reads `features` only; it drops null-valued tags and writes feature ids that are numbers.
  const bytes = vtpbf.fromGeojsonVt({ [name]: tile }, { version: 2, extent: EXTENT });
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { body, etag: tag([body]) };
}

/** Joins single-layer tiles into one tile (layers in the given order); empty ones drop out. */
export function joinLayers(tiles: readonly EncodedTile[]): EncodedTile {
  const present = tiles.filter((t) => t.body.length > 0);
  if (present.length === 0) return EMPTY_TILE;
  if (present.length === 1) return present[0];
  return { body: Buffer.concat(present.map((t) => t.body)), etag: tag(present.map((t) => t.etag)) };
}
