/**
 * The columns of an export: the feature id, the layer's attributes a reader may see (private ones
 * only for signed-in staff), and the service's version and timestamps. Files for other tools
 * (GeoPackage, FlatGeobuf, CSV) need these declared up front, with a type each.
 */
import type { Feature, Geometry } from 'geojson';
import type { LayerDefinition } from '../layers/types.ts';
import { visibleAttributes } from '../layers/registry.ts';

export type ColumnType = 'string' | 'integer' | 'number' | 'datetime' | 'json' | 'boolean';

export interface ExportColumn {
  name: string;
  type: ColumnType;
  /** Chinese title, written where the format has room for it. */
  title?: string;
}

export function layerColumns(layer: LayerDefinition, includePrivate: boolean): ExportColumn[] {
  const attrs = visibleAttributes(layer, includePrivate).map((name): ExportColumn => {
    const a = layer.attributes[name];
    const type: ColumnType =
      a.type === 'integer' ? 'integer' : a.type === 'number' ? 'number' : a.type === 'datetime' ? 'datetime' : a.type === 'boolean' ? 'boolean' : a.type === 'string_list' || a.type === 'quantity_map' ? 'json' : 'string';
    return { name, type, title: a.title.zh };
  });
  return [
    { name: 'id', type: 'integer', title: '要素ID' },
    ...attrs,
    { name: 'version', type: 'integer', title: '版本' },
    { name: 'created_at', type: 'datetime', title: '创建时间' },
    { name: 'updated_at', type: 'datetime', title: '更新时间' },
    // Who wrote last is a staff login name: only in staff exports.
    ...(includePrivate ? [{ name: 'updated_by', type: 'string' as const, title: '更新人' }] : []),
  ];
}

/** Columns of an arbitrary FeatureCollection (an analysis result), from the values it holds. */
export function inferColumns(features: ReadonlyArray<Feature<Geometry | null>>): ExportColumn[] {
  const typeOf = (v: unknown): ColumnType => (typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'object' ? 'json' : 'string');
  const merge = (a: ColumnType | undefined, b: ColumnType): ColumnType => {
    if (!a || a === b) return b;
    if ((a === 'integer' || a === 'number') && (b === 'integer' || b === 'number')) return 'number';
    return a === 'json' || b === 'json' ? 'json' : 'string';
  };
  const seen = new Map<string, ColumnType | undefined>();
  if (features.some((f) => f.id !== undefined)) seen.set('id', features.every((f) => f.id === undefined || Number.isInteger(f.id)) ? 'integer' : 'string');
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      if (k === 'id' && seen.has('id')) continue;
      if (!seen.has(k)) seen.set(k, undefined);
      if (v !== null && v !== undefined) seen.set(k, merge(seen.get(k), typeOf(v)));
    }
  }
  return [...seen].map(([name, type]) => ({ name, type: type ?? 'string' }));
}

/**
 * A feature's value for a column: the id from the feature, the rest from its own properties (a
 * column "constructor" of a feature without that property is empty, not Object's constructor).
 */
export function columnValue(f: Feature<Geometry | null>, col: ExportColumn): unknown {
  const props = f.properties;
  const v = col.name === 'id' && f.id !== undefined ? f.id : props && Object.hasOwn(props, col.name) ? props[col.name] : undefined;
  return v === undefined ? null : v;
}

/** A value as text or number for formats without nested values (CSV, GeoPackage). */
export function flatValue(col: ExportColumn, v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (col.type === 'json' || (typeof v === 'object' && v !== null)) return JSON.stringify(v);
  if (col.type === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (col.type === 'integer' || col.type === 'number') {
    const n = Number(v);
    return Number.isFinite(n) ? n : String(v);
  }
  return String(v);
}
