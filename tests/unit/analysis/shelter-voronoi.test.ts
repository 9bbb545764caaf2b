import { area, booleanPointInPolygon } from '@turf/turf';
import type { Feature, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { shelterVoronoi } from '../../../server/analysis/shelter-voronoi.ts';

const at = (x: number, y: number): Feature<Point> => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } });
const square: Polygon = { type: 'Polygon', coordinates: [[[110.9, 22.3], [111.0, 22.3], [111.0, 22.4], [110.9, 22.4], [110.9, 22.3]]] };

describe('shelterVoronoi', () => {
  it('splits a square between two shelters along their bisector: each cell half the square', () => {
    // shelters on the square's middle latitude, symmetric about its middle meridian
    const [west, east] = shelterVoronoi([at(110.92, 22.35), at(110.98, 22.35)], square) as Polygon[];
    expect(area(west) / area(square)).toBeCloseTo(0.5, 3);
    expect(area(east) / area(square)).toBeCloseTo(0.5, 3);
    expect(booleanPointInPolygon([110.92, 22.35], west)).toBe(true);
    expect(booleanPointInPolygon([110.949, 22.35], west)).toBe(true);
    expect(booleanPointInPolygon([110.951, 22.35], east)).toBe(true);
  });

  it('gives shelters at one position one shared cell', () => {
    const cells = shelterVoronoi([at(110.92, 22.35), at(110.92, 22.35), at(110.98, 22.35)], square);
    expect(cells[1]).toBe(cells[0]);
  });

  it('gives a shelter whose cell lies wholly outside the boundary no cell', () => {
    // the third shelter is far east of the square, beyond the second
    const cells = shelterVoronoi([at(110.92, 22.35), at(110.98, 22.35), at(111.5, 22.35)], square);
    expect(cells[2]).toBeNull();
    expect(cells[0]).not.toBeNull();
  });

  it('fills the data’s extent padded by 10 % without a boundary, and answers for no shelters', () => {
    const [only] = shelterVoronoi([at(110.92, 22.35)]) as Polygon[];
    expect(booleanPointInPolygon([110.92, 22.35], only)).toBe(true);
    expect(shelterVoronoi([], square)).toEqual([]);
  });
});
