/**
 * How each layer is drawn. Grades use the colours of China's geohazard risk survey (极高 red,
 * 高 orange, 中 yellow, 低 blue); shelters have one shape per type and one fill per status.
 * The legend draws its swatches with these same styles.
 */
import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import RegularShape from 'ol/style/RegularShape.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import type ImageStyle from 'ol/style/Image.js';
import { GRADES, WARNING_LEVELS, type Grade, type WarningLevel } from '../../../server/domain/vocabularies.ts';
import { lang, numberText, t } from '../i18n.ts';

export const GRADE_COLOURS: Record<Grade, string> = { very_high: '#d7191c', high: '#f28c00', medium: '#f2d300', low: '#2b83ba' };
const ZONE_FILL: Record<Grade, string> = {
  very_high: 'rgba(215,25,28,0.38)',
  high: 'rgba(242,140,0,0.34)',
  medium: 'rgba(242,211,0,0.30)',
  low: 'rgba(43,131,186,0.22)',
};
const UNGRADED = '#8a8a8a';

const GREEN = '#1b7f3b';
const GREY = '#6b6b6b';

function shelterImage(type: string, status: string, scale = 1): ImageStyle {
  const filled = status === 'open' || status === 'closed';
  const colour = status === 'open' || status === 'standby' ? GREEN : GREY;
  const fill = new Fill({ color: filled ? colour : '#ffffff' });
  const stroke = new Stroke({ color: filled ? '#ffffff' : colour, width: filled ? 1.5 : 2.5, lineDash: status === 'planned' ? [3, 2] : undefined });
  const r = 7 * scale;
  switch (type) {
    case 'emergency':
      return new CircleStyle({ radius: r, fill, stroke });
    case 'short_term':
      return new RegularShape({ points: 4, radius: r * 1.25, angle: Math.PI / 4, fill, stroke });
    case 'mid_term':
      return new RegularShape({ points: 3, radius: r * 1.35, fill, stroke });
    default:
      return new RegularShape({ points: 5, radius: r * 1.45, radius2: r * 0.65, fill, stroke });
  }
}

const shelterCache = new Map<string, Style>();
export function shelterStyle(type: string, status: string, scale = 1): Style {
  const key = `${type}|${status}|${scale}`;
  let s = shelterCache.get(key);
  if (!s) {
    s = new Style({ image: shelterImage(type, status, scale) });
    shelterCache.set(key, s);
  }
  return s;
}

/** Shelters show one by one under this resolution (m/px), in groups above it (the county on a phone). */
export const SHELTER_GROUPS_FROM = 120;

/** While an operation uses a shelter: its places left on a tag beside the symbol (red when full). */
function vacancyTag(vacancies: number, scale: number): Style {
  return new Style({
    text: new Text({
      text: t('placesLeftShort', { n: numberText(Math.max(0, vacancies), 0) }),
      font: 'bold 11px system-ui, sans-serif',
      offsetX: 12 * scale,
      offsetY: -10 * scale,
      textAlign: 'left',
      fill: new Fill({ color: '#ffffff' }),
      backgroundFill: new Fill({ color: vacancies > 0 ? GREEN : '#a01010' }),
      padding: [1, 3, 0, 3],
    }),
  });
}

export function shelterFeatureStyle(f: FeatureLike, resolution: number): Style[] {
  const p = f.getProperties();
  // Smaller symbols at city scale, where three hundred shelters share the screen.
  const scale = resolution > 80 ? 0.7 : resolution > 40 ? 0.8 : 1;
  const base = shelterStyle(String(p.shelter_type), String(p.status), scale);
  const tag = typeof p.vacancies === 'number' ? [vacancyTag(p.vacancies, scale)] : [];
  if (resolution > 40) return [base, ...tag];
  // Names once the map is close enough to read them.
  return [
    base,
    ...tag,
    new Style({
      text: new Text({
        text: String(p.name ?? ''),
        font: '12px system-ui, sans-serif',
        offsetY: 16,
        fill: new Fill({ color: '#0f3d1e' }),
        stroke: new Stroke({ color: '#ffffff', width: 3 }),
      }),
    }),
  ];
}

