/**
 * Validation of feature properties, derived from the layer registry: unknown attributes are
 * rejected, enums and ranges enforced, required attributes present on create.
 */
import { z } from 'zod';
import type { AttributeSpec, LayerDefinition } from './types.ts';
import { SYSTEM_COLUMNS } from './types.ts';
import type { ErrorDetail } from '../http/errors.ts';
import { validationDetails } from '../http/validation-errors.ts';

export function attributeSchema(a: AttributeSpec): z.ZodType {
  let s: z.ZodType;
  switch (a.type) {
    case 'string': {
      let str = z.string().max(a.maxLength ?? 1000);
      if (a.pattern) str = str.regex(new RegExp(a.pattern), `must match ${a.pattern}`);
      s = str;
      break;
    }
    case 'enum':
      s = z.enum(a.values as [string, ...string[]]);
      break;
    case 'integer':
      s = z.number().int().min(a.min ?? -2_147_483_648).max(a.max ?? 2_147_483_647);
      break;
    case 'number':
      s = z.number().finite().min(a.min ?? -Number.MAX_VALUE).max(a.max ?? Number.MAX_VALUE);
      break;
    case 'datetime':
      s = z.iso.datetime({ offset: true });
      break;
    case 'boolean':
      s = z.boolean();
      break;
    case 'string_list':
      s = z.array(z.string().max(200)).max(a.maxItems ?? 100);
      break;
    case 'quantity_map':
      s = z.record(z.string().min(1).max(100), z.number().finite().min(0)).refine((m) => Object.keys(m).length <= 200, 'at most 200 items');
      break;
  }
  return a.nullable ? s.nullable() : s;
}

const cache = new Map<string, { create: z.ZodType; partial: z.ZodType }>();

function schemasFor(layer: LayerDefinition) {
  let entry = cache.get(layer.id);
  if (!entry) {
    const shape: Record<string, z.ZodType> = {};
    const partialShape: Record<string, z.ZodType> = {};
    for (const [name, a] of Object.entries(layer.attributes)) {
      if (a.readOnly) continue;
      const s = attributeSchema(a);
      shape[name] = a.required ? s : s.optional();
      partialShape[name] = s.optional();
    }
    entry = { create: z.strictObject(shape), partial: z.strictObject(partialShape) };
    cache.set(layer.id, entry);
  }
  return entry;
}

/** Attributes a client may send but that the service sets itself; dropped from writes. */
function serviceSet(layer: LayerDefinition): Set<string> {
  const s = new Set<string>(SYSTEM_COLUMNS);
  for (const [k, a] of Object.entries(layer.attributes)) if (a.readOnly) s.add(k);
  s.add('id');
  return s;
}

export type Properties = Record<string, unknown>;

type Result = { ok: true; properties: Properties } | { ok: false; details: ErrorDetail[] };

/** Checks a whole feature's properties (create or replace). */
export function checkProperties(layer: LayerDefinition, input: unknown, mode: 'create' | 'partial'): Result {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, details: [{ field: 'properties', message: 'properties must be a JSON object' }] };
  }
  const drop = serviceSet(layer);
  const writable = Object.fromEntries(Object.entries(input as Properties).filter(([k]) => !drop.has(k)));
  const schema = mode === 'create' ? schemasFor(layer).create : schemasFor(layer).partial;
  const parsed = schema.safeParse(writable);
  if (parsed.success) return { ok: true, properties: parsed.data as Properties };
  return { ok: false, details: validationDetails(parsed.error, { prefix: 'properties', unknownKey: (key) => `unknown attribute "${key}" for ${layer.id}` }) };
}
