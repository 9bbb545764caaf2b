/**
 * The per-town table of a coverage answer: its columns once, for the planner's panel (a few),
 * the printed report (all) and the CSV download (all, as plain numbers).
 */
import { countText, numberText, pctText, t, type UiKey } from '../i18n.ts';
import { h } from '../ui/dom.ts';
import { INDICATOR, townName, type Indicator, type TownProps } from './town-figures.ts';

export interface Column {
  id: string;
  title: UiKey;
  value(p: TownProps): number | string | null;
  text(v: number): string;
}

const num = (k: string) => (p: TownProps) => (typeof p[k] === 'number' ? (p[k] as number) : null);
const count = (v: number) => countText(v);

export const COLUMNS: Record<string, Column> = {
  code: { id: 'code', title: 'col_code', value: (p) => String(p.code ?? ''), text: String },
  residents: { id: 'residents', title: 'col_residents', value: num('residents'), text: count },
  coverage: { id: 'coverage', title: 'ind_coverage', value: (p) => INDICATOR.coverage.value(p), text: pctText },
  uncovered: { id: 'uncovered', title: 'ind_uncovered', value: num('uncovered_residents'), text: count },
  capacity: { id: 'capacity', title: 'col_capacity', value: (p) => INDICATOR.capacity.value(p), text: (v) => INDICATOR.capacity.text(v) },
  area: { id: 'area', title: 'col_area', value: (p) => (INDICATOR.area.value(p) === null ? null : num('area_per_resident_m2')(p)), text: (v) => t('m2', { n: numberText(v, v < 100 ? 1 : 0) }) },
  unsafe: { id: 'unsafe', title: 'col_unsafe', value: num('unsafe_shelters'), text: count },
  overloaded: { id: 'overloaded', title: 'overloaded', value: num('overloaded_shelters'), text: count },
  sites_high: { id: 'sites_high', title: 'col_sites_high', value: (p) => INDICATOR.grades.value(p), text: count },
  depot: { id: 'depot', title: 'depotGapVillages', value: num('villages_beyond_depot'), text: count },
};

export const PANEL_COLUMNS = ['coverage', 'uncovered', 'capacity', 'unsafe'] as const;
export const ALL_COLUMNS = ['residents', 'coverage', 'uncovered', 'capacity', 'area', 'unsafe', 'overloaded', 'sites_high', 'depot'] as const;

/** Towns worst first for an indicator (towns with nothing to measure last). */
export function worstFirst(towns: readonly TownProps[], ind: Indicator): TownProps[] {
  const key = (p: TownProps) => {
    const v = ind.value(p);
    return v === null ? -1 : ind.classOf(v) * 1e12 + (ind.id === 'coverage' || ind.id === 'capacity' || ind.id === 'area' || ind.id === 'placed' ? -v : v);
  };
  return [...towns].sort((a, b) => key(b) - key(a));
}

export function townTable(towns: readonly TownProps[], columns: readonly string[], id: string, caption: string): HTMLTableElement {
  const cols = columns.map((c) => COLUMNS[c]);
  return h(
    'table',
    { class: 'data', id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('town')), ...cols.map((c) => h('th', { scope: 'col', class: 'num', 'data-col': c.id }, t(c.title))))),
    h(
      'tbody',
      {},
      ...towns.map((p) =>
        h(
          'tr',
          { 'data-town': String(p.code) },
          h('th', { scope: 'row' }, townName(p)),
          ...cols.map((c) => {
            const v = c.value(p);
            return h('td', { class: 'num' }, v === null ? '—' : typeof v === 'number' ? c.text(v) : v);
          }),
        ),
      ),
    ),
  );
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula gets a quote mark. */
function cell(v: number | string | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The per-town table as CSV text (headers in the reader's language), with a byte-order mark for spreadsheets. */
export function townCsv(towns: readonly TownProps[], city: TownProps): string {
  const cols = ['code', ...ALL_COLUMNS].map((c) => COLUMNS[c]);
  const lines = [[t('town'), ...cols.map((c) => t(c.title))].map(cell).join(',')];
  for (const p of [...towns, { ...city, name: t('cityTotal'), name_en: t('cityTotal'), code: '' }]) lines.push([townName(p), ...cols.map((c) => c.value(p))].map(cell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
