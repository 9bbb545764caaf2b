/**
 * When a shelter fills during an evacuation, the households still on their way to it (or not yet
 * told) go to the nearest other shelter that still has room for the whole household, largest
 * households first (they are the hardest to fit). A household nobody can take is left where it
 * was and listed, so the duty officer sees it.
 *
 * @example
 * reassignHouseholds([{ id: 7, lon: 110.9, lat: 22.3, residents: 4 }], [{ id: 2, lon: 110.91, lat: 22.3, vacancies: 10 }]);
 * // [{ task_id: 7, to_shelter_id: 2, distance_m: 1031.6 }]
 */
import { greatCircleM } from './great-circle.ts';

export interface WaitingHousehold {
  id: number;
  lon: number;
  lat: number;
  residents: number;
}

export interface ShelterWithRoom {
  id: number;
  lon: number;
  lat: number;
  vacancies: number;
}

export interface Reassignment {
  task_id: number;
  /** null: no shelter has room for the whole household. */
  to_shelter_id: number | null;
  distance_m: number | null;
}

/** Inputs are not mutated. */
export function reassignHouseholds(households: readonly WaitingHousehold[], shelters: readonly ShelterWithRoom[]): Reassignment[] {
  const room = new Map(shelters.map((s) => [s.id, s.vacancies]));
  const order = [...households].sort((a, b) => b.residents - a.residents || a.id - b.id);
  return order.map((h) => {
    let best: ShelterWithRoom | undefined;
    let bestM = Infinity;
    for (const s of shelters) {
      if ((room.get(s.id) ?? 0) < h.residents) continue;
      const m = greatCircleM(h.lon, h.lat, s.lon, s.lat);
      if (m < bestM || (m === bestM && best && s.id < best.id)) [best, bestM] = [s, m];
    }
    if (!best) return { task_id: h.id, to_shelter_id: null, distance_m: null };
    room.set(best.id, (room.get(best.id) ?? 0) - h.residents);
    return { task_id: h.id, to_shelter_id: best.id, distance_m: Math.round(bestM * 10) / 10 };
  });
}
