/**
 * How the planner's analysis results are drawn. Per town: graded colours (light = good, dark =
 * bad) with the figure written on the town; gap areas hatched; catchments as outlines shaded by
 * load; points in groups coloured by their worst member, single symbols when zoomed in.
 */
import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import RegularShape from 'ol/style/RegularShape.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import { GRADE_COLOURS } from '../map/styles.ts';
import { classColour, townName, type Indicator } from './town-figures.ts';

// ── towns ──

/** A town coloured by its class for the indicator, named and with its figure written on it. */
export function townStyle(indicator: () => Indicator): (f: FeatureLike, resolution: number) => Style {
  return (f, resolution) => {
    const p = f.getProperties();
    const ind = indicator();
    const v = ind.value(p);
    const colour = classColour(ind, p);
    return new Style({
      // full colour at county scale; lighter from town scale on, where the points take over
      fill: new Fill({ color: `${colour}${resolution > 60 ? 'c8' : '70'}` }),
      stroke: new Stroke({ color: '#4a1d48', width: 1.2 }),
      text: new Text({
        text: resolution < 700 ? `${townName(p)}\n${v === null ? '—' : ind.text(v)}` : v === null ? '—' : ind.text(v),
        font: 'bold 12px system-ui, sans-serif',
        fill: new Fill({ color: '#1a1a1a' }),
        stroke: new Stroke({ color: '#ffffff', width: 3.5 }),
        overflow: true,
      }),
    });
  };
}

function hatch(colour: string): CanvasPattern | string {
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const ctx = c.getContext('2d');
  if (!ctx) return colour;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(c, 'repeat') ?? colour;
}

let gap: Style | null = null;
/** Gap areas: hatched, so that they read over any town colour. */
export function gapAreaStyle(): Style {
  gap ??= new Style({ fill: new Fill({ color: hatch('rgba(20,20,20,0.55)') }), stroke: new Stroke({ color: 'rgba(17,17,17,0.8)', width: 0.8 }) });
  return gap;
}

// ── catchments ──

export const LOAD_COLOURS = ['#9e9e9e', '#6baed6', '#2171b5', '#b2182b'] as const;

/** 0 unused, 1 under half, 2 up to full, 3 over capacity. */
export function loadClass(p: Record<string, unknown>): number {
  const u = Number(p.utilisation ?? 0);
  return !(Number(p.load) > 0) ? 0 : u > 1 ? 3 : u >= 0.5 ? 2 : 1;
}

const catchmentCache = new Map<string, Style>();
/** Outline coloured by load class, fill shading growing with the load (never opaque). */
export function catchmentStyle(f: FeatureLike): Style {
  const p = f.getProperties();
  const k = loadClass(p);
  const u = Math.min(1, Math.max(0, Number(p.utilisation ?? 0)));
  const key = `${k}|${Math.round(u * 10)}`;
  let s = catchmentCache.get(key);
  if (!s) {
    const alpha = k === 0 ? 0 : k === 3 ? 0.4 : 0.06 + 0.3 * (Math.round(u * 10) / 10);
    const rgb = k === 3 ? '178,24,43' : '33,113,181';
    s = new Style({
      fill: new Fill({ color: `rgba(${rgb},${alpha.toFixed(2)})` }),
      stroke: new Stroke({ color: LOAD_COLOURS[k], width: k === 3 ? 2.2 : k === 0 ? 0.8 : 1.2, lineDash: k === 0 ? [3, 3] : undefined }),
    });
    catchmentCache.set(key, s);
  }
  return s;
}

const assigned = new Style({ stroke: new Stroke({ color: 'rgba(33,113,181,0.7)', width: 1.2 }) });
const beyond = new Style({ stroke: new Stroke({ color: 'rgba(178,24,43,0.8)', width: 1.2, lineDash: [4, 3] }) });
export function assignmentStyle(f: FeatureLike): Style {
  return f.get('within_radius') === false ? beyond : assigned;
}

// ── points and their groups ──

export type Shape = 'circle' | 'square' | 'diamond';

/** What a point layer shows: its classes (0 = mildest) and the symbol of one point. */
export interface PointLook {
  colours: readonly string[];
  classOf(p: Record<string, unknown>): number;
  shape: Shape;
  single(colour: string, p: Record<string, unknown>): Style | Style[];
}

const cross = (colour: string, r = 5.5, width = 2.6) => new RegularShape({ points: 4, radius: r, radius2: 0, angle: Math.PI / 4, stroke: new Stroke({ color: colour, width }) });
const whiteCross = (r = 5.5) => new Style({ image: cross('#ffffff', r + 0.8, 4.6) });

export const SHORTFALL_COLOURS = ['#fb6a4a', '#cb181d', '#67000d'] as const;
/** By travel the server gives minutes beyond the time limit, by straight line metres beyond the radius. */
const shortfallClass = (p: Record<string, unknown>) => {
  if (p.shortfall_minutes !== undefined && p.shortfall_minutes !== null) {
    const min = Number(p.shortfall_minutes);
    return min > 20 ? 2 : min > 5 ? 1 : 0;
  }
  const m = Number(p.shortfall_m ?? 0);
  return m > 2000 ? 2 : m > 500 ? 1 : 0;
};

