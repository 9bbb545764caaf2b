import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZip } from '../../../server/import/unzip-bounded.ts';
import { openShapefile } from '../../../server/import/read-shapefile.ts';
import { ringsToPolygons } from '../../../server/import/shp-rings.ts';
import type { SourceRow } from '../../../server/import/source.ts';
import { FIXTURES } from '../../fixtures/import/hostile-files.ts';

const limits = { maxUploadBytes: 1e9, maxDecompressedBytes: 1e9, maxColumns: 500, maxRows: 1e6, maxOsmNodes: 1e6 };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function read(zip: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-shp-test-'));
  dirs.push(dir);
  const source = await openShapefile(await extractZip(path.join(FIXTURES, zip), dir, limits.maxDecompressedBytes), { limits });
  const rows: SourceRow[] = [];
  for await (const r of source.rows()) rows.push(r);
  await source.close();
  return { source, rows };
}

describe('reading a zipped Shapefile', () => {
  it('decodes GBK field names and text per the .cpg and reads the .prj', async () => {
    const { source, rows } = await read('shelters-cgcs2000-gk111-gbk.zip');
    expect(source.fields).toEqual(['编号', '名称', '场所类型', '级别', '容纳人数', '有效避难面', '状态', '设施', '联系人', '联系电话']);
    expect(source.encoding).toBe('gb18030');
    expect(source.declaredCrs?.id).toBe('EPSG:4546');
    expect(source.total).toBe(4);
    expect(rows[0].fields).toMatchObject({ 编号: 'GK-BN-001', 名称: '东镇街道文化广场避难场所', 容纳人数: 800 });
    expect(rows[0].geometry).toMatchObject({ type: 'Point' });
    // 110.9453°E lies west of the 111°E central meridian: easting under 500 000 m.
    expect((rows[0].geometry as { coordinates: number[] }).coordinates[0]).toBeLessThan(500_000);
  });

  it('reads polygons as rings grouped into polygons', async () => {
    const { rows } = await read('hazard-zones-cgcs2000-gk37-gbk.zip');
    expect(rows.map((r) => r.geometry?.type)).toEqual(['Polygon', 'Polygon']);
    expect((rows[1].geometry as { coordinates: number[][][] }).coordinates[0]).toHaveLength(6);
  });
});

describe('ringsToPolygons', () => {
  const outer = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]; // clockwise: an outer ring
  const hole = [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]; // counter-clockwise: a hole
  const far = [[20, 0], [20, 5], [25, 5], [25, 0], [20, 0]];

  it('puts each hole in the outer ring that contains it', () => {
    expect(ringsToPolygons([outer, hole])).toEqual({ type: 'Polygon', coordinates: [outer, hole] });
    expect(ringsToPolygons([outer, far, hole])).toEqual({ type: 'MultiPolygon', coordinates: [[outer, hole], [far]] });
  });
});
