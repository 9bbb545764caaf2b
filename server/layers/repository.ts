/**
 * One repository over knex for every layer: SQL is shared by PostGIS and PGlite.
 * Identifiers come from the layer registry, values are always bound parameters.
 */
import type { Feature } from 'geojson';
import type { Knex } from 'knex';
import type { LayerDefinition } from './types.ts';
import { visibleAttributes, visibleSystemColumns } from './registry.ts';
import { jsonColumn } from './layer-json.ts';
import type { LayerGeometry } from './validate-geometry.ts';
import type { CrsId } from './crs.ts';

export interface TimeBounds {
  /** Inclusive lower bound (ISO 8601, UTC). */
  gte?: string;
  /** Inclusive upper bound. */
  lte?: string;
  /** Exclusive upper bound (the end of a date). */
  lt?: string;
}

export interface SqlCondition {
  sql: string;
  bindings: Array<string | number | boolean>;
}

export type BBox = [number, number, number, number];

/** How features are written out: which properties, with or without geometry, in which CRS. */
export interface FeatureOutput {
  /** Features without their geometry (null). */
  skipGeometry: boolean;
  /** Only these properties, in this order; all when unset. */
  properties?: string[];
  /** The CRS the geometries are answered in (Part 2). */
  crs: CrsId;
}

export interface ListQuery {
  bbox?: BBox;
  /** A timestamp column (named by the layer registry) within bounds (ISO 8601 strings). */
  time?: { column: string } & TimeBounds;
  filters: Record<string, string>;
  /** A CQL2 filter as SQL: columns as ?? (queryables of the layer registry), values as ? bindings. */
  where?: SqlCondition;
  /** Order (columns named by the layer registry); the id always breaks ties. */
  sort?: Array<{ column: string; desc: boolean }>;
  limit: number;
  offset: number;
  includePrivate: boolean;
}

export interface StoredFeature extends Feature<LayerGeometry> {
  id: number;
  properties: Record<string, unknown>;
}

export interface WriteMeta {
  by: string;
}

type Row = Record<string, unknown> & { id: number; version: number; geometry: string };

export class FeatureRepository {
  constructor(private readonly knex: Knex) {}

  private columns(layer: LayerDefinition, includePrivate: boolean): Array<string | Knex.Raw> {
    return [
      'id',
      ...visibleSystemColumns(includePrivate),
      ...visibleAttributes(layer, includePrivate),
      this.knex.raw('ST_AsGeoJSON(geom) AS geometry'),
    ];
  }

  private where(layer: LayerDefinition, q: Pick<ListQuery, 'bbox' | 'time' | 'filters' | 'where' | 'includePrivate'>) {
    return (b: Knex.QueryBuilder) => {
      // What the public may see of the layer (e.g. warnings still in force); staff see everything.
      if (layer.publicWhere && !q.includePrivate) b.whereRaw(layer.publicWhere);
      if (q.bbox) {
        const [w, s, e, n] = q.bbox;
        // A bbox whose west edge is east of its east edge crosses the antimeridian.
        const boxes: BBox[] = w <= e ? [[w, s, e, n]] : [[w, s, 180, n], [-180, s, e, n]];
        b.where((o) => {
          for (const box of boxes) o.orWhereRaw('ST_Intersects(geom, ST_MakeEnvelope(?, ?, ?, ?, 4326))', box);
        });
      }
      if (q.time) {
        const { column, gte, lte, lt } = q.time;
        if (gte !== undefined) b.whereRaw('?? >= ?::timestamptz', [column, gte]);
        if (lte !== undefined) b.whereRaw('?? <= ?::timestamptz', [column, lte]);
        if (lt !== undefined) b.whereRaw('?? < ?::timestamptz', [column, lt]);
      }
      for (const [k, v] of Object.entries(q.filters)) {
        const spec = layer.attributes[k];
        // Filters arrive as strings; compare numeric attributes numerically.
        if (spec.type === 'integer' || spec.type === 'number') b.where(k, Number(v));
        else if (spec.type === 'boolean') b.where(k, v === 'true');
        else b.where(k, v);
      }
      if (q.where) b.whereRaw(q.where.sql, q.where.bindings);
    };
  }

