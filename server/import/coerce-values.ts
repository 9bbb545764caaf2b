/**
 * Turns a file's cell into the value an attribute takes: numbers from text ("1,200"), enum
 * values from their Chinese or English labels ("开放" → open), lists from "水;厕所", inventories
 * from "帐篷:50;棉被:200", dates in Beijing time. The registry's schema then checks the result.
 */
import type { AttributeSpec } from '../layers/types.ts';

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const fail = (message: string): Coerced => ({ ok: false, message });
const shown = (v: unknown) => JSON.stringify(typeof v === 'string' ? v.slice(0, 60) : v);

function numberFrom(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim().replace(/^(-?\d{1,3}(,\d{3})+(\.\d+)?)$/, (m) => m.replace(/,/g, ''));
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : undefined;
}

const SPLIT_LIST = /[;；,，、|]/;

/** How yes and no are written in the bureau's sheets and in OpenStreetMap tags. */
const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', '是', '有', '对', '√', 'x']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', '否', '无', '没有', '×', '-']);

function dateTime(v: string): string | undefined {
  const t = v.trim().replace(/\//g, '-');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return t;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(:\d{2})?)?$/.exec(t);
  // A date or time without a zone is local time in Xinyi (UTC+8).
  return m ? `${m[1]}T${m[2] ?? '00:00'}${m[3] ?? ':00'}+08:00` : undefined;
}

export function coerceValue(spec: AttributeSpec, raw: unknown): Coerced {
  if (raw === null || raw === undefined) return ok(null);
  if (typeof raw === 'string' && raw.trim() === '') return ok(null);
  switch (spec.type) {
    case 'string':
      if (typeof raw === 'number') return ok(Number.isInteger(raw) ? raw.toFixed(0) : String(raw));
      return typeof raw === 'string' ? ok(raw.trim()) : fail(`expected text, got ${shown(raw)}`);
    case 'integer':
    case 'number': {
      const n = numberFrom(raw);
      if (n === undefined) return fail(`${shown(raw)} is not a number`);
      return ok(n);
    }
    case 'enum': {
      if (typeof raw !== 'string') return fail(`${shown(raw)} is not one of ${spec.values.join(', ')}`);
      const t = raw.trim();
      const lower = t.toLowerCase();
      const hit =
        spec.values.find((v) => v === t) ??
        spec.values.find((v) => v.toLowerCase() === lower) ??
        spec.values.find((v) => spec.labels?.[v] && (spec.labels[v].zh === t || spec.labels[v].en.toLowerCase() === lower));
      if (hit) return ok(hit);
      const allowed = spec.values.map((v) => (spec.labels?.[v] ? `${v} (${spec.labels[v].zh})` : v)).join(', ');
      return fail(`${shown(raw)} is not one of ${allowed}`);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw);
      if (typeof raw === 'number' && (raw === 0 || raw === 1)) return ok(raw === 1);
      const t = String(raw).trim().toLowerCase();
      if (TRUE_WORDS.has(t)) return ok(true);
      if (FALSE_WORDS.has(t)) return ok(false);
      return fail(`${shown(raw)} is not yes or no (是/否, true/false, 1/0)`);
    }
    case 'datetime': {
      const d = typeof raw === 'string' ? dateTime(raw) : undefined;
      return d ? ok(d) : fail(`${shown(raw)} is not a date (YYYY-MM-DD) or an ISO 8601 date-time`);
    }
    case 'string_list': {
      if (Array.isArray(raw)) return ok(raw.map((x) => String(x)));
      if (typeof raw !== 'string') return fail(`${shown(raw)} is not a list`);
      const t = raw.trim();
      if (t.startsWith('[')) {
        try {
          return ok(JSON.parse(t) as unknown);
        } catch {
          return fail(`${shown(raw)} is not a JSON list`);
        }
      }
      return ok(t.split(SPLIT_LIST).map((s) => s.trim()).filter(Boolean));
    }
    case 'quantity_map': {
      if (typeof raw === 'object' && !Array.isArray(raw)) return ok(raw);
      if (typeof raw !== 'string') return fail(`${shown(raw)} is not a list of item:quantity`);
      const t = raw.trim();
      if (t.startsWith('{')) {
        try {
          return ok(JSON.parse(t) as unknown);
        } catch {
          return fail(`${shown(raw)} is not a JSON object`);
        }
      }
      const items: Array<[string, number]> = [];
      for (const part of t.split(/[;；,，、|]/).map((s) => s.trim()).filter(Boolean)) {
        const m = /^(.+?)\s*[:：=]\s*([\d.,]+)\s*\S*$/.exec(part);
        const q = m ? numberFrom(m[2]) : undefined;
        if (!m || q === undefined) return fail(`"${part.slice(0, 40)}" is not item:quantity (e.g. 帐篷:50)`);
        items.push([m[1], q]);
      }
      // Own properties whatever the item names (an item "constructor" is an item).
      return ok(Object.fromEntries(items));
    }
  }
}
