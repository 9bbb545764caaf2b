import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app/app.ts';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { fixture, makeZip, shapefileWithShortDbf, shapefileWithShortDbfNoIndex, wideCsv } from '../fixtures/import/hostile-files.ts';

let ctx: TestContext;
let tight: TestContext['app'];
const MB = 1024 * 1024;
beforeAll(async () => {
  ctx = await openTestApp();
  // The same database behind small caps, so that hostile files stay small too.
  tight = createApp({ db: ctx.db, config: { PUBLIC_URL: undefined, IMPORT_MAX_DECOMPRESSED_BYTES: 4 * MB, IMPORT_MAX_UPLOAD_BYTES: 2 * MB, IMPORT_MAX_COLUMNS: 200 }, log: () => {} }).app;
});
afterAll(async () => ctx?.close());

const post = (app: TestContext['app'], collection: string, body: Buffer, name: string, query = 'mode=commit') =>
  request(app).post(`/api/import/${collection}?${query}`).set('Authorization', `Bearer ${ctx.tokens.admin}`).attach('file', body, name);

const shelterCount = async () => (await request(ctx.app).get('/ogc/collections/shelters/items?limit=1').expect(200)).body.numberMatched as number;

describe('zip bombs: the bytes actually inflated are counted, not what the archive declares', () => {
  const zeros = Buffer.alloc(40 * MB);

  it('an archive that honestly declares 40 MB of data is refused before unpacking (413)', async () => {
    const res = await post(tight, 'shelters', makeZip([{ name: 'bomb.csv', data: zeros }]), 'bomb.zip').expect(413);
    expect(res.body.error).toMatchObject({ code: 'file_too_large' });
    expect(res.body.error.message).toMatch(/at most 4 MB may be unpacked/);
  });

  it('an archive that claims 1 kB but inflates to 40 MB is stopped as soon as it passes its claim (422)', async () => {
    const res = await post(tight, 'shelters', makeZip([{ name: 'bomb.csv', data: zeros, declaredSize: 1000 }]), 'liar.zip').expect(422);
    expect(res.body.error.message).toMatch(/holds more data than its header declares/);
  });

  it('many honest entries that add up past the cap are stopped too (413)', async () => {
    const part = Buffer.alloc(MB);
    const res = await post(tight, 'shelters', makeZip(Array.from({ length: 6 }, (_, i) => ({ name: `part${i}.csv`, data: part }))), 'many.zip').expect(413);
    expect(res.body.error.code).toBe('file_too_large');
  });

  it('entry names that climb out of the folder are refused', async () => {
    const res = await post(ctx.app, 'shelters', makeZip([{ name: '../../evil.csv', data: Buffer.from('code,lon,lat\nX,111,22\n') }]), 'evil.zip').expect(422);
    expect(res.body.error.code).toBe('unreadable_file');
  });
});

describe('a Shapefile whose .shp and .dbf disagree', () => {
  it('is refused up front when the .shx index gives the .shp record count', async () => {
    const before = await shelterCount();
    const res = await post(ctx.app, 'shelters', shapefileWithShortDbf(), 'mixed.zip').expect(422);
    expect(res.body.error.message).toMatch(/has 4 records .* but 避难场所\.dbf has 3/);
    expect(await shelterCount()).toBe(before);
  });

  it('is refused while reading when there is no .shx, and nothing is written', async () => {
    const before = await shelterCount();
    const res = await post(ctx.app, 'shelters', shapefileWithShortDbfNoIndex(), 'mixed.zip').expect(422);
    expect(res.body.error.message).toMatch(/more records than 避难场所\.dbf/);
    expect(await shelterCount()).toBe(before);
  });
});

describe('damaged files', () => {
  it('a truncated GeoPackage is refused (422), and so is a .gpkg that is not SQLite', async () => {
    const gpkg = fixture('hazard-zones-cgcs2000.gpkg');
    const half = await post(ctx.app, 'hazard_zones', gpkg.subarray(0, Math.floor(gpkg.length / 2)), 'cut.gpkg').expect(422);
    expect(half.body.error.message).toMatch(/damaged or truncated/);
    const junk = await post(ctx.app, 'hazard_zones', Buffer.from('this is not a database'), 'junk.gpkg').expect(422);
    expect(junk.body.error.message).toMatch(/not an SQLite database/);
  });

  it('a truncated GeoJSON is refused (422)', async () => {
    const res = await post(ctx.app, 'depots', Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[111,22]},"properties":{"code":"T"}}'), 'cut.geojson').expect(422);
    expect(res.body.error.message).toMatch(/truncated/);
  });

  it('a file named .shp is told to come zipped with its .dbf (415)', async () => {
    await post(ctx.app, 'shelters', Buffer.from([0, 0, 0x27, 0x0a]), 'alone.shp').expect(415);
  });
});

