/**
 * A form for a feature's attributes, built from the layer registry: one labelled field per
 * writable attribute (a select for enums, number inputs with their bounds, text with its
 * pattern), read-only ones shown as text. `read()` returns the values or the fields in error.
 */
import type { AttributeInfo, Registry } from '../registry.ts';
import { label, t } from '../i18n.ts';
import { h } from './dom.ts';

export interface FeatureForm {
  element: HTMLElement;
  /** The edited properties, or null after marking the fields in error. */
  read(): Record<string, unknown> | null;
  /** Marks fields named by a server error (details[].field like "properties.capacity"). */
  showErrors(details: Array<{ field?: string; message: string }>): void;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function control(a: AttributeInfo, reg: Registry, layerId: string, value: unknown, id: string): Control {
  if (a.type === 'enum') {
    const select = h('select', { id, name: a.name });
    if (a.nullable || !a.required) select.append(h('option', { value: '' }, '—'));
    for (const v of a.values ?? []) select.append(h('option', { value: v, selected: v === value }, reg.valueLabel(layerId, a.name, v)));
    if (value !== undefined && value !== null) select.value = String(value);
    return select;
  }
  if (a.type === 'integer' || a.type === 'number') {
    return h('input', { id, name: a.name, type: 'number', step: a.type === 'integer' ? '1' : 'any', min: a.min, max: a.max, value: value === null || value === undefined ? '' : String(value) });
  }
  if (a.type === 'string_list') {
    return h('input', { id, name: a.name, value: Array.isArray(value) ? value.join(', ') : '' });
  }
  if (a.type === 'quantity_map') {
    const text = value && typeof value === 'object' ? Object.entries(value as Record<string, number>).map(([k, n]) => `${k}=${n}`).join('\n') : '';
    const area = h('textarea', { id, name: a.name, rows: 3 });
    area.value = text;
    return area;
  }
  return h('input', { id, name: a.name, value: value === null || value === undefined ? '' : String(value), maxlength: a.maxLength, pattern: a.pattern });
}

function parse(a: AttributeInfo, c: Control): { value: unknown } | { error: string } {
  const raw = c.value.trim();
  if (raw === '') return a.required && !a.nullable ? { error: t('required') } : { value: null };
  switch (a.type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n) || (a.type === 'integer' && !Number.isInteger(n))) return { error: a.type };
      if ((a.min !== undefined && n < a.min) || (a.max !== undefined && n > a.max)) return { error: `${a.min ?? ''} – ${a.max ?? ''}` };
      return { value: n };
    }
    case 'string_list':
      return { value: raw.split(/[,，]/).map((s) => s.trim()).filter(Boolean) };
    case 'quantity_map': {
      const out: Record<string, number> = {};
      for (const line of raw.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const m = /^(.+?)\s*[=:：]\s*(\d+(\.\d+)?)$/.exec(line);
        if (!m) return { error: line };
        out[m[1]] = Number(m[2]);
      }
      return { value: out };
    }
    default:
      if (a.pattern && !new RegExp(`^(?:${a.pattern})$`).test(raw)) return { error: a.pattern };
      return { value: raw };
  }
}

export function featureForm(reg: Registry, layerId: string, props: Record<string, unknown>, idPrefix = 'f'): FeatureForm {
  const layer = reg.layer(layerId);
  const fields = new Map<string, { a: AttributeInfo; c: Control; err: HTMLElement }>();
  const element = h('div', { class: 'form' });
  for (const a of layer?.attributes ?? []) {
    const id = `${idPrefix}-${layerId}-${a.name}`;
    if (a.readOnly) {
      const v = props[a.name];
      element.append(h('div', { class: 'kv' }, h('dt', {}, label(a.title)), h('dd', {}, a.type === 'enum' ? reg.valueLabel(layerId, a.name, v) : String(v ?? '—'))));
      continue;
    }
    const c = control(a, reg, layerId, props[a.name], id);
    const err = h('span', { class: 'field-error', id: `${id}-error`, hidden: true });
    c.setAttribute('aria-describedby', `${id}-error`);
    if (a.required) c.setAttribute('aria-required', 'true');
    element.append(h('label', { for: id }, `${label(a.title)}${a.required ? ` (${t('required')})` : ''}`, c, err));
    fields.set(a.name, { a, c, err });
  }
  const mark = (name: string, message: string | null) => {
    const f = fields.get(name);
    if (!f) return;
    f.err.hidden = message === null;
    f.err.textContent = message ?? '';
    f.c.setAttribute('aria-invalid', String(message !== null));
  };
  return {
    element,
    read() {
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const [name, { a, c }] of fields) {
        const r = parse(a, c);
        if ('error' in r) {
          mark(name, r.error);
          ok = false;
        } else {
          mark(name, null);
          out[name] = r.value;
        }
      }
      if (!ok) element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return ok ? out : null;
    },
    showErrors(details) {
      for (const d of details) {
        const name = (d.field ?? '').replace(/^properties\./, '').split(/[.[]/)[0];
        mark(name, d.message);
      }
    },
  };
}
