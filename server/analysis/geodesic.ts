/**
 * Great-circle distance on the mean Earth sphere, with the radius Turf uses, so that our
 * distances agree with `turf.distance`.
 *
 * @example
 * haversineM(110.93, 22.35, 110.94, 22.35); // ≈ 1029 m
 */

/** Mean Earth radius in metres (IUGG), as in Turf's `earthRadius`. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Geodesic distance in metres between two [lon, lat] positions (haversine). */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}