  async list(layer: LayerDefinition, q: ListQuery): Promise<{ features: StoredFeature[]; numberMatched: number }> {
    const base = this.knex(layer.table).whereNull('deleted_at').where(this.where(layer, q));
    const [rows, count] = await Promise.all([
      base.clone().select(this.columns(layer, q.includePrivate)).orderBy([...(q.sort ?? []).map((s) => ({ column: s.column, order: s.desc ? 'desc' : 'asc', nulls: s.desc ? 'first' : 'last' })), 'id']).limit(q.limit).offset(q.offset) as Promise<Row[]>,
      base.clone().count<Array<{ n: number }>>({ n: '*' }),
    ]);
    return { features: rows.map((r) => toFeature(layer, r)), numberMatched: count[0].n };
  }

  /**
   * The features of a list query (no limit: all that match) as one JSON array text built by the
   * database, for an export encoded in a worker thread: the event loop never holds the objects.
   */
  async listJson(layer: LayerDefinition, q: Omit<ListQuery, 'limit'> & { limit?: number }): Promise<{ count: number; text: string }> {
    const names = [...visibleSystemColumns(q.includePrivate), ...visibleAttributes(layer, q.includePrivate)];
    const properties = `json_build_object(${names.map((n) => `'${n}', ${jsonColumn(n, layer.attributes[n])}`).join(', ')})`;
    const inner = this.knex(layer.table)
      .select('id', this.knex.raw(`json_build_object('type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom)::json, 'properties', ${properties}) AS f`))
      .whereNull('deleted_at')
      .where(this.where(layer, q))
      .orderBy('id')
      .offset(q.offset);
    if (q.limit !== undefined) inner.limit(q.limit);
    const r = (await this.knex.select(this.knex.raw("count(*) AS n, coalesce(json_agg(f ORDER BY id), '[]'::json)::text AS text")).from(inner.as('page'))) as Array<{ n: number; text: string }>;
    return { count: r[0].n, text: r[0].text };
  }

  async get(layer: LayerDefinition, id: number, includePrivate: boolean, trx: Knex = this.knex): Promise<StoredFeature | undefined> {
    const q = trx(layer.table).select(this.columns(layer, includePrivate)).where({ id }).whereNull('deleted_at');
    if (layer.publicWhere && !includePrivate) q.whereRaw(layer.publicWhere);
    const row = (await q.first()) as Row | undefined;
    return row ? toFeature(layer, row) : undefined;
  }

  /** The feature's version; inside a write's transaction the row is locked until it ends, so that concurrent writers take turns. */
  async version(layer: LayerDefinition, id: number, trx: Knex = this.knex): Promise<number | undefined> {
    let q = trx(layer.table).select('version').where({ id }).whereNull('deleted_at');
    if (trx !== this.knex) q = q.forUpdate();
    const row = (await q.first()) as { version: number } | undefined;
    return row?.version;
  }

  /** PostGIS's reason when a geometry is invalid (with the location), or undefined when it is valid. */
  async invalidReason(geometry: LayerGeometry, trx: Knex = this.knex): Promise<string | undefined> {
    const r = await trx.raw<{ rows: Array<{ reason: string }> }>('SELECT ST_IsValidReason(ST_GeomFromGeoJSON(?)) AS reason', [
      JSON.stringify(geometry),
    ]);
    const reason = r.rows[0].reason;
    return reason === 'Valid Geometry' ? undefined : reason;
  }

  /** Is `code` used by another feature of the layer? */
  async codeTaken(layer: LayerDefinition, code: string, exceptId: number | undefined, trx: Knex = this.knex): Promise<boolean> {
    const q = trx(layer.table).where({ code }).whereNull('deleted_at');
    if (exceptId !== undefined) q.whereNot({ id: exceptId });
    return (await q.first('id')) !== undefined;
  }

  private geomValue(layer: LayerDefinition, geometry: LayerGeometry): Knex.Raw {
    return geometryValue(this.knex, layer, JSON.stringify(geometry));
  }

  async insert(trx: Knex.Transaction, layer: LayerDefinition, props: Record<string, unknown>, geometry: LayerGeometry, meta: WriteMeta): Promise<number> {
    const [row] = await trx(layer.table)
      .insert({ ...encode(layer, props), geom: this.geomValue(layer, geometry), updated_by: meta.by })
      .returning('id');
    return (row as { id: number }).id;
  }

