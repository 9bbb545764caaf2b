/**
 * Brings a deleted feature back, or an old version of a feature, as a new version. The
 * restore is itself a write: version check, code uniqueness, and its own history entry
 * (op "restore", note "restored from version N"), all in one transaction.
 */
import type { Knex } from 'knex';
import type { LayerDefinition } from '../layers/types.ts';
import type { WriteDeps, WriteResult } from '../layers/feature-writes.ts';
import { etagFor } from '../layers/etag.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { purgedSnapshot, snapshotAt } from '../layers/history-store.ts';
import type { Snapshot } from '../layers/snapshot.ts';

export interface RestoreRequest {
  id: number;
  /** The version to bring back; absent = undo the deletion of a deleted feature. */
  version?: number;
  /** The current version the client saw (If-Match), or '*' / undefined for any. */
  expected?: number | '*';
}

const conflict = (message: string, field?: string) => new HttpError(409, 'conflict', message, field ? [{ field, message }] : []);

/** Column values of a snapshot, encoded as the repository writes them. */
function columnsFrom(layer: LayerDefinition, knex: Knex, s: Snapshot): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(layer.attributes)) {
    const v = s[k] ?? null;
    values[k] = (a.type === 'string_list' || a.type === 'quantity_map') && v !== null ? JSON.stringify(v) : v;
  }
  const { type, coordinates } = s.geom;
  values.geom = knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify({ type, coordinates })]);
  return values;
}

/** Labels the write for the history trigger (op "restore") and says where it came from. */
async function markRestore(trx: Knex.Transaction, note: string): Promise<void> {
  await trx.raw("SELECT set_config('onemap.history_op', 'restore', true), set_config('onemap.history_note', ?, true)", [note]);
}

async function codeFree(trx: Knex.Transaction, layer: LayerDefinition, code: string, id: number): Promise<void> {
  const taken = await trx(layer.table).where({ code }).whereNull('deleted_at').whereNot({ id }).first('id');
  if (taken) throw conflict(`another ${layer.id} feature now has code ${code}; change its code first`, 'code');
}

/**
 * A row deleted outside the service (a hard DELETE) is gone from its table but not from the
 * history: it comes back under its own id, as it was (or at the version asked for).
 */
async function reinsertPurged(trx: Knex.Transaction, layer: LayerDefinition, req: RestoreRequest, by: string): Promise<boolean> {
  const last = await purgedSnapshot(trx, layer, req.id);
  if (!last) throw notFound(`${layer.id} ${req.id} does not exist and has no history to restore`);
  if (req.expected !== undefined && req.expected !== '*' && req.expected !== last.version) {
    throw new HttpError(412, 'precondition_failed', `${layer.id} ${req.id} was at version ${last.version}, not ${req.expected}`, [], {}, { current_version: last.version });
  }
  let snapshot = last;
  if (req.version !== undefined) {
    const found = await snapshotAt(trx, layer, req.id, req.version);
    if (!found) throw notFound(`${layer.id} ${req.id} has no version ${req.version}`);
    if (found.op === 'delete') throw conflict(`version ${req.version} is the deletion of ${layer.id} ${req.id}; restore version ${req.version - 1}`, 'version');
    snapshot = found.snapshot;
  }
  await codeFree(trx, layer, String(snapshot.code), req.id);
  await markRestore(trx, req.version === undefined ? 'brought back after a hard delete' : `brought back after a hard delete, at version ${req.version}`);
  await trx(layer.table).insert({ ...columnsFrom(layer, trx, snapshot), id: req.id, version: last.version + 1, created_at: snapshot.created_at, updated_by: by });
  return true;
}

export async function restoreFeature(deps: WriteDeps, layer: LayerDefinition, req: RestoreRequest, by: string): Promise<WriteResult> {
  const wasDeleted = await deps.knex.transaction(async (trx) => {
    const row = (await trx(layer.table).select('version', 'deleted_at', 'code').where({ id: req.id }).forUpdate().first()) as
      | { version: number; deleted_at: Date | string | null; code: string }
      | undefined;
    if (!row) return reinsertPurged(trx, layer, req, by);
    if (req.expected !== undefined && req.expected !== '*' && req.expected !== row.version) {
      throw new HttpError(412, 'precondition_failed', `${layer.id} ${req.id} is at version ${row.version}, not ${req.expected}`, [], { ETag: etagFor(row.version) }, { current_version: row.version });
    }
    const deleted = row.deleted_at !== null;
    let values: Record<string, unknown> = {};
    let code = row.code;
    if (req.version === undefined) {
      if (!deleted) throw conflict(`${layer.id} ${req.id} is not deleted; name a "version" to bring an old version back`, 'version');
    } else {
      const found = await snapshotAt(trx, layer, req.id, req.version);
      if (!found) throw notFound(`${layer.id} ${req.id} has no version ${req.version}`);
      if (found.op === 'delete') throw conflict(`version ${req.version} is the deletion of ${layer.id} ${req.id}; restore version ${req.version - 1}`, 'version');
      values = columnsFrom(layer, trx, found.snapshot);
      code = String(found.snapshot.code);
    }
    await codeFree(trx, layer, code, req.id);
    await markRestore(trx, req.version === undefined ? 'undeleted' : `restored from version ${req.version}`);
    await trx(layer.table)
      .where({ id: req.id })
      .update({ ...values, deleted_at: null, version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: by });
    return deleted;
  });
  deps.changes.notify({ layer: layer.id, id: req.id, op: wasDeleted ? 'insert' : 'update' });
  const feature = await deps.repo.get(layer, req.id, true);
  if (!feature) throw notFound(`${layer.id} ${req.id} does not exist`);
  return { feature, etag: etagFor(feature.properties.version as number) };
}
