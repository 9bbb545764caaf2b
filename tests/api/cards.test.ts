import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

async function aSite(): Promise<{ code: string; monitor_name: string; monitor_phone: string }> {
  return (await ctx.db.knex('risk_sites').whereNotNull('monitor_phone').orderBy('id').first('code', 'monitor_name', 'monitor_phone')) as { code: string; monitor_name: string; monitor_phone: string };
}

describe('GET /api/cards/{site code}', () => {
  it('gives the public the site, its grade and zones, the designated shelter and the warning signals, without private contacts', async () => {
    const site = await aSite();
    const res = await request(ctx.app).get(`/api/cards/${site.code}`).expect(200);
    const card = res.body;
    expect(card.site.properties.code).toBe(site.code);
    expect(card.site.properties).not.toHaveProperty('monitor_name');
    expect(card.site.properties).not.toHaveProperty('monitor_phone');
    expect(card.monitor).toBeNull();
    expect(JSON.stringify(card)).not.toContain(site.monitor_phone);
    expect(card.grade.grade).toMatch(/^(very_high|high|medium|low)$/);
    expect(card.town.name).toBeTruthy();
    expect(card.warning_signals.signals.map((s: { id: string }) => s.id)).toEqual(['rainstorm', 'typhoon', 'geohazard']);
    expect(res.headers['cache-control']).toContain('public');
  });

  it('names the same shelter as "where do I go?" on foot from the house, with the way along the roads to it', async () => {
    const site = await aSite();
    const card = (await request(ctx.app).get(`/api/cards/${site.code}`).expect(200)).body;
    const [lon, lat] = card.site.geometry.coordinates;
    const nearest = (await request(ctx.app).get('/api/analysis/nearest-shelter').query({ lon, lat, mode: 'walk' }).expect(200)).body;
    expect(nearest.mode).toBe('walk');
    expect(card.shelter.shelter.properties.code).toBe(nearest.shelter.properties.code);
    expect(card.shelter.distance_m).toBe(nearest.distance_m);
    expect(card.shelter.walking_minutes).toBe(nearest.walking_minutes);
    expect(card.shelter.line).toEqual(nearest.line);
    const way: number[][] = card.shelter.line.geometry.coordinates;
    // a way that follows the roads bends: more than the two ends of a straight line
    expect(way.length).toBeGreaterThan(2);
    expect(way[0]).toEqual([lon, lat]);
    expect(way[way.length - 1]).toEqual(card.shelter.shelter.geometry.coordinates);
    expect(['open', 'standby']).toContain(card.shelter.shelter.properties.status);
  });

  it('lists the hazard zones the site lies in, most severe first', async () => {
    const inZone = (await ctx.db.knex.raw<{ rows: Array<{ code: string; n: number }> }>(
      `SELECT s.code, count(z.id)::int AS n FROM risk_sites s JOIN hazard_zones z ON ST_Intersects(z.geom, s.geom)
       GROUP BY s.code HAVING count(z.id) > 1 ORDER BY s.code LIMIT 1`,
    )).rows[0];
    const card = (await request(ctx.app).get(`/api/cards/${inZone.code}`).expect(200)).body;
    expect(card.hazard_zones).toHaveLength(inZone.n);
    const order = ['very_high', 'high', 'medium', 'low'];
    const ranks = card.hazard_zones.map((z: { grade: string }) => order.indexOf(z.grade));
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
  });

  it('carries the monitor to call on a card for signed-in staff, never cached by a shared cache', async () => {
    const site = await aSite();
    const res = await request(ctx.app).get(`/api/cards/${site.code}`).set('Authorization', `Bearer ${ctx.tokens.geohazard}`).expect(200);
    expect(res.body.monitor).toEqual({ name: site.monitor_name, phone: site.monitor_phone });
    expect(res.body.printed_by).toBe('test-geohazard');
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('answers an unknown code with a 404 naming it', async () => {
    const res = await request(ctx.app).get('/api/cards/NO-SUCH-SITE').expect(404);
    expect(res.body.error.message).toContain('NO-SUCH-SITE');
  });
});