/** The shelter picked for "where do I go": the usual symbol on a highlight ring. */
export function highlightedShelterStyle(f: FeatureLike): Style[] {
  const p = f.getProperties();
  return [
    new Style({ image: new CircleStyle({ radius: 15, fill: new Fill({ color: 'rgba(255,255,255,0.85)' }), stroke: new Stroke({ color: '#0b4f8a', width: 3 }) }) }),
    new Style({ image: shelterImage(String(p.shelter_type), String(p.status), 1.2) }),
  ];
}

const zoneCache = new Map<string, Style>();
export function zoneStyle(grade: string): Style {
  let s = zoneCache.get(grade);
  if (!s) {
    const g = (GRADES as readonly string[]).includes(grade) ? (grade as Grade) : 'low';
    s = new Style({ fill: new Fill({ color: ZONE_FILL[g] }), stroke: new Stroke({ color: GRADE_COLOURS[g], width: 1 }) });
    zoneCache.set(grade, s);
  }
  return s;
}

export function zoneFeatureStyle(f: FeatureLike): Style {
  return zoneStyle(String(f.get('grade')));
}

const siteCache = new Map<string, Style>();
export function siteStyle(grade: string | null, radius = 4): Style {
  const key = `${grade}|${radius}`;
  let s = siteCache.get(key);
  if (!s) {
    const colour = grade && grade in GRADE_COLOURS ? GRADE_COLOURS[grade as Grade] : UNGRADED;
    s = new Style({ image: new CircleStyle({ radius, fill: new Fill({ color: colour }), stroke: new Stroke({ color: '#333333', width: 0.8 }) }) });
    siteCache.set(key, s);
  }
  return s;
}

/**
 * A cluster of sites (vector tiles at low zooms): sized by count, coloured by its worst grade;
 * smaller when the whole county fits a phone's width, so that groups do not hide each other.
 */
export function clusterStyle(f: FeatureLike, resolution = 0): Style {
  const n = Number(f.get('point_count') ?? 1);
  const grade = (f.get('grade') as string | undefined) ?? null;
  const colour = grade && grade in GRADE_COLOURS ? GRADE_COLOURS[grade as Grade] : UNGRADED;
  const small = resolution > 200;
  return new Style({
    image: new CircleStyle({ radius: small ? Math.min(9, 4.5 + Math.log2(n) * 0.8) : Math.min(16, 6 + Math.log2(n) * 1.6), fill: new Fill({ color: `${colour}99` }), stroke: new Stroke({ color: '#333333', width: 1 }) }),
    text: new Text({ text: String(f.get('point_count_abbreviated') ?? n), font: `bold ${small ? 9 : 11}px system-ui, sans-serif`, fill: new Fill({ color: '#111111' }), stroke: new Stroke({ color: '#ffffff', width: 3 }) }),
  });
}

const groupCache = new Map<string, Style>();
/** A group of shelters at county scale: a green disc with how many; one shelter keeps its symbol. */
export function shelterGroupStyle(f: FeatureLike, resolution: number): Style | Style[] {
  const members = (f.get('features') as FeatureLike[] | undefined) ?? [f];
  if (members.length === 1) return shelterFeatureStyle(members[0], resolution);
  const small = resolution > 200;
  const key = `${members.length}|${small}`;
  let s = groupCache.get(key);
  if (!s) {
    s = new Style({
      image: new CircleStyle({ radius: Math.min(small ? 9 : 12, 5.5 + Math.log2(members.length) * (small ? 0.9 : 1.3)), fill: new Fill({ color: GREEN }), stroke: new Stroke({ color: '#ffffff', width: 1.2 }) }),
      text: new Text({ text: String(members.length), font: `bold ${small ? 9 : 10}px system-ui, sans-serif`, fill: new Fill({ color: '#ffffff' }) }),
    });
    groupCache.set(key, s);
  }
  return s;
}

