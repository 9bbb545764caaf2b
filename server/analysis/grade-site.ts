/**
 * Grades one slope-cut housing risk site under a rule set: each survey factor scores points,
 * the hazard zones containing the site add the points of the worst one, and floors raise the
 * score of sites that match a known danger pattern up to a minimum grade. Every point of the
 * score is accounted for in `factors`, so a grade can always be explained.
 *
 * @example
 * const rules = loadGradingRules('data/grading-rules.json');
 * const zones = polygonIndex(hazardZones.features).containing(lon, lat).map((k) => hazardZones.features[k]);
 * const g = gradeSite(site, zones, rules);
 * // { grade: 'high', score: 58, factors: [{ factor: 'slope_height', input: 8, points: 12, note: '…' }, …],
 * //   rules_version: '2026.1', missing_inputs: [] }
 */
import type { Grade, HazardZoneProps, RiskSiteProps } from './types.ts';
import { gradeForScore, type GradingCondition, type GradingRules } from './grading-rules.ts';

/** What grading reads from a site; a full feature or its properties are accepted. */
export type SiteSurvey = Pick<
  RiskSiteProps,
  | 'households'
  | 'residents'
  | 'slope_height_m'
  | 'slope_angle_deg'
  | 'distance_to_slope_m'
  | 'slope_material'
  | 'retaining_structure'
  | 'deformation'
  | 'drainage'
>;

/** A zone as grading needs it; features are accepted too. */
export type ZoneGrade = Pick<HazardZoneProps, 'hazard' | 'grade'> & { code?: string };

export interface GradeFactor {
  /** Factor id from the rules (e.g. "slope_height"), "hazard_zone", or "floor:<id>". */
  factor: string;
  /** The value read from the site (null when not surveyed), or the zones considered. */
  input: number | string | null | ZoneGrade[];
  points: number;
  note: string;
}

export interface SiteGrading {
  grade: Grade;
  score: number;
  factors: GradeFactor[];
  rules_version: string;
  /** Survey properties that were empty and scored with the rule's `missing_points`. */
  missing_inputs: string[];
}

/**
 * @param site a risk site feature or its properties (survey fields may be null)
 * @param zonesContainingSite the hazard zones the site lies in (features or their properties);
 *   the caller decides containment, e.g. with ST_Intersects or polygonIndex
 *   (point-in-polygon.ts), which agree on the boundary
 * @param rules a rule set from {@link parseGradingRules}
 */
export function gradeSite(
  site: SiteSurvey | { properties: SiteSurvey },
  zonesContainingSite: readonly (ZoneGrade | { properties: ZoneGrade })[],
  rules: GradingRules,
): SiteGrading {
  const props: SiteSurvey = 'properties' in site ? site.properties : site;
  const zones: ZoneGrade[] = zonesContainingSite.map((z) => {
    const p = 'properties' in z ? z.properties : z;
    return p.code === undefined ? { hazard: p.hazard, grade: p.grade } : { code: p.code, hazard: p.hazard, grade: p.grade };
  });

  const factors: GradeFactor[] = [];
  const missing: string[] = [];
  for (const rule of rules.factors) {
    const raw = readProperty(props, rule.property);
    if (raw === null) {
      missing.push(rule.property);
      factors.push({
        factor: rule.id,
        input: null,
        points: rule.missing_points,
        note: `${rule.label}: not surveyed, scored as ${rule.missing_points} (assumed until surveyed)`,
      });
      continue;
    }
    if (rule.kind === 'numeric') {
      const value = Number(raw);
      // values below the first bin (bad data) count in the first bin rather than failing the grade
      const b = rule.bins.find((x) => x.max === undefined || value < x.max) ?? rule.bins[rule.bins.length - 1];
      factors.push({ factor: rule.id, input: value, points: b.points, note: `${rule.label}: ${b.label} (surveyed ${value}${rule.unit === '°' ? '' : ' '}${rule.unit})` });
    } else {
      const value = String(raw);
      const pts = rule.points[value];
      if (pts === undefined) throw new RangeError(`gradeSite: ${rule.property} "${value}" has no points in rules ${rules.version}`);
      factors.push({ factor: rule.id, input: value, points: pts, note: `${rule.label}: ${value}` });
    }
  }

  // only the worst zone counts: overlapping zone layers describe one place, not added dangers
  let zonePoints = 0;
  let worst: ZoneGrade | null = null;
  for (const z of zones) {
    const pts = rules.hazard_zone.points[z.hazard][z.grade];
    if (worst === null || pts > zonePoints) {
      zonePoints = pts;
      worst = z;
    }
  }
  factors.push({
    factor: 'hazard_zone',
    input: zones,
    points: zonePoints,
    note: worst === null ? `${rules.hazard_zone.label}: none` : `${rules.hazard_zone.label}: worst is ${worst.hazard} ${worst.grade}${worst.code ? ` (${worst.code})` : ''}`,
  });

  let score = factors.reduce((s, f) => s + f.points, 0);
  for (const fl of rules.floors) {
    if (!fl.when.every((c) => holds(c, props, zones))) continue;
    const target = rules.grades.find((g) => g.grade === fl.min_grade)?.min_score ?? 0;
    const raise = Math.max(0, target - score);
    factors.push({
      factor: `floor:${fl.id}`,
      input: null,
      points: raise,
      note: raise > 0 ? `${fl.label}: grade raised to at least ${fl.min_grade}` : `${fl.label}: already ${fl.min_grade} or above`,
    });
    score += raise;
  }

  return { grade: gradeForScore(score, rules), score, factors, rules_version: rules.version, missing_inputs: missing };
}

function readProperty(props: SiteSurvey, name: string): number | string | null {
  const v = (props as unknown as Record<string, unknown>)[name];
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw new TypeError(`gradeSite: ${name} must be a number or a string`);
}

function holds(c: GradingCondition, props: SiteSurvey, zones: readonly ZoneGrade[]): boolean {
  if ('zone' in c) return zones.some((z) => c.zone.hazard.includes(z.hazard) && c.zone.grade.includes(z.grade));
  const v = readProperty(props, c.property);
  if (v === null) return false; // an unknown value never triggers a floor
  if (c.in !== undefined && !c.in.includes(String(v))) return false;
  const n = Number(v);
  if (c.gte !== undefined && !(n >= c.gte)) return false;
  if (c.gt !== undefined && !(n > c.gt)) return false;
  if (c.lte !== undefined && !(n <= c.lte)) return false;
  if (c.lt !== undefined && !(n < c.lt)) return false;
  return true;
}