export const uncoveredSiteLook: PointLook = {
  colours: SHORTFALL_COLOURS,
  classOf: shortfallClass,
  shape: 'circle',
  single: (c) => [whiteCross(), new Style({ image: cross(c) })],
};

export const uncoveredVillageLook: PointLook = {
  colours: SHORTFALL_COLOURS,
  classOf: shortfallClass,
  shape: 'circle',
  single: (c) => new Style({ image: new RegularShape({ points: 4, radius: 7, angle: Math.PI / 4, fill: new Fill({ color: 'rgba(255,255,255,0.7)' }), stroke: new Stroke({ color: c, width: 2.5 }) }) }),
};

const ring = (colour: string) => new Style({ image: new CircleStyle({ radius: 11, fill: new Fill({ color: 'rgba(255,255,255,0.55)' }), stroke: new Stroke({ color: colour, width: 3 }) }) });

export const unsafeShelterLook: PointLook = {
  colours: [GRADE_COLOURS.high, GRADE_COLOURS.very_high],
  classOf: (p) => (p.worst_grade === 'very_high' ? 1 : 0),
  shape: 'square',
  single: (c) => [ring(c), new Style({ image: cross(c, 8, 2.4) })],
};

export const OVERLOAD_COLOURS = ['#fdae6b', '#e6550d', '#a63603'] as const;
export const overloadedLook: PointLook = {
  colours: OVERLOAD_COLOURS,
  classOf: (p) => {
    const r = Number(p.load_ratio ?? 1);
    return r > 2 ? 2 : r > 1.5 ? 1 : 0;
  },
  shape: 'square',
  single: (c) => ring(c),
};

export const DEPOT_COLOURS = ['#bcbddc', '#807dba', '#4a1486'] as const;
export const depotGapLook: PointLook = {
  colours: DEPOT_COLOURS,
  classOf: (p) => {
    const r = Number(p.distance_m ?? 0) / Math.max(1, Number(p.max_distance_m ?? 1));
    return r > 3 ? 2 : r > 1.5 ? 1 : 0;
  },
  shape: 'diamond',
  single: (c) => new Style({ image: new RegularShape({ points: 4, radius: 6.5, fill: new Fill({ color: c }), stroke: new Stroke({ color: '#ffffff', width: 1.5 }) }) }),
};

export const UNASSIGNED_COLOURS = ['#fd8d3c', '#bd0026'] as const;
export const unassignedLook: PointLook = {
  colours: UNASSIGNED_COLOURS,
  classOf: (p) => (p.reason === 'capacity_exhausted' ? 0 : 1),
  shape: 'circle',
  single: (c) => [whiteCross(), new Style({ image: cross(c) })],
};

function groupImage(shape: Shape, colour: string, radius: number) {
  const fill = new Fill({ color: colour });
  const stroke = new Stroke({ color: '#ffffff', width: 1.8 });
  if (shape === 'circle') return new CircleStyle({ radius, fill, stroke });
  return new RegularShape({ points: 4, radius: radius * 1.3, angle: shape === 'square' ? Math.PI / 4 : 0, fill, stroke });
}

/** The style of a point layer's features: a group (OpenLayers cluster) or a single point. */
export function pointStyle(look: PointLook): (f: FeatureLike) => Style | Style[] {
  const cache = new Map<string, Style | Style[]>();
  return (f) => {
    const members = f.get('features') as FeatureLike[] | undefined;
    if (!members) return look.single(look.colours[look.classOf(f.getProperties())], f.getProperties());
    if (members.length === 1) {
      const p = members[0].getProperties();
      return look.single(look.colours[look.classOf(p)], p);
    }
    let worst = 0;
    for (const m of members) worst = Math.max(worst, look.classOf(m.getProperties()));
    const key = `${worst}|${members.length}`;
    let s = cache.get(key);
    if (!s) {
      const colour = look.colours[worst];
      s = new Style({
        image: groupImage(look.shape, colour, Math.min(17, 8 + Math.log2(members.length) * 1.7)),
        text: new Text({ text: String(members.length), font: 'bold 11px system-ui, sans-serif', fill: new Fill({ color: '#ffffff' }), stroke: new Stroke({ color: 'rgba(0,0,0,0.6)', width: 2.5 }) }),
      });
      cache.set(key, s);
    }
    return s;
  };
}

// ── siting ──

const radiusStyle = new Style({ fill: new Fill({ color: 'rgba(21,101,192,0.12)' }), stroke: new Stroke({ color: '#1565c0', width: 1.5, lineDash: [6, 4] }) });
export function sitingStyle(f: FeatureLike): Style | Style[] {
  if (f.getGeometry()?.getType() === 'Polygon') return radiusStyle;
  return [
    new Style({ image: new CircleStyle({ radius: 13, fill: new Fill({ color: '#ffffff' }), stroke: new Stroke({ color: '#1565c0', width: 2.5 }) }) }),
    new Style({
      text: new Text({ text: String(f.get('rank') ?? ''), font: 'bold 13px system-ui, sans-serif', fill: new Fill({ color: '#0d47a1' }) }),
    }),
  ];
}
