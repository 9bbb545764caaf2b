/**
 * A history snapshot is a layer row as JSON (geometry as GeoJSON). This module turns one
 * into the feature a reader may see, and two into the list of what changed.
 */
import type { LayerDefinition } from './types.ts';
import { visibleAttributes, visibleSystemColumns } from './registry.ts';
import type { StoredFeature } from './repository.ts';
import type { LayerGeometry } from './validate-geometry.ts';

export type Snapshot = Record<string, unknown> & { id: number; version: number; geom: LayerGeometry; deleted_at?: string | null };

/** A history row's jsonb column (decoded by the database module) as a snapshot, or null. */
export function parseSnapshot(v: unknown): Snapshot | null {
  return (v ?? null) as Snapshot | null;
}

/** Timestamps as the features API writes them (ISO 8601, UTC). */
function normalise(v: unknown, isTime: boolean): unknown {
  if (isTime && typeof v === 'string') return new Date(v).toISOString();
  return v ?? null;
}

/** A snapshot as the feature a reader may see: private attributes and who wrote it for staff only. */
export function snapshotToFeature(layer: LayerDefinition, s: Snapshot, staff: boolean): StoredFeature {
  const properties: Record<string, unknown> = {};
  for (const k of visibleSystemColumns(staff)) properties[k] = normalise(s[k], k === 'created_at' || k === 'updated_at');
  for (const k of visibleAttributes(layer, staff)) properties[k] = normalise(s[k], layer.attributes[k].type === 'datetime');
  // The stored GeoJSON carries a crs member (EPSG:4326); RFC 7946 geometry has none.
  const { type, coordinates } = s.geom as LayerGeometry & { crs?: unknown };
  return { type: 'Feature', id: s.id, geometry: { type, coordinates } as LayerGeometry, properties };
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** The attributes whose value differs between two snapshots (private ones only when allowed). */
export function changedFields(layer: LayerDefinition, before: Snapshot | null, after: Snapshot | null, includePrivate: boolean): FieldChange[] {
  if (!before || !after) return [];
  return visibleAttributes(layer, includePrivate)
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => ({ field: k, before: before[k] ?? null, after: after[k] ?? null }));
}

export function geometryChanged(before: Snapshot | null, after: Snapshot | null): boolean {
  if (!before || !after) return false;
  return JSON.stringify(before.geom.coordinates) !== JSON.stringify(after.geom.coordinates);
}