describe('files too wide or too big', () => {
  it('a CSV with a million columns is refused (413) without reading it whole', async () => {
    const res = await post(ctx.app, 'shelters', wideCsv(1_000_000), 'wide.csv').expect(413);
    expect(res.body.error.message).toMatch(/more than 500 columns/);
  });

  it('columns over a lowered cap are refused too', async () => {
    const res = await post(tight, 'shelters', wideCsv(201), 'wide.csv').expect(413);
    expect(res.body.error.message).toMatch(/more than 200 columns/);
  });

  it('an upload over the size cap is refused (413) as it streams in', async () => {
    const res = await post(tight, 'shelters', Buffer.alloc(3 * MB, 0x41), 'big.csv').expect(413);
    expect(res.body.error.code).toBe('file_too_large');
  });
});

describe('malformed requests', () => {
  it('415 when the body is not multipart; 400 without a file part', async () => {
    await request(ctx.app).post('/api/import/shelters').set('Authorization', `Bearer ${ctx.tokens.admin}`).send({ a: 1 }).expect(415);
    const res = await request(ctx.app).post('/api/import/shelters').set('Authorization', `Bearer ${ctx.tokens.admin}`).field('mapping', '{}').expect(400);
    expect(res.body.error.details[0]).toMatchObject({ field: 'file' });
  });

  it('a CSV without position columns says how to name them', async () => {
    const res = await post(ctx.app, 'shelters', Buffer.from('code,name\nA,B\n'), 'nopos.csv').expect(422);
    expect(res.body.error.code).toBe('no_geometry_columns');
  });

  it('projected numbers without a coordinate system ask for crs', async () => {
    const res = await post(ctx.app, 'shelters', Buffer.from('code,x,y\nA,494000,2473000\n'), 'gk.csv').expect(422);
    expect(res.body.error).toMatchObject({ code: 'unknown_crs' });
    expect(res.body.error.message).toMatch(/EPSG:4546/);
  });
});

describe('text that is not what it says', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

  it('a CSV that starts with a UTF-8 byte-order mark but holds GBK text is refused (422) naming the problem, nothing written', async () => {
    const before = await shelterCount();
    // "名称" and "避难所" in GBK: C3FB B3C6, B1DC C4D1 CBF9.
    const gbk = Buffer.from('code,\xc3\xfb\xb3\xc6,shelter_type,level,capacity,status,lon,lat\r\nBOM-GBK-1,\xb1\xdc\xc4\xd1\xcb\xf9,emergency,village,10,open,110.93,22.36\r\n', 'latin1');
    for (const mode of ['dry-run', 'commit']) {
      const res = await post(ctx.app, 'shelters', Buffer.concat([BOM, gbk]), 'bom-gbk.csv', `mode=${mode}`).expect(422);
      expect(res.body.error.code).toBe('unreadable_file');
      expect(res.body.error.message).toMatch(/byte-order mark/);
      expect(res.body.error.message).toMatch(/not UTF-8/);
      expect(res.body.error.message).toMatch(/encoding=gbk/);
    }
    expect(await shelterCount()).toBe(before);
    // Told the encoding, the same file reads as GBK, its byte-order mark left out.
    const told = await post(ctx.app, 'shelters', Buffer.concat([BOM, gbk]), 'bom-gbk.csv', 'mode=dry-run&encoding=gbk').expect(200);
    expect(told.body.file.fields).toEqual(['code', '名称', 'shelter_type', 'level', 'capacity', 'status', 'lon', 'lat']);
    expect(told.body.counts).toMatchObject({ read: 1, accepted: 1 });
  });

  it('a UTF-8 CSV with GBK bytes further on (past the sniffed head) is refused too, not stored as U+FFFD', async () => {
    const before = await shelterCount();
    const rows = Array.from({ length: 1500 }, (_, i) => `UTF-LATE-${i},Shelter ${i},emergency,village,10,open,110.93,22.36`);
    const text = Buffer.from(`code,name,shelter_type,level,capacity,status,lon,lat\n${rows.join('\n')}\n`, 'utf8');
    expect(text.length).toBeGreaterThan(64 * 1024);
    const late = Buffer.concat([text, Buffer.from('UTF-LATE-X,\xb1\xdc\xc4\xd1\xcb\xf9,emergency,village,10,open,110.93,22.36\n', 'latin1')]);
    const res = await post(ctx.app, 'shelters', late, 'late-gbk.csv', 'mode=commit').expect(422);
    expect(res.body.error.message).toMatch(/not UTF-8/);
    expect(await shelterCount()).toBe(before);
  });
});

