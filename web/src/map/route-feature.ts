/**
 * The way to a shelter as a map feature, and back: "where do I go?" and the card draw the same
 * line and say, for diagnostics and the browser tests, which positions they drew.
 */
import type Feature from 'ol/Feature.js';
import type LineString from 'ol/geom/LineString.js';
import type { Feature as GeoFeature, LineString as GeoLineString } from 'geojson';
import { geojson } from './sources.ts';
import { routeStyle } from './styles.ts';

export function routeFeature(line: GeoFeature<GeoLineString>): Feature {
  const f = geojson.readFeature(line) as Feature;
  f.setStyle(routeStyle);
  return f;
}

/** The drawn way's positions in lon/lat, first at the person, last at the shelter. */
export function drawnPositions(f: Feature | null): number[][] | null {
  const g = f?.getGeometry() as LineString | undefined;
  return g ? g.clone().transform('EPSG:3857', 'EPSG:4326').getCoordinates() : null;
}
