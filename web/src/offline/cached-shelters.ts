/**
 * The public shelters as this phone last received them, and when: without a signal the request
 * is answered by the service worker's copy, whose Date header says when the server sent it.
 */
import type { ShelterFeature } from './straight-line-nearest.ts';

/** The same address the map's shelter layer reads (api.ts allItems), so the worker's copy matches. */
const SHELTERS = '/ogc/collections/shelters/items?limit=10000';

export async function cachedShelters(): Promise<{ shelters: ShelterFeature[]; at: Date | null }> {
  const res = await fetch(SHELTERS, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const body = (await res.json()) as { features?: ShelterFeature[] };
  const date = res.headers.get('Date');
  const at = date ? new Date(date) : null;
  return { shelters: body.features ?? [], at: at && !Number.isNaN(at.getTime()) ? at : null };
}

/** Whether an error is the network failing (no signal, server unreachable), not an answer. */
export function isNetworkFailure(e: unknown): boolean {
  return e instanceof TypeError || (typeof navigator !== 'undefined' && navigator.onLine === false);
}
