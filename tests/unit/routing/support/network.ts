/**
 * Hand-made road networks drawn in metres on a local plane near Xinyi (east x, north y, up z),
 * converted with the same WGS84 cheap-ruler factors the engine uses, so lengths come out as drawn.
 */
import CheapRuler from 'cheap-ruler';
import type { Position } from 'geojson';
import type { RoadFeature, RoadProperties } from '../../../../server/routing/types.ts';

const LON0 = 110.9;
const LAT0 = 22.3;
const ruler = new CheapRuler(LAT0, 'meters');

/** [lon, lat] (or [lon, lat, z]) of a point x m east and y m north of the origin. */
export function at(x: number, y: number, z?: number): Position {
  const p = [LON0 + x / ruler.kx, LAT0 + y / ruler.ky];
  return z === undefined ? p : [...p, z];
}

/** Metres east and north of the origin of a [lon, lat]. */
export function xy(p: readonly number[]): [number, number] {
  return [(p[0] - LON0) * ruler.kx, (p[1] - LAT0) * ruler.ky];
}

export function road(props: Partial<RoadProperties> & Pick<RoadProperties, 'road_class'>, ...points: Position[]): RoadFeature {
  return { type: 'Feature', geometry: { type: 'LineString', coordinates: points }, properties: props };
}

/** Tobler on the flat: 6·e^(−3.5·0.05) = 5.0367421 km/h = 1.3990950 m/s. */
export const FLAT_WALK_MPS = (6 * Math.exp(-3.5 * 0.05)) / 3.6;
/** The default off-road speed, 2.5 km/h = 0.6944 m/s. */
export const OFFROAD_MPS = 2.5 / 3.6;

/**
 * A river along y = 0: the south bank road (y = −100) and the north bank road (y = +200) meet
 * only at a bridge 300 m long at x = 1000.
 */
export function riverWithBridge(): RoadFeature[] {
  return [
    road({ id: 1, name: '南岸路', road_class: 'county' }, at(-2000, -100), at(1000, -100), at(2000, -100)),
    road({ id: 2, name: '北岸路', road_class: 'county' }, at(-2000, 200), at(1000, 200), at(2000, 200)),
    road({ id: 3, name: '信宜大桥', road_class: 'county', bridge: true }, at(1000, -100), at(1000, 200)),
  ];
}

/** Minutes walked on the flat over `roadM` of road and `offroadM` off it. */
export function minutesWalked(roadM: number, offroadM: number): number {
  return (roadM / FLAT_WALK_MPS + offroadM / OFFROAD_MPS) / 60;
}
