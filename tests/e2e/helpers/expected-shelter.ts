/**
 * The answer a test expects for "where do I go?", worked out here independently of the
 * server's code: the nearest (great-circle) shelter that is open or on standby and does not
 * stand inside a high or very-high hazard zone. Reads the test's own database.
 */
import { booleanPointInPolygon, distance, point } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import type { Knex } from 'knex';

interface Row {
  id: number;
  code: string;
  status: string;
  lon: number;
  lat: number;
}

export interface Expected {
  code: string;
  distance_m: number;
  /** Usable shelters nearer than it that stand in a high zone. */
  skipped: number;
}

export async function shelterData(knex: Knex): Promise<{ shelters: Row[]; unsafeZones: MultiPolygon[] }> {
  const shelters = (await knex.raw<{ rows: Row[] }>('SELECT id, code, status, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM shelters WHERE deleted_at IS NULL')).rows;
  const zones = (await knex.raw<{ rows: Array<{ g: string }> }>("SELECT ST_AsGeoJSON(geom) AS g FROM hazard_zones WHERE deleted_at IS NULL AND grade IN ('high', 'very_high')")).rows;
  return { shelters, unsafeZones: zones.map((z) => JSON.parse(z.g) as MultiPolygon) };
}

export function expectedShelter(data: Awaited<ReturnType<typeof shelterData>>, lon: number, lat: number): Expected | null {
  const here = point([lon, lat]);
  const usable = data.shelters
    .filter((s) => s.status === 'open' || s.status === 'standby')
    .map((s) => ({ s, d: distance(here, point([s.lon, s.lat]), { units: 'meters' }) }))
    .sort((a, b) => a.d - b.d);
  let skipped = 0;
  for (const { s, d } of usable) {
    if (data.unsafeZones.some((z) => booleanPointInPolygon([s.lon, s.lat], z))) {
      skipped++;
      continue;
    }
    return { code: s.code, distance_m: d, skipped };
  }
  return null;
}

/** Whether a shelter may be named to the public: open or on standby, outside every high hazard zone. */
export function isSafeShelter(data: Awaited<ReturnType<typeof shelterData>>, code: string): boolean {
  const s = data.shelters.find((x) => x.code === code);
  return !!s && (s.status === 'open' || s.status === 'standby') && !data.unsafeZones.some((z) => booleanPointInPolygon([s.lon, s.lat], z));
}
