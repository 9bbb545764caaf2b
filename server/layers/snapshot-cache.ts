/**
 * The worker side of layer snapshots: each worker thread parses a layer's text once per version
 * and keeps the FeatureCollection until a newer version arrives. Derived values (an outline, a
 * spatial index) can be memoised on the collection's identity, which lasts as long as the version.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { SnapshotRef } from './layer-snapshots.ts';

export type ParsedSnapshot = FeatureCollection & { features: Array<Feature & { id: number }> };

const parsed = new Map<string, { version: number; collection: ParsedSnapshot }>();

export function snapshotOf(ref: SnapshotRef): ParsedSnapshot {
  const held = parsed.get(ref.layer);
  if (held && held.version === ref.version) return held.collection;
  const collection = JSON.parse(Buffer.from(ref.buffer, 0, ref.bytes).toString('utf8')) as ParsedSnapshot;
  // An older version arriving late (a queued task) is parsed for it but does not replace a newer one.
  if (!held || held.version < ref.version) parsed.set(ref.layer, { version: ref.version, collection });
  return collection;
}
