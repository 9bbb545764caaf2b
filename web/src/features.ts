/**
 * Feature writes through the OGC API: every change names the version it was made from
 * (If-Match), so a change made meanwhile by someone else comes back as a conflict, never
 * overwritten.
 */
import type { Feature, Geometry } from 'geojson';
import { ApiError, getJson, sendJson } from './api.ts';

export type StoredFeature = Feature<Geometry, Record<string, unknown>> & { id: number };

/** Someone else saved the feature first: their version is in `current`. */
export class ConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly id: number,
    readonly current: StoredFeature | null,
  ) {
    super(`${collection} ${id} was changed by someone else`);
  }
}

export const etagOf = (f: StoredFeature): string => `"v${Number(f.properties.version)}"`;

function rethrow(collection: string, id: number, e: unknown): never {
  if (e instanceof ApiError && e.status === 412) throw new ConflictError(collection, id, (e.body.current as StoredFeature | undefined) ?? null);
  throw e;
}

export async function getFeature(collection: string, id: number): Promise<StoredFeature> {
  return getJson<StoredFeature>(`/ogc/collections/${collection}/items/${id}`);
}

export async function createFeature(collection: string, geometry: Geometry, properties: Record<string, unknown>): Promise<StoredFeature> {
  return (await sendJson<StoredFeature>('POST', `/ogc/collections/${collection}/items`, { type: 'Feature', geometry, properties })).data;
}

/** Changes some properties and/or the geometry of the version `from`. */
export async function patchFeature(collection: string, from: StoredFeature, change: { properties?: Record<string, unknown>; geometry?: Geometry }): Promise<StoredFeature> {
  try {
    return (await sendJson<StoredFeature>('PATCH', `/ogc/collections/${collection}/items/${from.id}`, { type: 'Feature', ...change }, { 'If-Match': etagOf(from) })).data;
  } catch (e) {
    rethrow(collection, from.id, e);
  }
}

export async function deleteFeature(collection: string, from: StoredFeature): Promise<void> {
  try {
    await sendJson('DELETE', `/ogc/collections/${collection}/items/${from.id}`, undefined, { 'If-Match': etagOf(from) });
  } catch (e) {
    rethrow(collection, from.id, e);
  }
}
