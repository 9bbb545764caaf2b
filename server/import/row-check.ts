/**
 * Decides what one row of a file becomes: a new feature, an update of the feature with the same
 * code, nothing (unchanged or skipped), or a rejection with every reason. Validation is the
 * features API's own: the registry's attribute schema, the geometry checks, PostGIS validity.
 */
import type { Geometry } from 'geojson';
import type { Knex } from 'knex';
import type { LayerDefinition } from '../layers/types.ts';
import type { ErrorDetail } from '../http/errors.ts';
import { checkProperties, type Properties } from '../layers/attribute-schema.ts';
import { checkGeometry, type LayerGeometry } from '../layers/validate-geometry.ts';
import type { FeatureRepository } from '../layers/repository.ts';
import { coerceValue } from './coerce-values.ts';
import type { FieldMapper } from './field-mapping.ts';
import type { DuplicatePolicy } from './import-report.ts';
import { reproject } from './reproject.ts';
import type { ToWgs84 } from './crs.ts';
import { repairGeometry } from './repair-geometry.ts';
import type { SourceRow } from './source.ts';
import { sameFeature } from './same-feature.ts';

export interface Existing {
  id: number;
  version: number;
}

export type Checked =
  | { action: 'reject'; code?: string; id?: number; reasons: ErrorDetail[]; repair?: { problem: string; applied: boolean } }
  | { action: 'skip' | 'unchanged'; code: string; id: number }
  | { action: 'insert'; code: string; properties: Properties; geometry: LayerGeometry; repair?: { problem: string; applied: boolean } }
  | { action: 'update'; code: string; id: number; version: number; properties: Properties; geometry: LayerGeometry; repair?: { problem: string; applied: boolean } };

export interface CheckContext {
  layer: LayerDefinition;
  mapper: FieldMapper;
  repo: FeatureRepository;
  onDuplicate: DuplicatePolicy;
  repair: boolean;
  /** Live features of the layer by code. */
  existing: Map<string, Existing>;
  /** Codes met earlier in this file, with their row. */
  seen: Map<string, number>;
  /** The converter to WGS84, decided from the first geometry. */
  toWgs84(first: Geometry): ToWgs84;
}

function mapRow(ctx: CheckContext, row: SourceRow): { props: Properties; reasons: ErrorDetail[] } {
  const props: Properties = {};
  const reasons: ErrorDetail[] = [];
  for (const [field, raw] of Object.entries(row.fields)) {
    const attr = ctx.mapper.attributeFor(field);
    if (!attr) continue;
    const c = coerceValue(ctx.layer.attributes[attr], raw);
    if (c.ok) props[attr] = c.value;
    else reasons.push({ field: `properties.${attr}`, column: field, message: c.message });
  }
  return { props, reasons };
}

/** Schema messages name the attribute; add the file's column, which is what the user sees. */
function withColumns(details: ErrorDetail[], columns: Map<string, string>): ErrorDetail[] {
  return details.map((d) => {
    const attr = d.field?.replace(/^properties\./, '').split('.')[0];
    const column = attr ? columns.get(attr) : undefined;
    return column ? { ...d, column } : d;
  });
}

export async function checkRow(ctx: CheckContext, row: SourceRow, db: Knex): Promise<Checked> {
  const { layer } = ctx;
  const reasons: ErrorDetail[] = [];
  if (row.problem) reasons.push({ field: row.geometry === undefined ? 'geometry' : 'file', message: row.problem });
  const { props, reasons: valueReasons } = mapRow(ctx, row);
  reasons.push(...valueReasons);
  const columns = new Map(ctx.mapper.entries().filter((e) => e.attribute).map((e) => [e.attribute as string, e.field]));
  const code = typeof props.code === 'string' ? props.code : undefined;

  let geometry: LayerGeometry | undefined;
  if (row.geometry === null) reasons.push({ field: 'geometry', message: 'the row has no geometry' });
  else if (row.geometry) {
    const g = checkGeometry(reproject(row.geometry, ctx.toWgs84(row.geometry), layer.elevation), layer.geometryType, layer.elevation);
    if (g.ok) geometry = g.geometry;
    else reasons.push(...g.details);
  }

  const earlier = code === undefined ? undefined : ctx.seen.get(code);
  if (code !== undefined && earlier === undefined) ctx.seen.set(code, row.row);
  if (earlier !== undefined) reasons.push({ field: 'properties.code', message: `code ${code} already appears at row ${earlier} of this file` });
  const existing = code === undefined ? undefined : ctx.existing.get(code);
  if (existing && ctx.onDuplicate === 'skip' && reasons.length === 0) return { action: 'skip', code: code!, id: existing.id };
  if (existing && ctx.onDuplicate === 'reject') {
    reasons.push({ field: 'properties.code', message: `${layer.id} ${existing.id} already has code ${code}; import with on_duplicate=update to update it, or skip` });
  }

  // A new feature needs every required attribute; an update changes only what the file holds.
  const mode = existing ? 'partial' : 'create';
  const given = mode === 'create' ? Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null)) : props;
  if (mode === 'create') {
    for (const [k, a] of Object.entries(layer.attributes)) {
      if (a.required && !a.readOnly && given[k] === undefined && !reasons.some((r) => r.field === `properties.${k}`)) {
        reasons.push({ field: `properties.${k}`, ...(columns.has(k) ? { column: columns.get(k) } : {}), message: `${k} (${a.title.zh}) is required${columns.has(k) ? ' and empty here' : '; no field of the file maps to it'}` });
      }
    }
  }
  const checked = checkProperties(layer, Object.fromEntries(Object.entries(given).filter(([k]) => !reasons.some((r) => r.field === `properties.${k}`))), 'partial');
  if (!checked.ok) reasons.push(...withColumns(checked.details, columns));

  let repair: { problem: string; applied: boolean } | undefined;
  if (geometry && layer.geometryType === 'MultiPolygon') {
    const problem = await ctx.repo.invalidReason(geometry, db);
    if (problem) {
      const fixed = ctx.repair ? await repairGeometry(geometry, db) : undefined;
      repair = { problem, applied: !!fixed };
      if (fixed) geometry = fixed;
      else reasons.push({ field: 'geometry', message: `${problem}${ctx.repair ? ' (and ST_MakeValid could not repair it)' : '; import with repair=true to repair it with ST_MakeValid'}` });
    }
  }

  if (reasons.length || !checked.ok || !geometry || code === undefined) {
    return { action: 'reject', ...(code ? { code } : {}), ...(existing ? { id: existing.id } : {}), reasons, ...(repair ? { repair } : {}) };
  }
  const properties = checked.properties;
  if (!existing) return { action: 'insert', code, properties, geometry, ...(repair ? { repair } : {}) };
  const stored = await ctx.repo.get(layer, existing.id, true, db);
  if (stored && sameFeature(stored, properties, geometry)) return { action: 'unchanged', code, id: existing.id };
  return { action: 'update', code, id: existing.id, version: existing.version, properties, geometry, ...(repair ? { repair } : {}) };
}