  /** Inserts many features with one statement (bulk import); ids in the order given. */
  async insertMany(trx: Knex.Transaction, layer: LayerDefinition, features: Array<{ properties: Record<string, unknown>; geometry: LayerGeometry }>, meta: WriteMeta): Promise<number[]> {
    if (features.length === 0) return [];
    const rows = features.map((f) => ({ ...encode(layer, f.properties), geom: this.geomValue(layer, f.geometry), updated_by: meta.by }));
    const ids = (await trx(layer.table).insert(rows).returning('id')) as Array<{ id: number }>;
    return ids.map((r) => r.id);
  }

  /**
   * Replaces attributes (and geometry) if the stored version is still `expectedVersion`.
   * Returns the new version, or undefined when another write got there first.
   */
  async update(
    trx: Knex.Transaction,
    layer: LayerDefinition,
    id: number,
    expectedVersion: number,
    props: Record<string, unknown>,
    geometry: LayerGeometry | undefined,
    meta: WriteMeta,
  ): Promise<number | undefined> {
    const values: Record<string, unknown> = {
      ...encode(layer, props),
      version: trx.raw('version + 1'),
      updated_at: trx.fn.now(),
      updated_by: meta.by,
    };
    if (geometry) values.geom = this.geomValue(layer, geometry);
    const rows = (await trx(layer.table).where({ id, version: expectedVersion }).whereNull('deleted_at').update(values).returning('version')) as Array<{ version: number }>;
    return rows[0]?.version;
  }

  /**
   * Deletes softly: the row is marked deleted (a new version, recorded in the history) and
   * disappears from every read, but keeps its id, gradings and history for a restore.
   */
  async delete(trx: Knex.Transaction, layer: LayerDefinition, id: number, expectedVersion: number, meta?: WriteMeta): Promise<boolean> {
    const rows = (await trx(layer.table)
      .where({ id, version: expectedVersion })
      .whereNull('deleted_at')
      .update({ deleted_at: trx.fn.now(), version: trx.raw('version + 1'), updated_at: trx.fn.now(), updated_by: meta?.by ?? null })
      .returning('id')) as unknown[];
    return rows.length > 0;
  }

  /** Every feature of a layer as one FeatureCollection (analysis and tile indexes). */
  async all(layer: LayerDefinition, includePrivate: boolean): Promise<StoredFeature[]> {
    const rows = (await this.knex(layer.table).select(this.columns(layer, includePrivate)).whereNull('deleted_at').orderBy('id')) as Row[];
    return rows.map((r) => toFeature(layer, r));
  }

  async count(layer: LayerDefinition): Promise<number> {
    const r = await this.knex(layer.table).whereNull('deleted_at').count<Array<{ n: number }>>({ n: '*' });
    return r[0].n;
  }

  async extent(layer: LayerDefinition): Promise<BBox | undefined> {
    const r = await this.knex.raw<{ rows: Array<{ w: number | null; s: number; e: number; n: number }> }>(
      `SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom)::geometry AS x FROM ${layer.table} WHERE deleted_at IS NULL) t`,
    );
    const b = r.rows[0];
    return b && b.w !== null ? [b.w, b.s, b.e, b.n] : undefined;
  }
}

/**
 * A GeoJSON geometry as the layer's column stores it: SRID 4326, multi-part for line and polygon
 * layers (a single line or polygon is accepted), with a third dimension for a layer of elevations.
 */
export function geometryValue(knex: Knex, layer: LayerDefinition, geojson: string): Knex.Raw {
  let sql = 'ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)';
  if (layer.geometryType !== 'Point') sql = `ST_Multi(${sql})`;
  if (layer.elevation) sql = `ST_Force3D(${sql})`;
  return knex.raw(sql, [geojson]);
}

/** jsonb columns are written as JSON text so both drivers store the same thing. */
function encode(layer: LayerDefinition, props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    const t = layer.attributes[k]?.type;
    out[k] = (t === 'string_list' || t === 'quantity_map') && v !== null && v !== undefined ? JSON.stringify(v) : v;
  }
  return out;
}

function toFeature(layer: LayerDefinition, row: Row): StoredFeature {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'id' || k === 'geometry') continue;
    properties[k] = normalise(layer, k, v);
  }
  return { type: 'Feature', id: row.id, geometry: JSON.parse(row.geometry) as LayerGeometry, properties };
}

function normalise(layer: LayerDefinition, key: string, v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v;
}
