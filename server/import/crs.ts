/**
 * The coordinate systems a Chinese county bureau's files come in, and conversion of their
 * positions to WGS84 longitude/latitude (EPSG:4326), the only system OneMap stores.
 * CGCS2000 is treated as identical to WGS84: the two differ by centimetres, far below survey
 * accuracy of the data. GCJ-02 and BD-09 (the offsets of Chinese web maps) are undone by gcoord.
 */
import gcoordModule from 'gcoord';
import proj4 from 'proj4';

// gcoord's types declare an ES default export, but the package is CommonJS: the default import is the API itself.
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

export interface CrsRef {
  /** e.g. "EPSG:4525", "GCJ-02", or "WKT" for a definition OneMap has no code for. */
  id: string;
  label: string;
  /** A proj4 definition or WKT text when the id alone does not say how to convert. */
  definition?: string;
  /** Longitude/latitude in degrees (as opposed to metres). */
  geographic: boolean;
}

export type ToWgs84 = (x: number, y: number) => [number, number];

/** CGCS2000 3-degree Gauss–Krüger: EPSG:4513–4533 carry the zone number in the easting, 4534–4554 do not. */
const GK_FIRST_WITH_ZONE = 4513;
const GK_FIRST_NO_ZONE = 4534;
const GK_FIRST_ZONE = 25; // central meridian 75°E
const GK_LAST_ZONE = 45; // central meridian 135°E

function gaussKruger(code: number): { zone: number; prefixed: boolean } | undefined {
  if (code >= GK_FIRST_WITH_ZONE && code < GK_FIRST_WITH_ZONE + 21) return { zone: GK_FIRST_ZONE + code - GK_FIRST_WITH_ZONE, prefixed: true };
  if (code >= GK_FIRST_NO_ZONE && code < GK_FIRST_NO_ZONE + 21) return { zone: GK_FIRST_ZONE + code - GK_FIRST_NO_ZONE, prefixed: false };
  return undefined;
}

export function gaussKrugerCode(centralMeridian: number, zonePrefixed: boolean): number | undefined {
  const zone = centralMeridian / 3;
  if (!Number.isInteger(zone) || zone < GK_FIRST_ZONE || zone > GK_LAST_ZONE) return undefined;
  return (zonePrefixed ? GK_FIRST_WITH_ZONE : GK_FIRST_NO_ZONE) + zone - GK_FIRST_ZONE;
}

proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs');
for (let code = GK_FIRST_WITH_ZONE; code < GK_FIRST_NO_ZONE + 21; code++) {
  const gk = gaussKruger(code);
  if (!gk) continue;
  const falseEasting = gk.prefixed ? gk.zone * 1_000_000 + 500_000 : 500_000;
  proj4.defs(`EPSG:${code}`, `+proj=tmerc +lat_0=0 +lon_0=${gk.zone * 3} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs`);
}

export const WGS84: CrsRef = { id: 'EPSG:4326', label: 'WGS 84 longitude/latitude (EPSG:4326)', geographic: true };
export const GCJ02: CrsRef = { id: 'GCJ-02', label: 'GCJ-02 (Chinese web-map offset of WGS 84: Amap, Tencent, Google China)', geographic: true };
export const BD09: CrsRef = { id: 'BD-09', label: 'BD-09 (Baidu Maps offset of GCJ-02)', geographic: true };

/** The systems OneMap converts by code. */
export function crsByCode(code: number): CrsRef | undefined {
  if (code === 4326) return WGS84;
  if (code === 4490) return { id: 'EPSG:4490', label: 'CGCS2000 longitude/latitude (EPSG:4490)', geographic: true };
  if (code === 3857 || code === 900913) return { id: 'EPSG:3857', label: 'Web Mercator (EPSG:3857)', geographic: false };
  const gk = gaussKruger(code);
  if (gk) {
    const prefix = gk.prefixed ? `zone ${gk.zone}, eastings prefixed with the zone` : 'eastings without zone prefix';
    return { id: `EPSG:${code}`, label: `CGCS2000 3-degree Gauss–Krüger, central meridian ${gk.zone * 3}°E, ${prefix} (EPSG:${code})`, geographic: false };
  }
  return undefined;
}

export const SUPPORTED_CRS_HINT = 'EPSG:4326, EPSG:4490, EPSG:4513–4554 (CGCS2000 3-degree Gauss–Krüger; Xinyi: EPSG:4525 or EPSG:4546), EPSG:3857, gcj02 or bd09';

/**
 * Reads a coordinate system named by a person or a file: "EPSG:4546", "4546",
 * "urn:ogc:def:crs:EPSG::4490", "http://www.opengis.net/def/crs/EPSG/0/3857", "CRS84",
 * "gcj02", "bd09", "wgs84", "cgcs2000". Undefined when the name is not one of these.
 */
export function crsByName(text: string): CrsRef | undefined {
  const t = text.trim();
  const lower = t.toLowerCase().replace(/[\s_-]/g, '');
  if (['gcj02', 'gcj', 'mars', 'amap', 'gaode', 'tencent'].includes(lower)) return GCJ02;
  if (['bd09', 'bd09ll', 'baidu'].includes(lower)) return BD09;
  if (['wgs84', 'crs84', 'epsg4326'].includes(lower) || /opengis\.net\/def\/crs\/ogc\/1\.3\/crs84$/i.test(t) || /^urn:ogc:def:crs:ogc:(1\.3)?:crs84$/i.test(t)) return WGS84;
  if (['cgcs2000', 'china2000'].includes(lower)) return crsByCode(4490);
  const m = /^(?:epsg:{1,2}|urn:ogc:def:crs:epsg:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/)?(\d{4,6})$/i.exec(t);
  return m ? crsByCode(Number(m[1])) : undefined;
}

/** A converter from the system's positions to WGS84 [longitude, latitude]. */
export function toWgs84(crs: CrsRef): ToWgs84 {
  if (crs.id === 'EPSG:4326' || crs.id === 'EPSG:4490') return (x, y) => [x, y];
  if (crs.id === 'GCJ-02') return (x, y) => gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  if (crs.id === 'BD-09') return (x, y) => gcoord.transform([x, y], gcoord.BD09, gcoord.WGS84) as [number, number];
  const converter = proj4(crs.definition ?? crs.id, 'EPSG:4326');
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y]);
    return [lon, lat];
  };
}
