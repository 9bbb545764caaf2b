/**
 * The checks of a feature write that need no database, as a worker task: a large body (a
 * hazard zone of 200,000 vertices) is parsed and checked off the event loop.
 */
import { parseCappedJson, type JsonCaps } from '../http/json-caps.ts';
import { findLayer } from '../layers/registry.ts';
import { task } from '../workers/task.ts';
import { checkFeature, checkPatch, checkReplacement, type CheckedFeature, type CheckedPatch } from '../layers/feature-writes.ts';
import { bodyToCrs84, type CrsId } from '../layers/crs.ts';

export const WRITE_TASKS = new URL('./write-tasks.ts', import.meta.url);

export interface CheckWriteInput {
  layer: string;
  kind: 'create' | 'replace' | 'patch';
  id?: number;
  body: Uint8Array;
  caps: JsonCaps;
  /** The CRS of the body's geometry (Content-Crs); it is checked and stored in CRS84. */
  crs?: CrsId;
}

export function checkWriteBody(layerId: string, kind: CheckWriteInput['kind'], id: number | undefined, body: unknown): CheckedFeature | CheckedPatch {
  const layer = findLayer(layerId);
  if (!layer) throw new Error(`unknown layer ${layerId}`);
  if (kind === 'create') return checkFeature(layer, body);
  if (kind === 'replace') return checkReplacement(layer, id!, body);
  return checkPatch(layer, id!, body);
}

export const checkWrite = task((input: CheckWriteInput) => checkWriteBody(input.layer, input.kind, input.id, bodyToCrs84(parseCappedJson(input.body, input.caps), input.crs ?? 'CRS84')));
