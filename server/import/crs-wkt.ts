/**
 * Identifies the coordinate system of a .prj file or a GeoPackage srs definition (OGC or ESRI
 * WKT): by its EPSG authority when it has one, else by datum and projection parameters, so
 * that the many spellings of "CGCS2000 3-degree GK, central meridian 111°E" all land on one code.
 */
import proj4 from 'proj4';
import { crsByCode, gaussKrugerCode, WGS84, type CrsRef } from './crs.ts';

export type WktResult = { ok: true; crs: CrsRef } | { ok: false; reason: string };

function parameter(wkt: string, names: string[]): number | undefined {
  for (const name of names) {
    const m = new RegExp(`PARAMETER\\[\\s*"${name}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(wkt);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** The EPSG code the whole definition carries (the last authority closes the outermost node). */
function authorityCode(wkt: string): number | undefined {
  const m = /(?:AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]|ID\[\s*"EPSG"\s*,\s*(\d+)\s*\])\s*\]\s*$/i.exec(wkt.trim());
  return m ? Number(m[1] ?? m[2]) : undefined;
}

const OLD_DATUMS = /xian|xi'an|xi_an|beijing|1954|1980|krassovsky|krasovsky|iag[_ ]?1975/i;

export function crsFromWkt(text: string): WktResult {
  const wkt = text.replace(/^\uFEFF/, '').trim();
  if (!wkt) return { ok: false, reason: 'the coordinate system definition is empty' };
  const code = authorityCode(wkt);
  const known = code === undefined ? undefined : crsByCode(code);
  if (known) return { ok: true, crs: known };

  const projected = /^\s*(PROJCS|PROJCRS|PROJECTEDCRS)\b/i.test(wkt);
  const datum = /DATUM\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '';
  const cgcs2000 = /2000/.test(datum) && /china|cgcs/i.test(datum + wkt);
  const wgs84 = /wgs[_ ]?(19)?84/i.test(datum);
  if (OLD_DATUMS.test(datum)) {
    return { ok: false, reason: `the file is in datum "${datum}", which needs a datum transformation OneMap does not have; convert it to CGCS2000 or WGS 84 first` };
  }
  if (!projected && (cgcs2000 || wgs84) && /^\s*(GEOGCS|GEOGCRS|GEODCRS|GEOGRAPHICCRS)\b/i.test(wkt)) {
    return { ok: true, crs: cgcs2000 ? crsByCode(4490)! : WGS84 };
  }
  if (projected && /mercator_auxiliary_sphere|pseudo[_ ]mercator|popular visualisation/i.test(wkt)) return { ok: true, crs: crsByCode(3857)! };
  if (projected && cgcs2000 && /gauss|transverse[_ ]mercator/i.test(wkt)) {
    const cm = parameter(wkt, ['Central_Meridian', 'central_meridian', 'Longitude of natural origin']);
    const fe = parameter(wkt, ['False_Easting', 'false_easting', 'False easting']);
    const k = parameter(wkt, ['Scale_Factor', 'scale_factor', 'Scale factor at natural origin']) ?? 1;
    if (cm !== undefined && fe !== undefined && k === 1) {
      const gk = fe === 500_000 ? gaussKrugerCode(cm, false) : fe === (cm / 3) * 1_000_000 + 500_000 ? gaussKrugerCode(cm, true) : undefined;
      if (gk !== undefined) return { ok: true, crs: crsByCode(gk)! };
    }
  }
  // Something else: convert as the file describes it, if proj4 understands the description.
  try {
    proj4(wkt, 'EPSG:4326');
  } catch {
    return { ok: false, reason: 'the coordinate system definition is not one OneMap can read; give crs explicitly' };
  }
  const name = /^\s*\w+\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? 'unnamed';
  return { ok: true, crs: { id: 'WKT', label: `"${name}" as defined in the file`, definition: wkt, geographic: !projected } };
}
