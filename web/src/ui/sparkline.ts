/**
 * A sparkline as SVG: a small line of values in time order, each point coloured (a grade), so
 * a trend is seen before the table under it is read.
 */
const NS = 'http://www.w3.org/2000/svg';

export interface SparkPoint {
  value: number;
  colour: string;
  title: string;
}

export function sparkline(points: readonly SparkPoint[], label: string, width = 160, height = 34): SVGSVGElement {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'sparkline');
  const title = document.createElementNS(NS, 'title');
  title.textContent = label;
  svg.append(title);
  if (!points.length) return svg;
  const pad = 5;
  const lo = Math.min(...points.map((p) => p.value));
  const hi = Math.max(...points.map((p) => p.value));
  const x = (i: number) => (points.length === 1 ? width / 2 : pad + (i / (points.length - 1)) * (width - 2 * pad));
  const y = (v: number) => (hi === lo ? height / 2 : height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad));
  const line = document.createElementNS(NS, 'polyline');
  line.setAttribute('points', points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#4d4d4d');
  line.setAttribute('stroke-width', '1.5');
  svg.append(line);
  points.forEach((p, i) => {
    const dot = document.createElementNS(NS, 'circle');
    dot.setAttribute('cx', x(i).toFixed(1));
    dot.setAttribute('cy', y(p.value).toFixed(1));
    dot.setAttribute('r', '3.5');
    dot.setAttribute('fill', p.colour);
    dot.setAttribute('stroke', '#333');
    dot.setAttribute('stroke-width', '0.6');
    const tip = document.createElementNS(NS, 'title');
    tip.textContent = p.title;
    dot.append(tip);
    svg.append(dot);
  });
  return svg;
}
