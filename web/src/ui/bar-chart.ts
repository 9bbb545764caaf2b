/**
 * Horizontal bar charts as SVG: one row per item, its value written at the end of the bar, an
 * optional reference line (a standard, the city's figure) and stacked segments. SVG because the
 * charts print sharp on A4 at any size, their words are page text in the reader's language
 * (translated, searchable, read by screen readers), and they cost the bundle a few hundred bytes
 * — a charting library would add tens of kilobytes for bars that need no interaction.
 */
const NS = 'http://www.w3.org/2000/svg';

export interface BarSegment {
  value: number;
  colour: string;
  name: string;
}

export interface BarRow {
  label: string;
  /** null: nothing to measure (drawn as a dash). */
  value: number | null;
  text: string;
  colour: string;
  /** Stacked parts; their sum is the bar. */
  segments?: BarSegment[];
}

export interface BarChartOptions {
  title: string;
  rows: BarRow[];
  log?: boolean;
  reference?: { value: number; label: string } | null;
  /** Text of a row without a value. */
  empty?: string;
  /** Legend entries (stacked charts). */
  keys?: Array<{ name: string; colour: string }>;
}

const ROW = 17;
const BAR = 12;
const WIDTH = 360;
const FONT = 11;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Rough width of a label: CJK characters are about one em wide, Latin about 0.6 em. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? FONT : FONT * 0.6;
  return w;
}

export function barChart(o: BarChartOptions): SVGSVGElement {
  const labelW = Math.min(110, Math.max(36, ...o.rows.map((r) => textWidth(r.label)))) + 6;
  const valueW = Math.min(90, Math.max(30, ...o.rows.map((r) => textWidth(r.text)))) + 4;
  const keysH = o.keys?.length ? ROW : 0;
  const top = 4 + keysH;
  const refH = o.reference ? ROW : 0;
  const height = top + o.rows.length * ROW + refH + 4;
  const x0 = labelW;
  const span = WIDTH - labelW - valueW;
  const values = o.rows.map((r) => r.value).filter((v): v is number => v !== null);
  const all = o.reference ? [...values, o.reference.value] : values;
  const positive = all.filter((v) => v > 0);
  // log: from a decade under the smallest figure (at most 0.1) to the largest
  const lo = o.log ? Math.min(0.1, 10 ** Math.floor(Math.log10(Math.min(...positive, 1)))) : 0;
  const hi = Math.max(...all, o.log ? 10 : 1e-9);
  const scale = (v: number) => {
    if (o.log) return v <= lo ? 0 : (Math.log10(v / lo) / Math.log10(hi / lo)) * span;
    return (Math.max(0, v) / hi) * span;
  };

  const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', 'aria-label': o.title, class: 'bar-chart', 'font-size': FONT });
  svg.append(el('title', {}, o.title));
  if (o.keys?.length) {
    let x = x0;
    for (const k of o.keys) {
      svg.append(el('rect', { x, y: 4, width: 10, height: 10, fill: k.colour, stroke: '#555', 'stroke-width': 0.5 }));
      svg.append(el('text', { x: x + 13, y: 13 }, k.name));
      x += 13 + textWidth(k.name) + 10;
    }
  }
  o.rows.forEach((r, i) => {
    const y = top + i * ROW;
    const g = el('g', { class: 'bar-row' });
    g.append(el('text', { x: labelW - 6, y: y + BAR - 1, 'text-anchor': 'end', class: 'bar-label' }, r.label));
    let end = x0;
    if (r.value !== null) {
      if (r.segments?.length) {
        let acc = 0;
        for (const s of r.segments) {
          if (s.value <= 0) continue;
          const a = scale(acc);
          acc += s.value;
          const w = scale(acc) - a;
          const rect = el('rect', { x: x0 + a, y, width: Math.max(0.5, w), height: BAR, fill: s.colour, stroke: '#555', 'stroke-width': 0.4 });
          rect.append(el('title', {}, `${r.label} · ${s.name}: ${s.value}`));
          g.append(rect);
        }
        end = x0 + scale(acc);
      } else {
        const w = Math.max(r.value > 0 ? 1 : 0, scale(r.value));
        g.append(el('rect', { x: x0, y, width: w, height: BAR, fill: r.colour, stroke: '#555', 'stroke-width': 0.4 }));
        end = x0 + w;
      }
    }
    g.append(el('text', { x: end + 3, y: y + BAR - 1, class: 'bar-value', fill: r.value === null ? '#666' : '#111' }, r.value === null ? (o.empty ?? '—') : r.text));
    svg.append(g);
  });
  svg.append(el('line', { x1: x0, x2: x0, y1: top - 2, y2: top + o.rows.length * ROW, stroke: '#777', 'stroke-width': 0.8 }));
  if (o.reference) {
    const x = x0 + scale(o.reference.value);
    const yEnd = top + o.rows.length * ROW;
    svg.append(el('line', { x1: x, x2: x, y1: top - 2, y2: yEnd, stroke: '#0b4f8a', 'stroke-width': 1.2, 'stroke-dasharray': '4 2', class: 'bar-reference' }));
    svg.append(el('text', { x: Math.min(x, WIDTH - textWidth(o.reference.label)), y: yEnd + ROW - 4, fill: '#0b4f8a' }, o.reference.label));
  }
  return svg;
}
