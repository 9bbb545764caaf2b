/**
 * Great-circle distance on a sphere of the mean Earth radius (haversine formula), the radius
 * Turf uses, so that our distances agree with `turf.distance`. This is not the ellipsoidal
 * geodesic: on the WGS84 ellipsoid a distance differs from it by at most about 0.5 % (around
 * 22° N: about 0.4 % north–south, 0.2 % east–west), a couple of metres over a 500 m walk.
 *
 * @example
 * greatCircleM(110.93, 22.35, 110.94, 22.35); // ≈ 1029 m
 */

/** Mean Earth radius in metres (IUGG), as in Turf's `earthRadius`. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance in metres between two [lon, lat] positions on the mean-radius sphere. */
export function greatCircleM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}
