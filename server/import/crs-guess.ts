/**
 * When a file declares no coordinate system, its numbers often tell: degrees, Gauss–Krüger
 * eastings with the zone number in front (37 500 000 m…), or Web Mercator metres. Eastings
 * without a zone prefix fit every zone, so those need the crs given.
 */
import { crsByCode, gaussKrugerCode, WGS84, type CrsRef } from './crs.ts';

export type Guess = { ok: true; crs: CrsRef; why: string } | { ok: false; reason: string };

export function guessCrs(x: number, y: number): Guess {
  if (Math.abs(x) <= 180 && Math.abs(y) <= 90) return { ok: true, crs: WGS84, why: 'the coordinates are degrees' };
  const zone = Math.floor(x / 1_000_000);
  const prefixed = zone >= 25 && zone <= 45 ? gaussKrugerCode(zone * 3, true) : undefined;
  if (prefixed !== undefined && y > 0 && y < 10_000_000) {
    return { ok: true, crs: crsByCode(prefixed)!, why: `the eastings start with zone number ${zone}` };
  }
  if (Math.abs(x) <= 20_037_509 && Math.abs(y) <= 20_048_967 && Math.abs(x) >= 1_000_000) {
    return { ok: true, crs: crsByCode(3857)!, why: 'the coordinates are Web Mercator metres' };
  }
  if (x > 0 && x < 1_000_000 && y > 0 && y < 10_000_000) {
    return { ok: false, reason: 'the coordinates look like Gauss–Krüger metres without a zone number; give crs (for Xinyi, central meridian 111°E: EPSG:4546)' };
  }
  return { ok: false, reason: `cannot tell the coordinate system of (${x}, ${y}); give crs` };
}
