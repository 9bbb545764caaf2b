import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { LAYERS } from '../../server/layers/registry.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

interface Attr {
  name: string;
  title: { zh: string; en: string };
  private: boolean;
  labels?: Record<string, { zh: string; en: string }>;
}

describe('GET /api/layers', () => {
  it('describes every layer with Chinese and English titles, field titles and value labels', async () => {
    const body = (await request(ctx.app).get('/api/layers').expect(200)).body;
    expect(body.layers.map((l: { id: string }) => l.id)).toEqual(LAYERS.map((l) => l.id));
    const shelters = body.layers.find((l: { id: string }) => l.id === 'shelters');
    expect(shelters.title).toEqual({ zh: '应急避难场所', en: 'Emergency shelters' });
    const type = shelters.attributes.find((a: Attr) => a.name === 'shelter_type') as Attr;
    expect(type.labels?.long_term).toEqual({ zh: '长期固定避难场所', en: 'Long-term' });
    expect(shelters.writable).toBe(false);
    expect(body.basemap).toBeNull();
  });

  it('leaves private attributes out for the public and lists them for staff', async () => {
    const names = (body: { layers: Array<{ id: string; attributes: Attr[] }> }) => body.layers.find((l) => l.id === 'risk_sites')!.attributes.map((a) => a.name);
    const pub = (await request(ctx.app).get('/api/layers').expect(200)).body;
    expect(names(pub)).not.toContain('monitor_phone');
    const staff = (await request(ctx.app).get('/api/layers').set('Authorization', `Bearer ${ctx.tokens.geohazard}`).expect(200)).body;
    expect(names(staff)).toContain('monitor_phone');
    expect(staff.layers.find((l: { id: string }) => l.id === 'risk_sites').writable).toBe(true);
  });
});
