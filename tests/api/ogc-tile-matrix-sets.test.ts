import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestContext } from '../helpers/test-app.ts';
import { local, type Link } from '../helpers/links.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await openTestApp();
});
afterAll(async () => ctx?.close());

describe('conformance', () => {
  it('claims the tile matrix set classes and the dataset tilesets', async () => {
    const c = (await request(ctx.app).get('/ogc/conformance').expect(200)).body.conformsTo as string[];
    expect(c).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/tms/2.0/conf/tilematrixset',
      'http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset',
      'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets',
    ]));
  });
});

describe('OGC API – Tiles: tile matrix sets', () => {
  it('/ogc/tileMatrixSets lists WebMercatorQuad, linked from the landing page', async () => {
    const landing = (await request(ctx.app).get('/ogc').expect(200)).body as { links: Link[] };
    const link = landing.links.find((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes');
    expect(link?.type).toBe('application/json');
    const list = (await request(ctx.app).get(local(link!.href)).expect(200)).body as { tileMatrixSets: Array<{ id: string; links: Link[] }> };
    expect(list.tileMatrixSets.map((t) => t.id)).toEqual(['WebMercatorQuad']);
  });

  it('/ogc/tileMatrixSets/WebMercatorQuad is the 2D TMS 2.0 definition', async () => {
    const tms = (await request(ctx.app).get('/ogc/tileMatrixSets/WebMercatorQuad').expect(200)).body as {
      id: string; crs: string; uri: string; orderedAxes: string[];
      tileMatrices: Array<{ id: string; scaleDenominator: number; cellSize: number; cornerOfOrigin: string; pointOfOrigin: number[]; tileWidth: number; matrixWidth: number; matrixHeight: number }>;
    };
    expect(tms).toMatchObject({ id: 'WebMercatorQuad', crs: 'http://www.opengis.net/def/crs/EPSG/0/3857', uri: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad', orderedAxes: ['X', 'Y'] });
    expect(tms.tileMatrices).toHaveLength(25);
    // The standard's table: level 0 is one 256-pixel tile of the world at 1:559,082,264.
    expect(tms.tileMatrices[0].scaleDenominator).toBeCloseTo(559082264.0287178, 3);
    expect(tms.tileMatrices[0].cellSize).toBeCloseTo(156543.03392804097, 6);
    expect(tms.tileMatrices[0].pointOfOrigin).toEqual([-20037508.3427892, 20037508.3427892]);
    expect(tms.tileMatrices[14]).toMatchObject({ id: '14', matrixWidth: 16384, matrixHeight: 16384, tileWidth: 256, cornerOfOrigin: 'topLeft' });
    expect(tms.tileMatrices[14].scaleDenominator).toBeCloseTo(34123.67334000833, 4);
    // The 1.0 names too, which GDAL before 3.7 reads.
    expect(tms).toMatchObject({ identifier: 'WebMercatorQuad', supportedCRS: 'http://www.opengis.net/def/crs/EPSG/0/3857' });
    expect(tms.tileMatrices[3]).toMatchObject({ identifier: '3', topLeftCorner: [-20037508.3427892, 20037508.3427892] });
    await request(ctx.app).get('/ogc/tileMatrixSets/WorldCRS84Quad').expect(404);
  });

  it('is described in /ogc/api', async () => {
    const doc = JSON.parse((await request(ctx.app).get('/ogc/api').expect(200)).text);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/tileMatrixSets', '/tileMatrixSets/{tileMatrixSetId}']));
  });

  it('tilesets link their tiling scheme, typed, to that document', async () => {
    for (const path of ['/ogc/collections/shelters/tiles', '/ogc/tiles']) {
      const list = (await request(ctx.app).get(path).expect(200)).body as { tilesets: Array<{ links: Link[] }> };
      const meta = (await request(ctx.app).get(`${path}/WebMercatorQuad`).expect(200)).body as { links: Link[] };
      for (const links of [list.tilesets[0].links, meta.links]) {
        const scheme = links.find((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme');
        expect(scheme, path).toMatchObject({ type: 'application/json' });
        expect(local(scheme!.href)).toBe('/ogc/tileMatrixSets/WebMercatorQuad');
      }
    }
  });
});
