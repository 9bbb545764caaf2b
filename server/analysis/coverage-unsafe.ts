/**
 * Shelters standing inside a hazard zone of an unsafe grade (high or very high by default),
 * whatever their status, with the zones that make them unsafe.
 *
 * @example
 * const { features, unsafe } = unsafeShelters(shelters.features, zones.features, standards);
 * features[0].properties.zone_codes;   // ['FX440983-0012']
 * unsafe.has(3);                       // shelter at input position 3 is unsafe
 */
import type { Feature, Point } from 'geojson';
import { shelterIdentity, type ShelterIdentityProps } from './coverage-shelters.ts';
import { polygonIndex } from './point-in-polygon.ts';
import type { Standards } from './standards.ts';
import { GRADES, type Grade, type Hazard, type HazardZoneFeature, type ShelterFeature } from './types.ts';

export interface UnsafeShelterProps extends ShelterIdentityProps {
  /** Whether its status counts it as usable. */
  usable: boolean;
  capacity: number;
  zone_ids: number[];
  zone_codes: string[];
  hazards: Hazard[];
  /** Most severe grade among the zones. */
  worst_grade: Grade;
}

export interface UnsafeShelterResult {
  features: Feature<Point, UnsafeShelterProps>[];
  /** Input positions of the unsafe shelters. */
  unsafe: Set<number>;
}

/** Inputs are not mutated. */
export function unsafeShelters(shelters: readonly ShelterFeature[], zones: readonly HazardZoneFeature[], standards: Readonly<Standards>): UnsafeShelterResult {
  const grades = new Set<Grade>(standards.unsafe_zone_grades);
  const unsafeZones = zones.filter((z) => grades.has(z.properties?.grade));
  const index = polygonIndex(unsafeZones);
  const usable = new Set<string>(standards.usable_statuses);
  const features: Feature<Point, UnsafeShelterProps>[] = [];
  const unsafe = new Set<number>();
  shelters.forEach((s, i) => {
    if (s.geometry?.type !== 'Point') return;
    const [lon, lat] = s.geometry.coordinates;
    const hits = index.containing(lon, lat).map((k) => unsafeZones[k]);
    if (hits.length === 0) return;
    unsafe.add(i);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        ...shelterIdentity(s),
        usable: usable.has(s.properties.status),
        capacity: s.properties.capacity,
        zone_ids: hits.map((z) => z.id),
        zone_codes: hits.map((z) => z.properties.code),
        hazards: [...new Set(hits.map((z) => z.properties.hazard))],
        worst_grade: worstGrade(hits.map((z) => z.properties.grade)),
      },
    });
  });
  return { features, unsafe };
}

/** The most severe of the grades (GRADES runs most severe first). */
export function worstGrade(grades: readonly Grade[]): Grade {
  let best = GRADES.length - 1;
  for (const g of grades) best = Math.min(best, GRADES.indexOf(g));
  return GRADES[best];
}
