/** Entry point shared by the CLI and the tests: one scale and seed in, layers and manifest out. */
import { area, polygon } from '@turf/turf';
import { buildProvince } from './province.ts';
import { makeManifest, type Manifest } from './write.ts';
import type { Built } from './types.ts';
import { buildXinyi } from './xinyi.ts';

export type Scale = Manifest['scale'];

export interface Dataset extends Built {
  manifest: Manifest;
}

export function generate(scale: Scale, seed: number): Dataset {
  const built = scale === 'county' ? buildXinyi(seed) : buildProvince(seed);
  const outlineArea = built.outlines.reduce((sum, ring) => sum + area(polygon([ring])) / 1e6, 0);
  return { ...built, manifest: makeManifest(scale, seed, built.layers, outlineArea) };
}
