/**
 * The planning analyses of the server: coverage, catchments and siting, each on the saved
 * shelters or — with a draft — on the shelters as the draft would leave them (nothing saved).
 */
import type { Feature, FeatureCollection, Geometry, LineString, Point } from 'geojson';
import { getJson, sendJson } from '../api.ts';

type Props = Record<string, unknown>;
type FC<G extends Geometry | null = Geometry> = FeatureCollection<G, Props>;

export interface DraftRequest {
  add?: Feature<Point, Props>[];
  change?: Array<Feature<Point, Props> & { id: number }>;
  remove?: number[];
}

export interface CoverageAnswer {
  uncovered: FC<Point>;
  overloaded: FC<Point>;
  unsafe_shelters: FC<Point>;
  depot_gaps: FC<Point>;
  gap_areas: FC;
  towns: FC;
  summary: { city: Record<string, number | boolean | null>; parameters?: CoverageParameters; [k: string]: unknown };
}

/** The standards and settings a coverage answer was computed with. */
export interface CoverageParameters {
  service_radius_m?: Record<string, number>;
  usable_statuses?: string[];
  unsafe_zone_grades?: string[];
  depot_max_distance_m?: Record<string, number>;
  town_area_reference_type?: string;
  cell_size_m?: number;
}

export interface Assignment {
  demand_id: number;
  demand_type: string;
  residents: number;
  households: number;
  shelter_id: number;
  distance_m: number;
  within_radius?: boolean;
}

export interface Unassigned {
  demand_id: number;
  demand_type: string;
  residents: number;
  households: number;
  reason: 'no_shelter_within_radius' | 'capacity_exhausted' | 'no_shelter_within_time' | 'no_way' | string;
}

export interface CatchmentAnswer extends FC<Geometry | null> {
  summary: Record<string, number | string | null> & { closed_roads?: Array<{ id: number; code: string | null; name: string | null }> };
  assignments?: Assignment[];
  unassigned?: Unassigned[];
  /** By travel: who goes where, each line the way along the roads (asked with lines=roads). */
  lines?: FC<LineString>;
}

export type CatchmentMethod = 'nearest' | 'capacity';
export type CatchmentDemand = 'risk_sites' | 'villages';

const isEmpty = (d: DraftRequest | null) => !d || ((d.add?.length ?? 0) + (d.change?.length ?? 0) + (d.remove?.length ?? 0) === 0);

export type TravelMode = 'walk' | 'drive' | 'straight';

/** How distances are measured, and the roads a what-if closes. */
export interface TravelOptions {
  mode: TravelMode;
  closures: readonly number[];
}

const travelQuery = (o: TravelOptions) => `mode=${o.mode}${o.closures.length && o.mode !== 'straight' ? `&closures=${o.closures.join(',')}` : ''}`;

export async function coverage(draft: DraftRequest | null, travel: TravelOptions): Promise<CoverageAnswer> {
  const q = travelQuery(travel);
  return isEmpty(draft) ? getJson<CoverageAnswer>(`/api/analysis/coverage?${q}`) : (await sendJson<CoverageAnswer>('POST', `/api/analysis/coverage?${q}`, { draft })).data;
}

export async function catchments(method: CatchmentMethod, demand: CatchmentDemand, draft: DraftRequest | null, travel: TravelOptions): Promise<CatchmentAnswer> {
  const q = `method=${method}&demand=${demand}&${travelQuery(travel)}${travel.mode === 'straight' ? '' : '&lines=roads'}`;
  return isEmpty(draft)
    ? getJson<CatchmentAnswer>(`/api/analysis/catchments?${q}`)
    : (await sendJson<CatchmentAnswer>('POST', `/api/analysis/catchments?${q}`, { draft })).data;
}

export interface SitingRequest {
  count: number;
  shelter_type: string;
  capacity?: number;
}

export interface SitingAnswer {
  picks: FC<Point>;
  candidates?: { total?: number; eligible?: number; excluded?: number };
  before?: { covered_pct?: number; residents_uncovered?: number };
  after?: { covered_pct?: number; residents_uncovered?: number };
}

/** Suggested sites, best first, with the coverage before and after them. */
export async function siting(req: SitingRequest): Promise<SitingAnswer> {
  return (await sendJson<SitingAnswer>('POST', '/api/analysis/siting', req)).data;
}

/** Per-town plan indicators (risk sites by grade and by rectification status, …). */
export interface IndicatorsAnswer {
  towns: FC;
  city: Record<string, unknown>;
}

export async function indicators(): Promise<IndicatorsAnswer> {
  return getJson<IndicatorsAnswer>('/api/indicators');
}
