/** GeoJSON geometry to Well-Known Text, at full double precision (the CSV export's geometry column), through betterknown. */
import type { Geometry } from 'geojson';
import { geoJSONToWkt } from 'betterknown';

export function toWkt(g: Geometry | null): string {
  return g ? geoJSONToWkt(g) : '';
}
