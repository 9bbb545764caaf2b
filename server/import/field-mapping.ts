/**
 * Which attribute of the layer each field of the file fills. Given mappings come first, then
 * the mapping saved for this source, then automatic matches on the registry's own words: the
 * attribute's name, its Chinese and English titles, a few common synonyms, and — for .dbf
 * names cut to 10 bytes — a unique prefix of a title.
 */
import type { AttributeSpec, LayerDefinition } from '../layers/types.ts';
import { SYSTEM_COLUMNS } from '../layers/types.ts';
import { HttpError } from '../http/errors.ts';

/** File field → attribute (or null: left out). */
export type Mapping = Record<string, string | null>;

/*
 * Field names come from files and attribute names from requests: "constructor", "toString" or
 * "__proto__" are ordinary names there, so they are looked up as own properties only, and
 * mappings are built with Object.fromEntries (which makes "__proto__" an own property too).
 */

/** The layer's attribute of that name; never a member that every object has. */
function attributeNamed(layer: LayerDefinition, name: unknown): AttributeSpec | undefined {
  return typeof name === 'string' && Object.hasOwn(layer.attributes, name) ? layer.attributes[name] : undefined;
}

/** A mapping's own entry for a field: undefined when it has none. */
function mapped(m: Mapping, field: string): string | null | undefined {
  return Object.hasOwn(m, field) ? m[field] : undefined;
}

export interface MappingEntry {
  field: string;
  attribute: string | null;
  how: 'given' | 'saved' | 'automatic' | 'none';
  note?: string;
}

/** Words people use for an attribute beyond its titles (any layer that has the attribute). */
const SYNONYMS: Record<string, string[]> = {
  code: ['编码', '代码', '统一编号', '点号', '场所编号', '隐患点编号', 'id号', 'bh'],
  name: ['名字', '场所名称', '避难场所名称', '储备库名称', '村名', '镇名', 'mc'],
  town_code: ['镇街代码', '乡镇代码', '镇代码', '所属乡镇', '乡镇'],
  capacity: ['可容纳人数', '容量', '容纳量'],
  contact_name: ['负责人', '管理人'],
  contact_phone: ['电话', '联系方式', '手机'],
  population: ['人口数', '总人口'],
  residents: ['威胁人数', '受威胁人口'],
  monitor_name: ['监测员', '群测群防员'],
  monitor_phone: ['监测员电话'],
};

const SERVICE_FIELDS = new Set<string>(['id', 'fid', 'ogc_fid', 'objectid', ...SYSTEM_COLUMNS]);

/** Lower case, without spaces, separators, brackets and units in brackets. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s_\-–—.·:：/\\]/g, '');
}

function writable(layer: LayerDefinition): string[] {
  return Object.entries(layer.attributes)
    .filter(([, a]) => !a.readOnly)
    .map(([k]) => k);
}

function candidates(layer: LayerDefinition): Map<string, string> {
  const words = new Map<string, string>();
  const add = (word: string, attr: string) => {
    const w = normaliseName(word);
    if (w && !words.has(w)) words.set(w, attr);
  };
  const attrs = writable(layer);
  for (const k of attrs) add(k, k);
  for (const k of attrs) add(layer.attributes[k].title.zh, k);
  for (const k of attrs) add(layer.attributes[k].title.en, k);
  for (const k of attrs) for (const s of Object.hasOwn(SYNONYMS, k) ? SYNONYMS[k] : []) add(s, k);
  return words;
}

/** Checks a mapping sent with the file: keys are file fields, values attributes (or null to leave a field out). */
export function checkGivenMapping(layer: LayerDefinition, raw: unknown, fields: string[] | undefined): Mapping {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new HttpError(400, 'bad_mapping', 'mapping must be a JSON object from the file\'s field names to attribute names', [{ field: 'mapping', message: 'expected an object' }]);
  }
  const details = [];
  const out: Array<[string, string | null]> = [];
  const seen = new Map<string, string>();
  for (const [field, attr] of Object.entries(raw as Record<string, unknown>)) {
    if (fields && !fields.includes(field)) details.push({ field: `mapping.${field}`, message: `the file has no field "${field}" (fields: ${fields.slice(0, 40).join(', ')})` });
    if (attr === null) {
      out.push([field, null]);
      continue;
    }
    const spec = attributeNamed(layer, attr);
    if (!spec) details.push({ field: `mapping.${field}`, message: `${JSON.stringify(attr)} is not an attribute of ${layer.id} (attributes: ${writable(layer).join(', ')})` });
    else if (spec.readOnly) details.push({ field: `mapping.${field}`, message: `${attr} is set by the service and cannot be imported` });
    else if (seen.has(attr as string)) details.push({ field: `mapping.${field}`, message: `${attr} is already filled from "${seen.get(attr as string)}"` });
    else {
      seen.set(attr as string, field);
      out.push([field, attr as string]);
    }
  }
  if (details.length) throw new HttpError(400, 'bad_mapping', `the mapping does not fit the file and ${layer.id}`, details);
  return Object.fromEntries(out);
}

