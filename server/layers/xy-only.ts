/** A geometry with only its x and y: what the file formats that drop heights (and M) hand on. */
import type { Geometry, Position } from 'geojson';

const xy = (p: Position): Position => [p[0], p[1]];

export function xyOnly(g: Geometry): Geometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: xy(g.coordinates) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map(xy) };
    case 'LineString':
      return { type: 'LineString', coordinates: g.coordinates.map(xy) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l) => l.map(xy)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(xy)) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(xy))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map(xyOnly) };
  }
}
