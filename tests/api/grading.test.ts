import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { fingerprint, sampleLayer } from '../helpers/sample.ts';
import { gradeSite, type SiteSurvey, type ZoneGrade } from '../../server/analysis/grade-site.ts';
import { loadGradingRules } from '../../server/analysis/grading-rules.ts';
import { loadConfig } from '../../server/config.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

const auth = (role: keyof TestContext['tokens']) => ({ Authorization: `Bearer ${ctx.tokens[role]}` });

/** A steep, tall, deformed soil slope right behind a house inside a very-high landslide zone. */
async function dangerousSite(code: string): Promise<number> {
  const zone = (await request(ctx.app).get('/ogc/collections/hazard_zones/items?hazard=landslide&grade=very_high&limit=1')).body.features[0];
  const inside = (await ctx.db.knex.raw<{ rows: Array<{ x: number; y: number }> }>(
    'SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM hazard_zones WHERE id = ?) t', [zone.id],
  )).rows[0];
  const res = await request(ctx.app).post('/ogc/collections/risk_sites/items').set(auth('geohazard')).send({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [inside.x, inside.y] },
    properties: {
      code, town_code: '440983113', households: 3, residents: 11, slope_height_m: 18, slope_angle_deg: 70, distance_to_slope_m: 1.5,
      slope_material: 'soil', retaining_structure: 'none', deformation: 'severe', drainage: 'none', rectification_status: 'not_started',
    },
  }).expect(201);
  return res.body.id as number;
}

describe('POST /api/risk-sites/{id}/grade', () => {
  it('grades a site with each factor’s contribution, records it, and sets the site’s grade', async () => {
    const id = await dangerousSite('T-GRADE-1');
    const res = await request(ctx.app).post(`/api/risk-sites/${id}/grade`).set(auth('geohazard')).send({ note: 'field check after rain' }).expect(201);
    expect(res.body.grade).toBe('very_high');
    expect(res.body.rules_version).toBe('2026.1');
    expect(res.body.factors.length).toBeGreaterThanOrEqual(8);
    expect(res.body.factors.reduce((s: number, f: { points: number }) => s + f.points, 0)).toBeCloseTo(res.body.score, 6);
    expect(res.body.inputs.zones.some((z: { hazard: string; grade: string }) => z.hazard === 'landslide' && z.grade === 'very_high')).toBe(true);
    expect(res.body.graded_by).toBe('test-geohazard');
    const site = (await request(ctx.app).get(`/ogc/collections/risk_sites/items/${id}`).set(auth('geohazard'))).body;
    expect(site.properties).toMatchObject({ grade: 'very_high', grade_score: res.body.score, version: 2, updated_by: 'test-geohazard' });
  });

  it('a gentle, engineered, dry slope far from the house grades low', async () => {
    const created = await request(ctx.app).post('/ogc/collections/risk_sites/items').set(auth('geohazard')).send({
      type: 'Feature', geometry: { type: 'Point', coordinates: [110.6901, 22.7001] },
      properties: { code: 'T-GRADE-LOW', town_code: '440983113', households: 1, residents: 2, slope_height_m: 2, slope_angle_deg: 20, distance_to_slope_m: 30, slope_material: 'rock', retaining_structure: 'engineered', deformation: 'none', drainage: 'adequate', rectification_status: 'completed' },
    }).expect(201);
    const res = await request(ctx.app).post(`/api/risk-sites/${created.body.id}/grade`).set(auth('geohazard')).send({}).expect(201);
    expect(res.body.grade).toBe('low');
  });

  it('keeps every grading: the history lists them newest first, and hides who graded from the public', async () => {
    const id = await dangerousSite('T-GRADE-HIST');
    await request(ctx.app).post(`/api/risk-sites/${id}/grade`).set(auth('geohazard')).send({ note: 'first' }).expect(201);
    await request(ctx.app).post(`/api/risk-sites/${id}/grade`).set(auth('admin')).send({ note: 'second' }).expect(201);
    const staff = await request(ctx.app).get(`/api/risk-sites/${id}/gradings`).set(auth('planner')).expect(200);
    expect(staff.body.gradings.map((g: { note: string }) => g.note)).toEqual(['second', 'first']);
    expect(staff.body.gradings[0].graded_by).toBe('test-admin');
    const anon = await request(ctx.app).get(`/api/risk-sites/${id}/gradings`).expect(200);
    expect(anon.body.gradings).toHaveLength(2);
    expect(anon.body.gradings[0]).not.toHaveProperty('graded_by');
    expect(anon.body.gradings[0].factors.length).toBeGreaterThan(0);
  });

  it('refuses the public (401), planners (403), unknown sites (404) and bad bodies (422), changing nothing', async () => {
    const before = await fingerprint(ctx.db.knex);
    await request(ctx.app).post('/api/risk-sites/1/grade').send({}).expect(401);
    await request(ctx.app).post('/api/risk-sites/1/grade').set(auth('planner')).send({}).expect(403);
    await request(ctx.app).post('/api/risk-sites/99999999/grade').set(auth('geohazard')).send({}).expect(404);
    const bad = await request(ctx.app).post('/api/risk-sites/1/grade').set(auth('geohazard')).send({ note: 5, colour: 'red' }).expect(422);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('note');
    await request(ctx.app).get('/api/risk-sites/99999999/gradings').expect(404);
    expect(await fingerprint(ctx.db.knex)).toEqual(before);
  });
});

