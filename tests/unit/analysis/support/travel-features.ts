/** Shelters and risk sites for the hand-made road networks of the travel-time tests. */
import type { Position } from 'geojson';
import type { Grade, RiskSiteFeature, ShelterFeature, ShelterType } from '../../../../server/analysis/types.ts';

export function shelter(id: number, p: Position, shelter_type: ShelterType, capacity: number): ShelterFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: p }, properties: { code: `S${id}`, name: `避难场所${id}`, shelter_type, level: 'village', capacity, status: 'open' } };
}

export function site(id: number, p: Position, residents: number, households: number, grade?: Grade): RiskSiteFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: p },
    properties: {
      code: `R${id}`, town_code: 'T1', households, residents, ...(grade ? { grade } : {}),
      slope_height_m: null, slope_angle_deg: null, distance_to_slope_m: null, slope_material: null, retaining_structure: null, deformation: null, drainage: null,
    },
  };
}
