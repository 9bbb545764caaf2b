/**
 * "Where do I go?" without a signal: the nearest usable shelter in a straight line from the
 * shelters this phone last received, worked out in the browser (the server, which knows the
 * roads and the hazard zones, cannot be asked). Usable as the server counts it: open or on
 * standby, and not full while an operation fills it. Distances by cheap-ruler (under 0.1 % off
 * at the county's scale); walking time at the server's straight-line pace, 4 km/h.
 */
import CheapRuler from 'cheap-ruler';
import type { Feature, Point } from 'geojson';

export type ShelterFeature = Feature<Point, Record<string, unknown>> & { id?: number | string };

export interface StraightLineAnswer {
  shelter: ShelterFeature;
  distance_m: number;
  walking_minutes: number;
}

const USABLE = new Set(['open', 'standby']);
const WALKING_M_PER_MIN = 4000 / 60;

export function nearestByStraightLine(shelters: readonly ShelterFeature[], lon: number, lat: number): StraightLineAnswer | null {
  const ruler = new CheapRuler(lat, 'meters');
  let best: StraightLineAnswer | null = null;
  for (const s of shelters) {
    const p = s.properties ?? {};
    if (!USABLE.has(String(p.status)) || s.geometry?.type !== 'Point') continue;
    if (typeof p.vacancies === 'number' && p.vacancies <= 0) continue;
    const [x, y] = s.geometry.coordinates;
    const d = ruler.distance([lon, lat], [x, y]);
    if (!best || d < best.distance_m) best = { shelter: s, distance_m: d, walking_minutes: 0 };
  }
  if (!best) return null;
  return { ...best, distance_m: Math.round(best.distance_m * 10) / 10, walking_minutes: Math.max(1, Math.ceil(best.distance_m / WALKING_M_PER_MIN)) };
}
