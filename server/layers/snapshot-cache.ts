/**
 * The worker side of layer snapshots: each worker thread parses a layer's text once per version
 * and keeps the FeatureCollection until a newer version arrives. Derived values (an outline, a
 * spatial index) can be memoised on the collection's identity, which lasts as long as the version.
 * A layer that is only ever read through one derived value (the roads, as a road graph) keeps that
 * value per version instead of its features (derivedOf).
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { SnapshotRef } from './layer-snapshots.ts';

export type ParsedSnapshot = FeatureCollection & { features: Array<Feature & { id: number }> };

const parsed = new Map<string, { version: number; collection: ParsedSnapshot }>();

function parse(ref: SnapshotRef): ParsedSnapshot {
  return JSON.parse(Buffer.from(ref.buffer, 0, ref.bytes).toString('utf8')) as ParsedSnapshot;
}

export function snapshotOf(ref: SnapshotRef): ParsedSnapshot {
  const held = parsed.get(ref.layer);
  if (held && held.version === ref.version) return held.collection;
  const collection = parse(ref);
  // An older version arriving late (a queued task) is parsed for it but does not replace a newer one.
  if (!held || held.version < ref.version) parsed.set(ref.layer, { version: ref.version, collection });
  return collection;
}

const derived = new Map<string, { version: number; value: unknown }>();

/**
 * A value built from a layer's version and kept until a newer version arrives, in place of the
 * parsed features, which are collected once it is built. One derived value per layer.
 */
export function derivedOf<T>(ref: SnapshotRef, build: (collection: ParsedSnapshot) => T): T {
  const held = derived.get(ref.layer);
  if (held && held.version === ref.version) return held.value as T;
  const value = build(parse(ref));
  if (!held || held.version < ref.version) derived.set(ref.layer, { version: ref.version, value });
  return value;
}
