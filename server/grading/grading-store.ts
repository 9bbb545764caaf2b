/**
 * Reads what grading needs (a site's survey and the hazard zones it lies in) and records a
 * grading: the history row and the site's current grade, in one transaction.
 */
import type { Knex } from 'knex';
import { gradeSite, type SiteGrading, type SiteSurvey, type ZoneGrade } from '../analysis/grade-site.ts';
import type { GradingRules } from '../analysis/grading-rules.ts';

export interface SiteForGrading {
  id: number;
  version: number;
  survey: SiteSurvey;
  zones: ZoneGrade[];
}

const SURVEY = ['households', 'residents', 'slope_height_m', 'slope_angle_deg', 'distance_to_slope_m', 'slope_material', 'retaining_structure', 'deformation', 'drainage'] as const;

type SurveyRow = Record<(typeof SURVEY)[number], unknown> & { id: number; version: number; zones: ZoneGrade[] | string | null };

function toSite(r: SurveyRow): SiteForGrading {
  const survey = Object.fromEntries(SURVEY.map((k) => [k, r[k]])) as unknown as SiteSurvey;
  const zones = typeof r.zones === 'string' ? (JSON.parse(r.zones) as ZoneGrade[]) : (r.zones ?? []);
  return { id: r.id, version: r.version, survey, zones };
}

/**
 * Sites with the zones containing each (all sites when `ids` is omitted), locked until the
 * transaction ends: a survey edited meanwhile waits for the grading, and one committed just
 * before is the one read, so a grade is never written over a survey it was not computed from.
 */
export async function sitesForGrading(trx: Knex.Transaction, ids?: number[]): Promise<SiteForGrading[]> {
  const q = trx('risk_sites as s')
    .select(
      's.id',
      's.version',
      ...SURVEY.map((k) => `s.${k}`),
      trx.raw(
        `(SELECT coalesce(json_agg(json_build_object('code', z.code, 'hazard', z.hazard, 'grade', z.grade) ORDER BY z.id), '[]'::json)
          FROM hazard_zones z WHERE z.deleted_at IS NULL AND ST_Intersects(z.geom, s.geom)) AS zones`,
      ),
    )
    .whereNull('s.deleted_at')
    .orderBy('s.id')
    // Rows are locked in id order, so that two gradings at once queue rather than deadlock.
    .forUpdate('s');
  if (ids) q.whereIn('s.id', ids);
  return ((await q) as SurveyRow[]).map(toSite);
}

export interface RecordedGrading extends SiteGrading {
  id: number;
  site_id: number;
  graded_by: string;
  graded_at: string;
  note: string | null;
  inputs: { survey: SiteSurvey; zones: ZoneGrade[] };
}

/**
 * Appends each grading to its site's history and sets the sites' current grades (each a new
 * version), in bulk so that regrading a province's sites stays a few statements.
 */
export async function recordGradings(
  trx: Knex.Transaction,
  graded: Array<{ site: SiteForGrading; grading: SiteGrading }>,
  by: string,
  note: string | null,
): Promise<RecordedGrading[]> {
  const out: RecordedGrading[] = [];
  const CHUNK = 1000;
  for (let i = 0; i < graded.length; i += CHUNK) {
    const chunk = graded.slice(i, i + CHUNK);
    const rows = (await trx('risk_site_gradings')
      .insert(
        chunk.map(({ site, grading }) => ({
          site_id: site.id,
          grade: grading.grade,
          score: grading.score,
          inputs: JSON.stringify({ survey: site.survey, zones: site.zones }),
          factors: JSON.stringify(grading.factors),
          rules_version: grading.rules_version,
          graded_by: by,
          note,
        })),
      )
      .returning(['id', 'site_id', 'graded_at'])) as Array<{ id: number; site_id: number; graded_at: Date | string }>;
    const bySite = new Map(rows.map((r) => [r.site_id, r]));
    await trx.raw(
      `UPDATE risk_sites s SET grade = v.grade, grade_score = v.score, graded_at = now(),
              version = s.version + 1, updated_at = now(), updated_by = ?
         FROM json_to_recordset(?::json) AS v(id int, grade text, score float8)
        WHERE s.id = v.id`,
      [by, JSON.stringify(chunk.map(({ site, grading }) => ({ id: site.id, grade: grading.grade, score: grading.score })))],
    );
    for (const { site, grading } of chunk) {
      const row = bySite.get(site.id)!; // inserted just above, one row per site
      out.push({ ...grading, id: row.id, site_id: site.id, graded_by: by, graded_at: new Date(row.graded_at).toISOString(), note, inputs: { survey: site.survey, zones: site.zones } });
    }
  }
  return out;
}

type HistoryRow = { id: number; site_id: number; grade: string; score: number; inputs: unknown; factors: unknown; rules_version: string; graded_by: string; graded_at: Date | string; note: string | null };

/** Grades one site under the rules in one transaction; undefined when the site does not exist. */
export async function gradeOneSite(knex: Knex, id: number, rules: GradingRules, by: string, note: string | null): Promise<RecordedGrading | undefined> {
  return knex.transaction(async (trx) => {
    const [site] = await sitesForGrading(trx, [id]);
    if (!site) return undefined;
    const [recorded] = await recordGradings(trx, [{ site, grading: gradeSite(site.survey, site.zones, rules) }], by, note);
    return recorded;
  });
}

/** Whether a risk site exists (and is not deleted). */
export async function siteExists(knex: Knex, id: number): Promise<boolean> {
  return (await knex('risk_sites').where({ id }).whereNull('deleted_at').first('id')) !== undefined;
}

/** A site's gradings, newest first. */
export async function gradingHistory(knex: Knex, siteId: number) {
  const rows = (await knex('risk_site_gradings').where({ site_id: siteId }).orderBy('id', 'desc')) as HistoryRow[];
  return rows.map((r) => ({
    id: r.id,
    site_id: r.site_id,
    grade: r.grade,
    score: r.score,
    factors: r.factors,
    inputs: r.inputs,
    rules_version: r.rules_version,
    graded_by: r.graded_by,
    graded_at: new Date(r.graded_at).toISOString(),
    note: r.note,
  }));
}

/** Regrades every site in one transaction; also used to grade a freshly loaded dataset. */
export async function gradeAllSites(knex: Knex, rules: GradingRules, by: string, note: string | null) {
  return knex.transaction(async (trx) => {
    const counts: Record<string, number> = { very_high: 0, high: 0, medium: 0, low: 0 };
    const graded = (await sitesForGrading(trx)).map((site) => ({ site, grading: gradeSite(site.survey, site.zones, rules) }));
    await recordGradings(trx, graded, by, note);
    for (const { grading } of graded) counts[grading.grade]++;
    return { graded: graded.length, by_grade: counts, rules_version: rules.version };
  });
}
