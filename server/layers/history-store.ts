/**
 * Reads the feature history that the database records on every write (migrations/004_history.ts):
 * a feature's versions, one old version, the entries of a collection.
 */
import type { Knex } from 'knex';
import type { LayerDefinition } from './types.ts';
import type { StoredFeature } from './repository.ts';
import { badRequest } from '../http/errors.ts';
import { changedFields, geometryChanged, parseSnapshot, snapshotToFeature, type FieldChange, type Snapshot } from './snapshot.ts';

export type HistoryOp = 'create' | 'update' | 'delete' | 'restore' | 'purge';
export const HISTORY_OPS: readonly HistoryOp[] = ['create', 'update', 'delete', 'restore', 'purge'];

interface HistoryRow {
  id: number;
  feature_id: number;
  version: number;
  op: HistoryOp;
  actor: string | null;
  at: Date | string;
  note: string | null;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: number;
  feature_id: number;
  version: number;
  op: HistoryOp;
  by: string | null;
  at: string;
  note: string | null;
  changes: FieldChange[];
  geometry_changed: boolean;
}

export interface HistoryQuery {
  id?: number;
  op?: HistoryOp;
  limit: number;
  offset: number;
}

/** Entries of a collection (or of one feature), newest first; archived ones (a replaced dataset) left out. */
export async function listHistory(knex: Knex, layer: LayerDefinition, q: HistoryQuery, includePrivate: boolean): Promise<{ entries: HistoryEntry[]; numberMatched: number }> {
  const base = knex('feature_history').where({ collection: layer.id }).whereNull('archived_at');
  if (q.id !== undefined) base.where({ feature_id: q.id });
  if (q.op !== undefined) base.where({ op: q.op });
  const [rows, count] = await Promise.all([
    base.clone().select('id', 'feature_id', 'version', 'op', 'actor', 'at', 'note', 'before', 'after').orderBy('id', 'desc').limit(q.limit).offset(q.offset) as Promise<HistoryRow[]>,
    base.clone().count<Array<{ n: number }>>({ n: '*' }),
  ]);
  const entries = rows.map((r) => {
    const before = parseSnapshot(r.before);
    const after = parseSnapshot(r.after);
    return {
      id: r.id,
      feature_id: r.feature_id,
      version: r.version,
      op: r.op,
      by: r.actor,
      at: new Date(r.at).toISOString(),
      note: r.note,
      changes: changedFields(layer, before, after, includePrivate),
      geometry_changed: geometryChanged(before, after),
    };
  });
  return { entries, numberMatched: count[0].n };
}

/** The row as it stood at `version`; undefined when the feature never had that version. */
export async function snapshotAt(knex: Knex, layer: LayerDefinition, id: number, version: number): Promise<{ snapshot: Snapshot; op: HistoryOp } | undefined> {
  const row = (await knex('feature_history')
    .where({ collection: layer.id, feature_id: id, version })
    .whereNull('archived_at')
    .whereNotNull('after')
    .orderBy('id', 'desc')
    .first('after', 'op')) as { after: unknown; op: HistoryOp } | undefined;
  const snapshot = parseSnapshot(row?.after);
  return row && snapshot ? { snapshot, op: row.op } : undefined;
}

/**
 * An old version as a feature, or why there is none. `staff` readers see every version with its
 * private attributes and who wrote it; the public sees old versions of live features only (a
 * deleted feature is gone for them, its history too), without private attributes or who wrote it.
 */
export async function featureAtVersion(
  knex: Knex,
  layer: LayerDefinition,
  id: number,
  version: number,
  staff: boolean,
): Promise<{ feature: StoredFeature } | { missing: string }> {
  if (!staff && !(await knex(layer.table).where({ id }).whereNull('deleted_at').first('id'))) return { missing: `${layer.id} ${id} does not exist` };
  const found = await snapshotAt(knex, layer, id, version);
  if (!found) return { missing: `${layer.id} ${id} has no version ${version}; see /api/history?collection=${layer.id}&id=${id}` };
  if (found.op === 'delete') return { missing: `version ${version} of ${layer.id} ${id} is its deletion; version ${version - 1} is its last content` };
  return { feature: snapshotToFeature(layer, found.snapshot, staff) };
}

/** The `version` query parameter of a single feature: absent, or a positive whole number. */
export function versionParam(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw badRequest('version must be a positive whole number given once', [{ field: 'version', message: `got ${JSON.stringify(raw).slice(0, 40)}` }]);
  }
  return Number(raw);
}

/** The row as it stood when it was hard-deleted (outside the service), if it was. */
export async function purgedSnapshot(knex: Knex, layer: LayerDefinition, id: number): Promise<Snapshot | undefined> {
  const row = (await knex('feature_history')
    .where({ collection: layer.id, feature_id: id, op: 'purge' })
    .whereNull('archived_at')
    .orderBy('id', 'desc')
    .first('before')) as { before: unknown } | undefined;
  return parseSnapshot(row?.before) ?? undefined;
}
