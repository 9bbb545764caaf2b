/**
 * Reads Well-Known Binary (ISO and PostGIS EWKB flavours, through wkx) into GeoJSON, with Z and M
 * dropped, and the GeoPackage geometry blob around it. A corrupt blob is an error, not a crash.
 */
import type { Geometry } from 'geojson';
import wkx from 'wkx';
import { xyOnly } from '../layers/xy-only.ts';

export function readWkb(buf: Buffer): Geometry {
  let parsed: Geometry;
  try {
    parsed = wkx.Geometry.parse(buf).toGeoJSON() as Geometry;
  } catch (e) {
    // wkx reads counts as given and stops where the bytes end (a RangeError), or on a type it does not know.
    throw new Error(`the geometry blob is corrupt or of an unsupported type (${(e as Error).message})`, { cause: e });
  }
  return xyOnly(parsed);
}

/** A GeoPackage geometry blob (GeoPackage 1.3, §2.1.3): header, envelope, then WKB. Null when empty. */
export function readGpkgGeometry(blob: Buffer): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" header)');
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07];
  if (envelope === undefined) throw new Error('bad envelope code in the GeoPackage geometry header');
  return readWkb(blob.subarray(8 + envelope));
}
