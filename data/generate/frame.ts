/**
 * A local planar frame in kilometres around an origin: shapes are drawn here so that
 * distances and Voronoi cells are isotropic, then mapped back to [lon, lat].
 * Equirectangular is exact enough over a county (~100 km) and keeps straight lines straight.
 */
export type XY = [number, number];
export type LonLat = [number, number];

export interface Frame {
  origin: LonLat;
  toXY(p: LonLat): XY;
  toLonLat(p: XY): LonLat;
}

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_EQUATOR = 111.32;

export function makeFrame(origin: LonLat): Frame {
  const kx = KM_PER_DEG_LON_EQUATOR * Math.cos((origin[1] * Math.PI) / 180);
  const ky = KM_PER_DEG_LAT;
  return {
    origin,
    toXY: ([lon, lat]) => [(lon - origin[0]) * kx, (lat - origin[1]) * ky],
    toLonLat: ([x, y]) => [origin[0] + x / kx, origin[1] + y / ky],
  };
}
