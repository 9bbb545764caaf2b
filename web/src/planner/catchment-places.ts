/**
 * Puts a catchment answer's lists on the map: the answer names demand and shelters by id, so
 * each assignment becomes a line from the demand point to its shelter (by travel the way along
 * the roads that the answer draws in `lines`, else straight), each unplaced demand a point, and
 * each town gets the share of its residents placed within a shelter's reach.
 * Risk-site positions are read once from the OGC API (staff see every site); villages and
 * shelters come from the public map's own layers.
 */
import Feature from 'ol/Feature.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import type { Point as GeoPoint } from 'geojson';
import { fromLonLat } from 'ol/proj.js';
import { allItems } from '../api.ts';
import { geojson } from '../map/sources.ts';
import type { PublicLayers } from '../map/public-layers.ts';
import type { CatchmentAnswer, CatchmentDemand } from './analysis-api.ts';

interface Place {
  at: number[];
  town: string | null;
}

let sites: Promise<Map<number, Place>> | null = null;

function riskSites(): Promise<Map<number, Place>> {
  sites ??= allItems<{ id: number; geometry: GeoPoint; properties: { town_code?: string } }>('risk_sites').then(
    (items) => new Map(items.map((f) => [f.id, { at: fromLonLat(f.geometry.coordinates), town: f.properties.town_code ?? null }])),
    (e: unknown) => {
      sites = null;
      throw e;
    },
  );
  return sites;
}

function villages(layers: PublicLayers): Map<number, Place> {
  const source = layers.layers.villages.getSource() as { getFeatures(): Feature[] } | null;
  const out = new Map<number, Place>();
  for (const f of source?.getFeatures() ?? []) {
    const g = f.getGeometry();
    if (g instanceof Point) out.set(Number(f.getId()), { at: g.getCoordinates(), town: (f.get('town_code') as string | undefined) ?? null });
  }
  return out;
}

export interface CatchmentPlaces {
  assignments: Feature[];
  unassigned: Feature[];
  towns: Feature[];
}

export async function catchmentPlaces(answer: CatchmentAnswer, demand: CatchmentDemand, layers: PublicLayers): Promise<CatchmentPlaces> {
  const places = demand === 'villages' ? villages(layers) : await riskSites();
  const perTown = new Map<string, { within: number; total: number }>();
  const tally = (town: string | null, residents: number, within: boolean) => {
    if (!town) return;
    const t = perTown.get(town) ?? { within: 0, total: 0 };
    t.total += residents;
    if (within) t.within += residents;
    perTown.set(town, t);
  };
  const ways = new Map<number, Feature>();
  for (const f of answer.lines ? (geojson.readFeatures(answer.lines) as Feature[]) : []) ways.set(Number(f.get('demand_id')), f);
  const assignments: Feature[] = [];
  for (const a of answer.assignments ?? []) {
    const from = places.get(a.demand_id);
    const shelter = layers.shelters.getFeatureById(a.shelter_id)?.getGeometry();
    tally(from?.town ?? null, a.residents, a.within_radius !== false);
    const way = ways.get(a.demand_id);
    if (way) {
      way.setProperties({ distance_m: a.distance_m, along_roads: true });
      assignments.push(way);
    } else if (from && shelter instanceof Point) {
      assignments.push(new Feature({ geometry: new LineString([from.at, shelter.getCoordinates()]), within_radius: a.within_radius, residents: a.residents, distance_m: a.distance_m }));
    }
  }
  const unassigned: Feature[] = [];
  for (const u of answer.unassigned ?? []) {
    const at = places.get(u.demand_id);
    tally(at?.town ?? null, u.residents, false);
    if (at) unassigned.push(new Feature({ geometry: new Point(at.at), reason: u.reason, residents: u.residents }));
  }
  const towns = layers.towns.getFeatures().map((t) => {
    const copy = t.clone();
    const n = perTown.get(String(t.get('code')));
    copy.set('residents', n?.total ?? 0);
    copy.set('placed_within_residents', n?.within ?? 0);
    copy.set('placed_within_pct', n && n.total > 0 ? Math.round((n.within / n.total) * 1000) / 10 : null);
    return copy;
  });
  return { assignments, unassigned, towns };
}
