/**
 * Talking to the OneMap API: JSON in and out, the same-origin session cookie, the header that
 * marks a signed-in write as coming from our own pages, and errors as one type that carries
 * the server's { error: { code, message, details } }.
 */
import type { Feature } from 'geojson';
import type { ErrorAnswer, ErrorDetail } from '../../server/http/error-contract.ts';
import type { Link } from '../../server/http/geojson-contract.ts';

export type { ErrorDetail };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The whole error body (a 412 carries the current feature). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A signed-in browser write must carry this header (the server's CSRF guard). */
const WRITE_HEADERS = { 'X-Requested-With': 'OneMap' };

async function failure(res: Response): Promise<ApiError> {
  // A proxy in between may answer anything: read the service's error shape when it is there.
  let body: Partial<ErrorAnswer> = {};
  try {
    body = (await res.json()) as Partial<ErrorAnswer>;
  } catch {
    // not JSON: keep the status line
  }
  const e: Partial<ErrorAnswer['error']> = body.error ?? {};
  return new ApiError(res.status, e.code ?? 'http_error', e.message ?? `${res.status} ${res.statusText}`, e.details ?? [], e);
}

/** `fresh`: ask the server again rather than take the browser's cached copy (after a live change). */
export async function getJson<T>(url: string, signal?: AbortSignal, fresh = false): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json, application/geo+json' }, signal, cache: fresh ? 'no-cache' : 'default' });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export interface Sent<T> {
  data: T;
  etag: string | null;
  status: number;
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Sent<T>> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { ...WRITE_HEADERS, Accept: 'application/json, application/geo+json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  const text = res.status === 204 ? '' : await res.text();
  return { data: (text ? JSON.parse(text) : null) as T, etag: res.headers.get('ETag'), status: res.status };
}

/** A GeoJSON FeatureCollection from the OGC API, following `next` links until all are read. */
export async function allItems<F = Feature>(collection: string, query: Record<string, string> = {}, signal?: AbortSignal, fresh = false): Promise<F[]> {
  const params = new URLSearchParams({ limit: '10000', ...query });
  let url: string | undefined = `/ogc/collections/${collection}/items?${params.toString()}`;
  const out: F[] = [];
  while (url) {
    const page: { features: F[]; links?: Link[] } = await getJson(url, signal, fresh);
    out.push(...page.features);
    const next = page.links?.find((l) => l.rel === 'next')?.href;
    url = next ? new URL(next, location.href).pathname + new URL(next, location.href).search : undefined;
  }
  return out;
}