describe('names of the file that are also names of JavaScript object members', () => {
  const NAMES = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty'];
  const csv = Buffer.from(
    `code,name,shelter_type,level,capacity,status,lon,lat,${NAMES.join(',')}\n` +
      `PROTO-1,原型一,emergency,village,10,open,110.93,22.36,a,b,c,d,e\n` +
      `PROTO-2,原型二,emergency,village,20,open,110.94,22.37,a,b,c,d,e\n`,
  );

  it('CSV columns named constructor, toString, valueOf, __proto__: dry run and commit answer 200, those columns mapped to nothing', async () => {
    for (const mode of ['dry-run', 'commit']) {
      const res = await post(ctx.app, 'shelters', csv, 'proto.csv', `mode=${mode}&source=proto-source`);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expect(res.body.counts).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
      const mapped = new Map(res.body.mapping.map((m: { field: string; attribute: string | null }) => [m.field, m.attribute]));
      for (const n of NAMES) expect(mapped.get(n), n).toBeNull();
      expect(res.body.file.fields).toEqual(['code', 'name', 'shelter_type', 'level', 'capacity', 'status', 'lon', 'lat', ...NAMES]);
    }
    const stored = (await request(ctx.app).get('/ogc/collections/shelters/items?code=PROTO-1').expect(200)).body.features[0];
    expect(stored.properties).toMatchObject({ name: '原型一', capacity: 10 });
    // The saved mapping of the source is read back for the next file, whatever its field names.
    await post(ctx.app, 'shelters', csv, 'proto.csv', 'mode=dry-run&source=proto-source&on_duplicate=skip').expect(200);
  });

  it('a mapping naming such a field or attribute: an attribute that is not one is a 400; a field that is one maps', async () => {
    for (const attr of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const res = await request(ctx.app).post('/api/import/shelters?mode=dry-run').set('Authorization', `Bearer ${ctx.tokens.admin}`)
        .field('mapping', JSON.stringify({ name: attr })).attach('file', csv, 'proto.csv');
      expect(res.status, attr).toBe(400);
      expect(res.body.error.code).toBe('bad_mapping');
    }
    const res = await request(ctx.app).post('/api/import/shelters?mode=dry-run').set('Authorization', `Bearer ${ctx.tokens.admin}`)
      .field('mapping', '{"name": null, "toString": "name", "__proto__": "contact_name"}').attach('file', csv, 'proto.csv').expect(200);
    const mapped = new Map(res.body.mapping.map((m: { field: string; attribute: string | null }) => [m.field, m.attribute]));
    expect(mapped.get('toString')).toBe('name');
    expect(mapped.get('__proto__')).toBe('contact_name');
  });

  it('an encoding or coordinate system named constructor is a 400', async () => {
    for (const q of ['encoding=constructor', 'encoding=__proto__', 'crs=constructor', 'crs=toString']) {
      const res = await post(ctx.app, 'shelters', csv, 'proto.csv', `mode=dry-run&${q}`);
      expect(res.status, q).toBe(400);
    }
  });

  it('GeoJSON with such property names and a top-level "__proto__" member: dry run and commit never answer 500', async () => {
    const props = NAMES.map((n) => `"${n}": "x"`).join(', ');
    const feature = (code: string) => `{"type": "Feature", "geometry": {"type": "Point", "coordinates": [110.95, 22.38]}, "properties": {"code": "${code}", "name": "原型", "shelter_type": "emergency", "level": "village", "capacity": 5, "status": "open", ${props}}}`;
    const body = Buffer.from(`{"__proto__": {"type": "FeatureCollection"}, "type": "FeatureCollection", "features": [${feature('PROTO-GJ-1')}]}`);
    for (const mode of ['dry-run', 'commit']) {
      const res = await post(ctx.app, 'shelters', body, 'proto.geojson', `mode=${mode}`);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      expect(res.body.counts).toMatchObject({ read: 1, accepted: 1 });
    }
    // A file whose only type is in its "__proto__" member is not a FeatureCollection.
    const fake = Buffer.from(`{"__proto__": {"type": "FeatureCollection"}, "features": [${feature('PROTO-GJ-2')}]}`);
    await post(ctx.app, 'shelters', fake, 'fake.geojson', 'mode=dry-run').expect(422);
  });
});
