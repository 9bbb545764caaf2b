/** Reading tiles the way a map client does: @mapbox/vector-tile over pbf. */
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Feature } from 'geojson';
import type { Stream } from 'node:stream';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, string | number | boolean>;
  /** The feature in lon/lat, as the client would place it. */
  geojson: Feature;
  /** Whether its first vertex lies inside the tile proper (not in the buffer around it). */
  inside: boolean;
}

export function decode(body: Buffer): VectorTile {
  return new VectorTile(new PbfReader(body));
}

export function features(layer: VectorTileLayer | undefined, z: number, x: number, y: number): DecodedFeature[] {
  if (!layer) return [];
  const out: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    const p = f.loadGeometry()[0][0];
    out.push({
      id: f.id,
      type: f.type,
      properties: f.properties,
      geojson: f.toGeoJSON(x, y, z),
      inside: p.x >= 0 && p.x < layer.extent && p.y >= 0 && p.y < layer.extent,
    });
  }
  return out;
}

/** superagent parser that keeps the body as bytes, whatever the content type. */
export function bytes(res: Stream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => void chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
