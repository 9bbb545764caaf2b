/**
 * A Common Alerting Protocol 1.2 alert (OASIS CAP-V1.2) read into a warning: hazard and level,
 * headline and description, onset and expiry, source, severity and urgency, and the area —
 * from `<polygon>` ("lat,lon lat,lon …", closed), `<circle>` ("lat,lon radius-km") or
 * `<geocode>` (a township code, resolved by the caller to the town's outline).
 *
 * Hostile XML is refused before parsing: a document type declaration (which is how entity
 * expansion bombs and external entities arrive; CAP needs none), more than the allowed bytes,
 * or a structure that is not a CAP alert.
 */
import { circle } from '@turf/turf';
import { XMLParser } from 'fast-xml-parser';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { WARNING_HAZARDS, WARNING_LEVELS, type WarningHazard, type WarningLevel } from '../domain/vocabularies.ts';
import { HttpError, invalid, type ErrorDetail } from '../http/errors.ts';
import { ROOT_FIELD } from '../http/validation-errors.ts';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const MAX_CAP_BYTES = 1024 * 1024;

export interface CapWarning {
  code: string;
  hazard: WarningHazard;
  level: WarningLevel;
  headline: string;
  description: string | null;
  onset: string | null;
  expires: string | null;
  source: string | null;
  severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown' | null;
  urgency: 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown' | null;
  /** Polygons and circles of the alert's areas, in WGS84. */
  shapes: Polygon[];
  /** Township (or other) codes of `<geocode>` areas, for the caller to resolve. */
  geocodes: string[];
}

const badXml = (message: string, field = 'body') => new HttpError(400, 'bad_cap', message, [{ field, message }]);

/** Words of the event and parameters that name each hazard (Chinese and English). */
const HAZARD_WORDS: Array<[WarningHazard, RegExp]> = [
  ['geohazard', /地质灾害|地灾|geohazard|landslide|debris/i],
  ['typhoon', /台风|typhoon|tropical cyclone/i],
  ['rainstorm', /暴雨|rainstorm|heavy rain/i],
  ['flood', /洪水|洪涝|山洪|flood/i],
  ['forest_fire', /森林火险|森林火灾|forest fire|wildfire/i],
];
const LEVEL_WORDS: Array<[WarningLevel, RegExp]> = [
  ['red', /红色|red/i],
  ['orange', /橙色|orange/i],
  ['yellow', /黄色|yellow/i],
  ['blue', /蓝色|blue|白色|white/i],
];
/** When no colour is said: CAP severity read as a level. */
const LEVEL_OF_SEVERITY: Record<string, WarningLevel> = { Extreme: 'red', Severe: 'orange', Moderate: 'yellow', Minor: 'blue' };

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : typeof v === 'number' ? String(v) : null);

function isoTime(v: unknown, field: string, details: ErrorDetail[]): string | null {
  const t = text(v);
  if (t === null) return null;
  // CAP times are ISO 8601 with an offset (e.g. 2026-06-01T08:00:00+08:00).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/.test(t) || Number.isNaN(Date.parse(t))) {
    details.push({ field, message: `"${t.slice(0, 40)}" is not a CAP date-time (YYYY-MM-DDThh:mm:ss+hh:mm)` });
    return null;
  }
  return t;
}

/** "lat,lon lat,lon …" (CAP order: latitude first) to a closed GeoJSON ring. */
function polygonOf(v: string, field: string, details: ErrorDetail[]): Polygon | undefined {
  const ring: Position[] = [];
  for (const pair of v.trim().split(/\s+/)) {
    const [lat, lon] = pair.split(',').map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      details.push({ field, message: `"${pair.slice(0, 40)}" is not a "latitude,longitude" pair` });
      return undefined;
    }
    ring.push([lon, lat]);
  }
  if (ring.length < 4) return void details.push({ field, message: 'a CAP polygon needs at least four points (the first repeated last)' });
  const [a, b] = [ring[0], ring[ring.length - 1]];
  if (a[0] !== b[0] || a[1] !== b[1]) return void details.push({ field, message: 'a CAP polygon must end at its first point' });
  return { type: 'Polygon', coordinates: [ring] };
}

/** "lat,lon radius" (radius in km) to a 64-sided polygon. */
function circleOf(v: string, field: string, details: ErrorDetail[]): Polygon | undefined {
  const m = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s+([\d.]+)\s*$/.exec(v);
  const [lat, lon, km] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180 || !(km > 0) || km > 2000) {
    return void details.push({ field, message: `"${v.trim().slice(0, 40)}" is not "latitude,longitude radius-km"` });
  }
  return circle([lon, lat], km, { units: 'kilometers', steps: 64 }).geometry;
}

function pick<T extends string>(words: Array<[T, RegExp]>, ...texts: Array<string | null>): T | undefined {
  for (const t of texts) {
    if (!t) continue;
    const hit = words.find(([, re]) => re.test(t));
    if (hit) return hit[0];
  }
  return undefined;
}

/**
 * Reads a CAP 1.2 alert. The first `<info>` in Chinese (or the first one) gives the texts; all
 * `<area>`s of it give the shapes and geocodes.
 */
