import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openGeoJson } from '../../../server/import/read-geojson.ts';
import type { SourceRow } from '../../../server/import/source.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-geojson-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const LIMITS = { maxUploadBytes: 1e9, maxDecompressedBytes: 1e9, maxColumns: 50, maxRows: 1000, maxOsmNodes: 1e6 };

function file(name: string, text: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

async function rows(p: string): Promise<SourceRow[]> {
  const source = await openGeoJson(p, LIMITS);
  const out: SourceRow[] = [];
  for await (const r of source.rows()) out.push(r);
  await source.close();
  return out;
}

const DOC = {
  type: 'FeatureCollection',
  name: 'x',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } },
  features: [
    { type: 'Feature', properties: { name: '带"引号"和{括号}的名称 [1]', n: 1 }, geometry: { type: 'Point', coordinates: [111, 22] } },
    { type: 'Feature', properties: { name: 'b\\\\', list: [1, [2, 3]] }, geometry: null },
    JSON.parse('{"type":"Feature","properties":{"constructor":"c","__proto__":"p"},"geometry":{"type":"Point","coordinates":[111.5,22.5]}}'),
  ],
  bbox: [111, 22, 111, 22],
};

describe('openGeoJson', () => {
  it('streams every feature of a FeatureCollection with its properties and geometry, and reads its crs', async () => {
    const p = file('fc.geojson', JSON.stringify(DOC, null, 1));
    const source = await openGeoJson(p, LIMITS);
    expect(source.declaredCrs?.id).toBe('EPSG:4490');
    expect(source.fields).toEqual(['name', 'n']);
    const got = await rows(p);
    expect(got.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(got[0]).toEqual({ row: 1, fields: { name: '带"引号"和{括号}的名称 [1]', n: 1 }, geometry: { type: 'Point', coordinates: [111, 22] } });
    expect(got[1].fields).toEqual({ name: 'b\\\\', list: [1, [2, 3]] });
    expect(got[1].geometry).toBeNull();
    // Names that are also Object's own are ordinary properties.
    expect(Object.keys(got[2].fields).sort()).toEqual(['__proto__', 'constructor']);
  });

  it('reads a lone Feature, and a file that starts with a byte-order mark', async () => {
    const lone = await rows(file('lone.geojson', JSON.stringify({ type: 'Feature', properties: { code: 'A' }, geometry: { type: 'Point', coordinates: [1, 2] } })));
    expect(lone).toEqual([{ row: 1, fields: { code: 'A' }, geometry: { type: 'Point', coordinates: [1, 2] } }]);
    const bom = await rows(file('bom.geojson', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(DOC))])));
    expect(bom).toHaveLength(3);
  });

  it('names what is wrong: truncation, not JSON, not GeoJSON, a crs after the features, too many properties or features', async () => {
    await expect(rows(file('cut.geojson', JSON.stringify(DOC).slice(0, 120)))).rejects.toThrow(/truncated|not valid GeoJSON/);
    await expect(openGeoJson(file('text.geojson', 'hello'), LIMITS)).rejects.toThrow(/not valid GeoJSON/);
    await expect(openGeoJson(file('array.geojson', '[1,2]'), LIMITS)).rejects.toThrow(/JSON object/);
    await expect(openGeoJson(file('type.geojson', '{"type":"Topology","objects":{}}'), LIMITS)).rejects.toThrow(/FeatureCollection or Feature was expected/);
    const late = { type: 'FeatureCollection', features: DOC.features, crs: DOC.crs };
    await expect(rows(file('late.geojson', JSON.stringify(late)))).rejects.toThrow(/crs.*after the features/);
    const wide = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, i])) }] };
    await expect(openGeoJson(file('wide.geojson', JSON.stringify(wide)), LIMITS)).rejects.toThrow(/at most 50 are accepted/);
    const many = { type: 'FeatureCollection', features: Array.from({ length: 1001 }, () => DOC.features[0]) };
    await expect(rows(file('many.geojson', JSON.stringify(many)))).rejects.toThrow(/more than 1000 features/);
  });

  it('hands over an element that is not a Feature as a row with the problem named', async () => {
    const got = await rows(file('odd.geojson', '{"type":"FeatureCollection","features":[1,{"type":"Feature","properties":null,"geometry":null}]}'));
    expect(got[0]).toMatchObject({ row: 1, problem: 'not a GeoJSON Feature' });
    expect(got[1]).toEqual({ row: 2, fields: {}, geometry: null });
  });
});
