/**
 * The planning analyses of the server: coverage, catchments and siting, each on the saved
 * shelters or — with a draft — on the shelters as the draft would leave them (nothing saved).
 */
import type { Feature, Point } from 'geojson';
import type { z } from 'zod';
import type { assignment, coverageParameters, unassigned, CatchmentAnswer as ServerCatchment, CoverageAnswer as ServerCoverage, IndicatorsAnswer as ServerIndicators, SitingAnswer as ServerSiting } from '../../../server/analysis-api/contract.ts';
import { getJson, sendJson } from '../api.ts';

type Props = Record<string, unknown>;

export interface DraftRequest {
  add?: Feature<Point, Props>[];
  change?: Array<Feature<Point, Props> & { id: number }>;
  remove?: number[];
}

export type CoverageAnswer = ServerCoverage;

/** The standards and settings a coverage answer was computed with. */
export type CoverageParameters = z.infer<typeof coverageParameters>;

export type Assignment = z.infer<typeof assignment>;

export type Unassigned = z.infer<typeof unassigned>;

export type CatchmentAnswer = ServerCatchment;

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

export type SitingAnswer = ServerSiting;

/** Suggested sites, best first, with the coverage before and after them. */
export async function siting(req: SitingRequest): Promise<SitingAnswer> {
  return (await sendJson<SitingAnswer>('POST', '/api/analysis/siting', req)).data;
}

/** Per-town plan indicators (risk sites by grade and by rectification status, …). */
export type IndicatorsAnswer = ServerIndicators;

export async function indicators(): Promise<IndicatorsAnswer> {
  return getJson<IndicatorsAnswer>('/api/indicators');
}
