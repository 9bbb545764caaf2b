/**
 * Create, replace, merge-patch and delete a feature: validation first, then one transaction
 * that checks the version it was asked to change. A rejected write leaves no trace.
 */
import type { Knex } from 'knex';
import type { LayerDefinition } from './types.ts';
import type { LayerChanges } from './changes.ts';
import { HttpError, invalid, notFound, type ErrorDetail } from '../http/errors.ts';
import { checkProperties, type Properties } from './attribute-schema.ts';
import type { FeatureRepository, StoredFeature } from './repository.ts';
import { checkGeometry, type LayerGeometry } from './validate-geometry.ts';
import { etagFor, versionMatches, type Precondition } from './etag.ts';

export interface WriteDeps {
  knex: Knex;
  repo: FeatureRepository;
  changes: LayerChanges;
}

/** A write's feature after the checks that need no database (done off the event loop for big bodies). */
export interface CheckedFeature {
  properties: Properties;
  geometry: LayerGeometry | undefined;
}

/** A merge patch after the checks that need no database: the whole-feature check needs the stored one. */
export interface CheckedPatch {
  patch: true;
  properties: Properties;
  geometry: LayerGeometry | undefined;
}

function asObject(body: unknown, field: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid(`${field} must be a JSON object`, [{ field, message: 'expected an object' }]);
  }
  return body as Record<string, unknown>;
}

/** No GeoJSON feature of ours nests deeper than this (a MultiPolygon's positions are at depth 6). */
const MAX_DEPTH = 32;

/**
 * Refuses, naming the field, what the database would refuse with an error: NUL characters
 * (PostgreSQL cannot store them in text or jsonb) and absurd nesting (a stack bomb).
 */
function rejectUnstorable(body: unknown): void {
  const details: ErrorDetail[] = [];
  // Paths are built only for a problem found: a big polygon walks without making strings.
  const walk = (v: unknown, path: () => string, depth: number): void => {
    if (details.length >= 5 || v === null || typeof v === 'number' || typeof v === 'boolean') return;
    if (depth > MAX_DEPTH) return void details.push({ field: path(), message: `nested more than ${MAX_DEPTH} levels deep` });
    if (typeof v === 'string') {
      if (v.includes('\u0000')) details.push({ field: path(), message: 'contains a NUL (\\u0000) character' });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, () => `${path()}[${i}]`, depth + 1));
    } else if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const name = () => (path() ? `${path()}.` : '') + k.split('\u0000').join('\\u0000').slice(0, 100);
        if (k.includes('\u0000')) details.push({ field: name(), message: 'the name contains a NUL (\\u0000) character' });
        walk(x, name, depth + 1);
      }
    }
  };
  walk(body, () => '', 0);
  if (details.length) throw invalid('the body holds text or nesting that cannot be stored', details);
}

/** A body that names a feature id must name the one in the URL: a mismatch is a client mix-up. */
function checkSameId(body: unknown, id: number): void {
  const given = body !== null && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  if (given !== undefined && String(given) !== String(id)) {
    const shown = typeof given === 'string' || typeof given === 'number' ? JSON.stringify(given).slice(0, 40) : `a ${typeof given}`;
    throw invalid(`the body names feature ${shown} but the URL is feature ${id}`, [{ field: 'id', message: `must be ${id} or left out` }]);
  }
}

/** Checks a whole GeoJSON Feature for create/replace. */
export function checkFeature(layer: LayerDefinition, body: unknown): CheckedFeature & { geometry: LayerGeometry } {
  rejectUnstorable(body);
  const f = asObject(body, 'body');
  const details: ErrorDetail[] = [];
  if (f.type !== 'Feature') details.push({ field: 'type', message: 'body must be a GeoJSON Feature ("type": "Feature")' });
  const geom = checkGeometry(f.geometry, layer.geometryType, layer.elevation);
  if (!geom.ok) details.push(...geom.details);
  const props = checkProperties(layer, f.properties ?? {}, 'create');
  if (!props.ok) details.push(...props.details);
  if (details.length || !geom.ok || !props.ok) throw invalid(`the feature is not a valid ${layer.id} feature`, details);
  return { properties: props.properties, geometry: geom.geometry };
}

async function checkInDatabase(deps: WriteDeps, trx: Knex.Transaction, layer: LayerDefinition, f: CheckedFeature, id?: number): Promise<void> {
  if (f.geometry) {
    const reason = await deps.repo.invalidReason(f.geometry, trx);
    if (reason) throw invalid('the geometry is not valid', [{ field: 'geometry', message: reason }]);
  }
  const code = f.properties.code;
  if (typeof code === 'string' && (await deps.repo.codeTaken(layer, code, id, trx))) {
    throw new HttpError(409, 'duplicate_code', `another ${layer.id} feature already has code ${code}`, [{ field: 'properties.code', message: 'must be unique' }]);
  }
}

export interface WriteResult {
  feature: StoredFeature;
  etag: string;
}