export function parseCapAlert(xml: string): CapWarning {
  if (Buffer.byteLength(xml) > MAX_CAP_BYTES) throw new HttpError(413, 'too_large', `a CAP alert may be at most ${MAX_CAP_BYTES} bytes`, [{ field: ROOT_FIELD, message: 'too large', cap: 'bytes', limit: MAX_CAP_BYTES }]);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw badXml('the alert declares a document type or entities; CAP alerts have none, and they are refused');
  let doc: unknown;
  try {
    const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, processEntities: false, parseTagValue: false, trimValues: true, isArray: (name) => ['info', 'area', 'polygon', 'circle', 'geocode', 'parameter'].includes(name) });
    doc = parser.parse(xml, true);
  } catch (e) {
    throw badXml(`the body is not well-formed XML: ${e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : 'unreadable'}`);
  }
  const alert = (doc as { alert?: Record<string, unknown> }).alert;
  if (!alert || typeof alert !== 'object') throw badXml('the document is not a CAP alert (no <alert> element)');
  const ns = alert['@_xmlns'];
  if (typeof ns === 'string' && ns !== CAP_NAMESPACE) throw badXml(`the alert is not CAP 1.2 (namespace ${ns.slice(0, 80)})`);
  const details: ErrorDetail[] = [];
  const infos = asList(alert.info as Record<string, unknown> | Record<string, unknown>[] | undefined);
  if (infos.length === 0) throw invalid('the alert has no <info>', [{ field: 'alert.info', message: 'required' }]);
  const info = infos.find((i) => /^zh/i.test(text(i.language) ?? '')) ?? infos[0];
  const params = asList(info.parameter as Array<Record<string, unknown>> | undefined).map((p) => `${text(p.valueName) ?? ''} ${text(p.value) ?? ''}`);
  const event = text(info.event);
  const headline = text(info.headline) ?? event;
  const hazard = pick(HAZARD_WORDS, ...params, event, headline) ?? 'other';
  const severity = text(info.severity) as CapWarning['severity'];
  const level = pick(LEVEL_WORDS, ...params, event, headline) ?? (severity ? LEVEL_OF_SEVERITY[severity] : undefined);
  if (!headline) details.push({ field: 'alert.info.headline', message: 'the alert needs a headline or an event' });
  if (!level) details.push({ field: 'alert.info.severity', message: 'no warning colour in the event or parameters, and no severity to read one from' });
  const identifier = text(alert.identifier);
  if (!identifier) details.push({ field: 'alert.identifier', message: 'required' });
  const shapes: Polygon[] = [];
  const geocodes: string[] = [];
  asList(info.area as Array<Record<string, unknown>> | undefined).forEach((area, a) => {
    asList(area.polygon as unknown[]).forEach((p, k) => {
      const poly = typeof p === 'string' ? polygonOf(p, `alert.info.area[${a}].polygon[${k}]`, details) : undefined;
      if (poly) shapes.push(poly);
    });
    asList(area.circle as unknown[]).forEach((c, k) => {
      const poly = typeof c === 'string' ? circleOf(c, `alert.info.area[${a}].circle[${k}]`, details) : undefined;
      if (poly) shapes.push(poly);
    });
    for (const g of asList(area.geocode as Array<Record<string, unknown>>)) {
      const v = text(g.value);
      if (v) geocodes.push(v);
    }
  });
  if (shapes.length === 0 && geocodes.length === 0 && details.length === 0) details.push({ field: 'alert.info.area', message: 'the alert has no <polygon>, <circle> or <geocode> area' });
  const onset = isoTime(info.onset ?? info.effective ?? alert.sent, 'alert.info.onset', details);
  const expires = isoTime(info.expires, 'alert.info.expires', details);
  if (details.length) throw invalid('the CAP alert cannot be read as a warning', details);
  const urgency = text(info.urgency) as CapWarning['urgency'];
  return {
    code: identifier!.slice(0, 200),
    hazard: WARNING_HAZARDS.includes(hazard) ? hazard : 'other',
    level: WARNING_LEVELS.includes(level!) ? level! : 'blue',
    headline: headline!.slice(0, 300),
    description: text(info.description)?.slice(0, 4000) ?? null,
    onset,
    expires,
    source: (text(info.senderName) ?? text(alert.sender))?.slice(0, 200) ?? null,
    severity: severity && ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'].includes(severity) ? severity : null,
    urgency: urgency && ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'].includes(urgency) ? urgency : null,
    shapes,
    geocodes,
  };
}

/** The alert's shapes and the resolved geocode outlines as one MultiPolygon. */
export function warningArea(shapes: readonly Polygon[], outlines: ReadonlyArray<Polygon | MultiPolygon>): MultiPolygon {
  const coordinates: Position[][][] = [];
  for (const s of [...shapes, ...outlines]) {
    if (s.type === 'Polygon') coordinates.push(s.coordinates);
    else coordinates.push(...s.coordinates);
  }
  return { type: 'MultiPolygon', coordinates };
}
