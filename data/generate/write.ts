/**
 * Serialises layers as GeoJSON FeatureCollections, one feature per line, and a manifest.
 * The same chunks feed a file (streamed, so province files never become one giant string)
 * and the tests (joined), so the committed sample can be compared byte for byte.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { LAYER_NAMES, type Layers } from './types.ts';

export interface Manifest {
  scale: 'county' | 'province';
  seed: number;
  crs: 'EPSG:4326';
  counts: Record<keyof Layers, number>;
  /** Area of the synthetic outline(s) the towns tile, km². */
  outline_area_km2: number;
  files: string[];
}

export function* featureCollectionChunks(features: readonly Feature<Geometry, object>[]): Generator<string> {
  yield '{"type":"FeatureCollection","features":[\n';
  for (let i = 0; i < features.length; i++) yield JSON.stringify(features[i]) + (i < features.length - 1 ? ',\n' : '\n');
  yield ']}\n';
}

export function layerFileName(layer: keyof Layers): string {
  return `${layer}.geojson`;
}

export function makeManifest(scale: Manifest['scale'], seed: number, layers: Layers, outlineAreaKm2: number): Manifest {
  const counts = Object.fromEntries(LAYER_NAMES.map((name) => [name, layers[name].length])) as Record<keyof Layers, number>;
  return {
    scale,
    seed,
    crs: 'EPSG:4326',
    counts,
    outline_area_km2: Math.round(outlineAreaKm2 * 10) / 10,
    files: LAYER_NAMES.map(layerFileName),
  };
}

export function manifestText(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** Buffers chunks into ~1 MB writes. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let buffer = '';
    for (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    if (buffer) writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

export function writeDataset(dir: string, layers: Layers, manifest: Manifest): void {
  mkdirSync(dir, { recursive: true });
  for (const name of LAYER_NAMES) writeChunks(join(dir, layerFileName(name)), featureCollectionChunks(layers[name]));
  writeChunks(join(dir, 'manifest.json'), [manifestText(manifest)]);
}
