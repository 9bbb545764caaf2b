/**
 * Reads demand features (risk sites or villages) into flat arrays for the assignment code:
 * residents come from `residents` on a risk site and from `population` on a village.
 *
 * @example
 * const d = demandPoints(riskSites);          // d.type[0] === 'risk_site', d.residents[0] === 12
 * const v = demandPoints(villages, 'village'); // population read as residents
 */
import type { Point } from 'geojson';
import type { IdFeature, RiskSiteProps, VillageProps } from './types.ts';

export type DemandType = 'risk_site' | 'village';

/** A demand feature: a risk site or a village, or any point carrying the same counts. */
export type DemandFeature = IdFeature<Point, Partial<Pick<RiskSiteProps, 'residents'>> & Partial<Pick<VillageProps, 'population'>> & { households?: number | null }>;

export interface DemandPoints {
  ids: number[];
  type: DemandType[];
  lon: Float64Array;
  lat: Float64Array;
  residents: Float64Array;
  households: Float64Array;
}

/**
 * @param features demand features (not mutated)
 * @param as read every feature as this type; by default a feature with `residents` is a risk
 *   site and any other a village
 */
export function demandPoints(features: readonly DemandFeature[], as?: DemandType): DemandPoints {
  const n = features.length;
  const out: DemandPoints = {
    ids: new Array<number>(n),
    type: new Array<DemandType>(n),
    lon: new Float64Array(n),
    lat: new Float64Array(n),
    residents: new Float64Array(n),
    households: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = features[i];
    if (f.geometry?.type !== 'Point') throw new TypeError(`demand feature ${String(f.id)} is not a Point`);
    const p = f.properties ?? {};
    const type: DemandType = as ?? (p.residents !== undefined && p.residents !== null ? 'risk_site' : 'village');
    const residents = type === 'risk_site' ? p.residents : p.population;
    out.ids[i] = f.id;
    out.type[i] = type;
    out.lon[i] = f.geometry.coordinates[0];
    out.lat[i] = f.geometry.coordinates[1];
    // an unknown count moves nobody and takes no room; it is still reported as a demand point
    out.residents[i] = Math.max(0, Number(residents ?? 0)) || 0;
    out.households[i] = Math.max(0, Number(p.households ?? 0)) || 0;
  }
  return out;
}