/** Checks a JSON Merge Patch body as far as it can be without the stored feature. */
export function checkPatch(layer: LayerDefinition, id: number, body: unknown): CheckedPatch {
  const patch = asObject(body, 'body');
  checkSameId(patch, id);
  rejectUnstorable(patch);
  const unknown = Object.keys(patch).filter((k) => !['type', 'properties', 'geometry', 'id'].includes(k));
  if (unknown.length) throw invalid('a feature patch may change properties and geometry only', unknown.map((k) => ({ field: k, message: 'not patchable' })));
  const propPatch = patch.properties === undefined ? {} : asObject(patch.properties, 'properties');
  const partial = checkProperties(layer, propPatch, 'partial');
  if (!partial.ok) throw invalid(`the patch is not valid for ${layer.id}`, partial.details);
  let geometry: LayerGeometry | undefined;
  if (patch.geometry !== undefined) {
    const g = checkGeometry(patch.geometry, layer.geometryType, layer.elevation);
    if (!g.ok) throw invalid('the geometry is not valid', g.details);
    geometry = g.geometry;
  }
  return { patch: true, properties: partial.properties, geometry };
}

/** Checks a replacement: the id in the body, if any, must be the URL's. */
export function checkReplacement(layer: LayerDefinition, id: number, body: unknown): CheckedFeature & { geometry: LayerGeometry } {
  checkSameId(body, id);
  return checkFeature(layer, body);
}

export async function createFeature(deps: WriteDeps, layer: LayerDefinition, f: CheckedFeature & { geometry: LayerGeometry }, by: string): Promise<WriteResult> {
  const id = await deps.knex.transaction(async (trx) => {
    await checkInDatabase(deps, trx, layer, f);
    return deps.repo.insert(trx, layer, f.properties, f.geometry, { by });
  });
  deps.changes.notify({ layer: layer.id, id, op: 'insert' });
  return reread(deps, layer, id);
}

export async function replaceFeature(deps: WriteDeps, layer: LayerDefinition, id: number, expected: Precondition, f: CheckedFeature, by: string): Promise<WriteResult> {
  // A full replacement clears the attributes it leaves out.
  const cleared = Object.fromEntries(
    Object.entries(layer.attributes)
      .filter(([k, a]) => !a.readOnly && !(k in f.properties))
      .map(([k]) => [k, null]),
  );
  return update(deps, layer, id, expected, { properties: { ...cleared, ...f.properties }, geometry: f.geometry }, by);
}

/** JSON Merge Patch (RFC 7396) of the feature: members set, null clears, absent untouched. */
export async function patchFeature(deps: WriteDeps, layer: LayerDefinition, id: number, expected: Precondition, p: CheckedPatch, by: string): Promise<WriteResult> {
  const current = await deps.repo.get(layer, id, true);
  if (!current) throw notFound(`${layer.id} ${id} does not exist`);
  // The merged feature must still be whole: a patch cannot null a required attribute.
  const merged: Properties = {};
  for (const [k, a] of Object.entries(layer.attributes)) if (!a.readOnly) merged[k] = current.properties[k] ?? null;
  Object.assign(merged, p.properties);
  const whole = checkProperties(layer, Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null)), 'create');
  if (!whole.ok) throw invalid(`the patched feature would not be valid`, whole.details);
  return update(deps, layer, id, expected, { properties: p.properties, geometry: p.geometry }, by);
}

async function update(deps: WriteDeps, layer: LayerDefinition, id: number, expected: Precondition, f: CheckedFeature, by: string): Promise<WriteResult> {
  await deps.knex.transaction(async (trx) => {
    const current = await deps.repo.version(layer, id, trx);
    if (current === undefined) throw notFound(`${layer.id} ${id} does not exist`);
    if (!versionMatches(expected, current)) throw await preconditionFailed(deps, layer, id, trx);
    await checkInDatabase(deps, trx, layer, f, id);
    const version = await deps.repo.update(trx, layer, id, current, f.properties, f.geometry, { by });
    // Another writer committed between our read and our update.
    if (version === undefined) throw await preconditionFailed(deps, layer, id, trx);
  });
  deps.changes.notify({ layer: layer.id, id, op: 'update' });
  return reread(deps, layer, id);
}

/** Soft delete: the feature leaves every read but stays in the history, restorable (server/history). */
export async function deleteFeature(deps: WriteDeps, layer: LayerDefinition, id: number, expected: Precondition, by?: string): Promise<void> {
  await deps.knex.transaction(async (trx) => {
    const current = await deps.repo.version(layer, id, trx);
    if (current === undefined) throw notFound(`${layer.id} ${id} does not exist`);
    if (!versionMatches(expected, current) || !(await deps.repo.delete(trx, layer, id, current, { by: by ?? 'unknown' }))) throw await preconditionFailed(deps, layer, id, trx);
  });
  deps.changes.notify({ layer: layer.id, id, op: 'delete' });
}

async function preconditionFailed(deps: WriteDeps, layer: LayerDefinition, id: number, trx: Knex): Promise<HttpError> {
  // The losing writer gets the winner's feature, so it can merge without another round trip.
  const current = await deps.repo.get(layer, id, true, trx);
  const version = current?.properties.version as number | undefined;
  return new HttpError(
    412,
    'precondition_failed',
    `${layer.id} ${id} has changed since you read it (current version ${version}); reload it and apply your edit again`,
    [],
    version === undefined ? {} : { ETag: etagFor(version) },
    { current_version: version, current },
  );
}

async function reread(deps: WriteDeps, layer: LayerDefinition, id: number): Promise<WriteResult> {
  const feature = await deps.repo.get(layer, id, true);
  if (!feature) throw notFound(`${layer.id} ${id} does not exist`);
  return { feature, etag: etagFor(feature.properties.version as number) };
}
