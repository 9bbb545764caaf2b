import { describe, expect, it } from 'vitest';
import { GeoJsonSplitter, type SplitEvent } from '../../../server/import/geojson-splitter.ts';

const DOC = JSON.stringify({
  type: 'FeatureCollection',
  name: 'x',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } },
  features: [
    { type: 'Feature', properties: { name: '带"引号"和{括号}的名称 [1]', n: 1 }, geometry: { type: 'Point', coordinates: [111, 22] } },
    { type: 'Feature', properties: { name: 'b\\\\', list: [1, [2, 3]] }, geometry: null },
  ],
  bbox: [111, 22, 111, 22],
}, null, 1);

function split(chunks: string[]): SplitEvent[] {
  const s = new GeoJsonSplitter();
  const out = chunks.flatMap((c) => s.push(c));
  expect(s.done).toBe(true);
  return out;
}

describe('GeoJsonSplitter', () => {
  it('hands over members and each feature, whole', () => {
    const events = split([DOC]);
    expect(events.filter((e) => e.kind === 'member').map((e) => (e as { key: string }).key)).toEqual(['type', 'name', 'crs', 'bbox']);
    const features = events.filter((e) => e.kind === 'feature').map((e) => JSON.parse(e.text));
    expect(features).toEqual(JSON.parse(DOC).features);
  });

  it('gives the same result however the text is cut into chunks', () => {
    const whole = split([DOC]);
    for (let cut = 1; cut < DOC.length; cut += 7) expect(split([DOC.slice(0, cut), DOC.slice(cut)])).toEqual(whole);
    expect(split(DOC.split(''))).toEqual(whole);
  });

  it('refuses text that is not a GeoJSON object', () => {
    expect(() => new GeoJsonSplitter().push('[1,2]')).toThrow(/must be a JSON object/);
    expect(() => new GeoJsonSplitter().push('{"features":[1]}')).toThrow(/must be an object/);
  });
});