export function siteFeatureStyle(f: FeatureLike, resolution: number): Style | undefined {
  if (f.get('cluster')) return clusterStyle(f, resolution);
  // A county of dots says little at city scale; they appear from about 1:150 000.
  if (resolution > 60) return undefined;
  return siteStyle((f.get('grade') as string | null) ?? null);
}

function placeName(f: FeatureLike): string {
  const en = f.get('name_en') as string | null | undefined;
  return lang() === 'en' && en ? en : String(f.get('name') ?? '');
}

export function townFeatureStyle(f: FeatureLike, resolution: number): Style {
  return new Style({
    fill: new Fill({ color: 'rgba(255,255,255,0.01)' }),
    stroke: new Stroke({ color: '#4a4a4a', width: 1.6, lineDash: [6, 3] }),
    text:
      resolution < 400
        ? new Text({
            text: placeName(f),
            font: `bold ${resolution > 200 ? 12 : 14}px system-ui, sans-serif`,
            fill: new Fill({ color: '#222222' }),
            stroke: new Stroke({ color: '#ffffff', width: 3.5 }),
            overflow: true,
          })
        : undefined,
  });
}

const villageDot = new CircleStyle({ radius: 2.5, fill: new Fill({ color: '#444444' }) });
export function villageFeatureStyle(f: FeatureLike, resolution: number): Style {
  return new Style({
    image: villageDot,
    text:
      resolution < 40
        ? new Text({
            text: placeName(f),
            font: '12px system-ui, sans-serif',
            offsetY: -10,
            fill: new Fill({ color: '#333333' }),
            stroke: new Stroke({ color: '#ffffff', width: 3 }),
          })
        : undefined,
  });
}

export const youStyle = new Style({
  image: new CircleStyle({ radius: 8, fill: new Fill({ color: '#1565c0' }), stroke: new Stroke({ color: '#ffffff', width: 3 }) }),
});

export const routeStyle = [
  new Style({ stroke: new Stroke({ color: '#ffffff', width: 7 }) }),
  new Style({ stroke: new Stroke({ color: '#0b4f8a', width: 4, lineDash: [10, 6] }) }),
];

/** Warning colours of China's four-level signals (蓝 黄 橙 红). */
export const WARNING_COLOURS: Record<WarningLevel, string> = { blue: '#1f6fd1', yellow: '#f2d300', orange: '#f28c00', red: '#d7191c' };
const WARNING_FILL: Record<WarningLevel, string> = {
  blue: 'rgba(31,111,209,0.18)',
  yellow: 'rgba(242,211,0,0.22)',
  orange: 'rgba(242,140,0,0.22)',
  red: 'rgba(215,25,28,0.22)',
};

const warningCache = new Map<string, Style>();
/** A warning's area: a wash and a thick outline in its level's colour. */
export function warningStyle(level: string): Style {
  let s = warningCache.get(level);
  if (!s) {
    const l = (WARNING_LEVELS as readonly string[]).includes(level) ? (level as WarningLevel) : 'blue';
    s = new Style({ fill: new Fill({ color: WARNING_FILL[l] }), stroke: new Stroke({ color: WARNING_COLOURS[l], width: 3 }), zIndex: 1 });
    warningCache.set(level, s);
  }
  return s;
}

/** Whether a warning is in force now (not yet expired). */
export function inForce(p: { expires?: unknown }, now = Date.now()): boolean {
  if (typeof p.expires !== 'string' || !p.expires) return true;
  const t = Date.parse(p.expires);
  return Number.isNaN(t) || t > now;
}

/** Warnings in force, in their level's colour; expired ones are not drawn (staff also receive them). */
export function warningFeatureStyle(f: FeatureLike): Style | undefined {
  const p = f.getProperties();
  return inForce(p) ? warningStyle(String(p.level)) : undefined;
}