describe('POST /api/risk-sites/grade-all', () => {
  it('regrades every site, each with a new history entry', async () => {
    const total = (await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=1')).body.numberMatched;
    expect(total).toBeGreaterThanOrEqual(sampleLayer('risk_sites').length);
    const res = await request(ctx.app).post('/api/risk-sites/grade-all').set(auth('geohazard')).send({ note: 'annual review' }).expect(200);
    expect(res.body.graded).toBe(total);
    expect(Object.values(res.body.by_grade as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(total);
    for (const g of ['very_high', 'high', 'medium', 'low']) expect(res.body.by_grade[g]).toBeGreaterThan(0);
    const ungraded = (await request(ctx.app).get('/ogc/collections/risk_sites/items?limit=10000')).body.features.filter((f: { properties: { grade: string | null } }) => !f.properties.grade);
    expect(ungraded).toHaveLength(0);
    const n = await ctx.db.knex('risk_site_gradings').where({ note: 'annual review' }).count<Array<{ n: string | number }>>({ n: '*' });
    expect(Number(n[0].n)).toBe(total);
  });
});

describe('grading and survey edits at the same time', () => {
  const rules = loadGradingRules(loadConfig({}).GRADING_RULES_FILE);
  const SURVEY = { households: 2, residents: 6, slope_height_m: 8, slope_angle_deg: 50, distance_to_slope_m: 4, slope_material: 'soil', retaining_structure: 'simple', deformation: 'none', drainage: 'poor' };

  async function zonesOf(id: number): Promise<ZoneGrade[]> {
    const r = await ctx.db.knex.raw<{ rows: ZoneGrade[] }>(
      'SELECT z.code, z.hazard, z.grade FROM hazard_zones z, risk_sites s WHERE s.id = ? AND z.deleted_at IS NULL AND ST_Intersects(z.geom, s.geom) ORDER BY z.id', [id],
    );
    return r.rows;
  }

  // Each round regrades the county's 2,000 sites: minutes on a loaded machine.
  it('grade-all racing a PATCH of a site’s survey: every grade written is the grade of the survey it was written with', { timeout: 300_000 }, async () => {
    const created = await request(ctx.app).post('/ogc/collections/risk_sites/items').set(auth('geohazard')).send({
      type: 'Feature', geometry: { type: 'Point', coordinates: [110.6903, 22.7003] },
      properties: { code: 'T-GRADE-RACE', town_code: '440983113', rectification_status: 'not_started', ...SURVEY },
    }).expect(201);
    const id = created.body.id as number;
    const url = `/ogc/collections/risk_sites/items/${id}`;
    const zones = await zonesOf(id);
    const gradeOf = (survey: Record<string, unknown>) => gradeSite(survey as unknown as SiteSurvey, zones, rules);
    // The edit must change the grade, or the race could not show.
    expect(gradeOf({ ...SURVEY, deformation: 'severe' }).grade).not.toBe(gradeOf(SURVEY).grade);

    // The embedded database runs one statement at a time (the race cannot happen there): fewer rounds.
    const rounds = process.env.DATABASE_URL ? 6 : 2;
    for (let round = 0; round < rounds; round++) {
      const deformation = round % 2 === 0 ? 'severe' : 'none';
      const [all, edit] = await Promise.all([
        request(ctx.app).post('/api/risk-sites/grade-all').set(auth('geohazard')).send({ note: `race ${round}` }),
        request(ctx.app).patch(url).set(auth('admin')).set('If-Match', '*').send({ properties: { deformation } }),
      ]);
      expect(all.status).toBe(200);
      expect(edit.status).toBe(200);
      // When the grading wrote last, the site's grade now is the grade of its stored survey.
      const site = (await request(ctx.app).get(url).set(auth('admin')).expect(200)).body.properties;
      if (site.updated_by === 'test-geohazard') expect(site.grade, `round ${round}`).toBe(gradeOf(site).grade);
    }
    // Every version a grading wrote (whichever of the two came first) holds its own survey's grade.
    const versions = (await ctx.db.knex('feature_history').where({ collection: 'risk_sites', feature_id: id, actor: 'test-geohazard' }).whereNotNull('after').orderBy('id').select('after')) as Array<{ after: unknown }>;
    const graded = versions.map((v) => (typeof v.after === 'string' ? JSON.parse(v.after) : v.after) as Record<string, unknown>).filter((a) => a.grade !== null);
    expect(graded.length).toBeGreaterThanOrEqual(rounds);
    for (const a of graded) expect({ version: a.version, grade: a.grade, score: a.grade_score }).toEqual({ version: a.version, grade: gradeOf(a).grade, score: gradeOf(a).score });
  });
});
