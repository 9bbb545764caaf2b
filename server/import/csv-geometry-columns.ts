/**
 * Which columns of a sheet hold the position: longitude/latitude (in many spellings, Chinese
 * included) or one WKT column; and reading a coordinate cell, decimal or 度分秒.
 */

const X_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', 'point_x', 'xcoord', '经度', '东经', 'x坐标', '横坐标', '经度(°)', '经度坐标'];
const Y_NAMES = ['lat', 'latitude', 'y', 'point_y', 'ycoord', '纬度', '北纬', 'y坐标', '纵坐标', '纬度(°)', '纬度坐标'];
const WKT_NAMES = ['wkt', 'geom', 'geometry', 'the_geom', 'shape', 'wkt_geom', '几何', '空间信息', '坐标串'];

export interface GeometryColumns {
  x?: string;
  y?: string;
  wkt?: string;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s（）()]/g, (c) => (c === '（' ? '(' : c === '）' ? ')' : c === ' ' ? '' : c));

export function findGeometryColumns(fields: string[], given: GeometryColumns): GeometryColumns {
  const find = (names: string[]) => fields.find((f) => names.includes(norm(f)));
  const wkt = given.wkt ?? find(WKT_NAMES);
  if (wkt && !given.x) return { wkt };
  return { x: given.x ?? find(X_NAMES), y: given.y ?? find(Y_NAMES) };
}

/** Names that hold the position, so that they are not reported as unmapped attributes. */
export function isGeometryColumn(cols: GeometryColumns, field: string): boolean {
  return field === cols.x || field === cols.y || field === cols.wkt;
}

/** "110.94", "110°56'28.3\"E", "110度56分28.3秒": degrees as a number; NaN when unreadable. */
export function parseCoordinate(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return NaN;
  const t = raw.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  const m = /^([-+]?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分])?\s*(?:(\d+(?:\.\d+)?)\s*(?:["″秒]|'')?)?\s*([NSEW东西南北])?$/i.exec(t);
  if (!m) return NaN;
  const v = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return m[4] && /[SW西南]/i.test(m[4]) ? -v : v;
}