/**
 * Resolves fields to attributes, remembering each decision so that fields first seen later
 * in the file (GeoJSON features may differ) are matched the same way.
 */
export class FieldMapper {
  private readonly words: Map<string, string>;
  private readonly decided = new Map<string, MappingEntry>();
  private readonly taken = new Map<string, string>();

  constructor(
    private readonly layer: LayerDefinition,
    private readonly given: Mapping,
    private readonly saved: Mapping,
    private readonly geometryFields: string[] = [],
  ) {
    this.words = candidates(layer);
    for (const [f, a] of Object.entries(given)) if (a) this.taken.set(a, f);
  }

  /** Decides the fields known up front: whole-name matches first, so a cut name never takes another field's attribute. */
  prime(fields: string[]): void {
    for (const f of fields) {
      const e = this.decide(f, false);
      if (e.attribute || e.how !== 'none' || e.note !== 'no attribute matches') this.record(f, e);
    }
    for (const f of fields) this.attributeFor(f);
  }

  attributeFor(field: string): string | null {
    return (this.decided.get(field) ?? this.record(field, this.decide(field, true))).attribute;
  }

  private record(field: string, e: MappingEntry): MappingEntry {
    this.decided.set(field, e);
    if (e.attribute) this.taken.set(e.attribute, field);
    return e;
  }

  private decide(field: string, byPrefix: boolean): MappingEntry {
    const given = mapped(this.given, field);
    if (given !== undefined) return { field, attribute: given, how: 'given' };
    if (this.geometryFields.includes(field)) return { field, attribute: null, how: 'none', note: 'position' };
    const free = (a: string | null | undefined): a is string => {
      const spec = attributeNamed(this.layer, a);
      return !!a && !this.taken.has(a) && !!spec && !spec.readOnly;
    };
    const saved = mapped(this.saved, field);
    if (saved === null) return { field, attribute: null, how: 'saved' };
    if (free(saved)) return { field, attribute: saved, how: 'saved' };
    const n = normaliseName(field);
    if (SERVICE_FIELDS.has(n)) return { field, attribute: null, how: 'none', note: 'set by the service' };
    const exact = this.words.get(n);
    if (exact && attributeNamed(this.layer, exact)?.readOnly) return { field, attribute: null, how: 'none', note: `${exact} is set by the service` };
    if (free(exact)) return { field, attribute: exact, how: 'automatic' };
    if (exact) return { field, attribute: null, how: 'none', note: `${exact} is already filled from "${this.taken.get(exact)}"` };
    // A .dbf field name cut short: a prefix of exactly one title.
    if (byPrefix && n.length >= 2) {
      const hits = new Set([...this.words].filter(([w]) => w.startsWith(n)).map(([, a]) => a));
      const [only] = [...hits];
      if (hits.size === 1 && free(only)) return { field, attribute: only, how: 'automatic', note: `"${field}" read as the start of a longer name` };
    }
    for (const [k, a] of Object.entries(this.layer.attributes)) {
      if (a.readOnly && (normaliseName(k) === n || normaliseName(a.title.zh) === n)) return { field, attribute: null, how: 'none', note: `${k} is set by the service` };
    }
    return { field, attribute: null, how: 'none', note: 'no attribute matches' };
  }

  /** Every decision so far, in the order the fields were seen. */
  entries(): MappingEntry[] {
    return [...this.decided.values()];
  }

  /** The decisions as a mapping that can be saved and given again. */
  asMapping(): Mapping {
    return Object.fromEntries([...this.decided.values()].filter((e) => e.how !== 'none').map((e) => [e.field, e.attribute]));
  }
}
