import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminQuery, withDatabase } from '../helpers/template.ts';
import { FIXTURES } from '../fixtures/import/hostile-files.ts';

const run = promisify(execFile);
const OSM_EXTRACT = path.join(import.meta.dirname, '../fixtures/osm/roads.osm');
const url = process.env.DATABASE_URL || undefined;
const name = `onemap_cli_imp_${crypto.randomBytes(4).toString('hex')}`;
const dataDir = path.join(os.tmpdir(), name);
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-cli-export-'));
const env: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'silent' };

beforeAll(async () => {
  delete env.DATABASE_URL;
  if (url) {
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${inject('dbTemplate')}`);
    env.DATABASE_URL = withDatabase(url, name);
  } else {
    fs.cpSync(inject('dbTemplate'), dataDir, { recursive: true });
    env.DATA_DIR = dataDir;
  }
});
afterAll(async () => {
  if (url) await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

const onemap = (...args: string[]) => run('npm', ['run', '--silent', 'onemap', '--', ...args], { env, timeout: 240_000 });

// Each command starts tsx and opens the database: seconds each on a loaded machine.
describe('npm run onemap -- import / export', { timeout: 300_000 }, () => {
  it('imports a Gauss–Krüger Shapefile with a progress bar on stderr and the report on stdout', async () => {
    const { stdout, stderr } = await onemap('import', path.join(FIXTURES, 'shelters-cgcs2000-gk111-gbk.zip'), '--layer', 'shelters', '--mode', 'commit', '--by', 'county GIS desk');
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ outcome: 'committed', crs: { id: 'EPSG:4546' }, counts: { inserted: 4 } });
    expect(stderr).toMatch(/\[█+\] 100\.0%\s+rows 4\s+accepted 4\s+rejected 0/);
    expect(stderr).toContain('shapefile in EPSG:4546 → shelters: 4 rows, 4 accepted (4 new, 0 updates, 0 unchanged), 0 skipped, 0 rejected');
  });

  it('a refused commit exits non-zero, naming each rejected row', async () => {
    const err = await onemap('import', path.join(FIXTURES, 'risk-sites-town-gbk.csv'), '--layer', 'risk_sites', '--mode', 'commit').then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('row 3 (XP-T105-0003): 户数: "三" is not a number');
    expect(err?.stderr).toContain('rows were rejected, so nothing was written');
  });

  it('bad options are named', async () => {
    const err = await onemap('import', path.join(FIXTURES, 'depots-gcj02.csv'), '--layer', 'depots', '--crs', 'EPSG:2383').then(() => undefined, (e: { stderr: string }) => e);
    expect(err?.stderr).toMatch(/crs "EPSG:2383" is not one OneMap converts\n\s+crs: use EPSG:4326/);
  });

  it('imports an OpenStreetMap extract into roads: the ways kept land as roads, named, classed and signed', async () => {
    const { stdout, stderr } = await onemap('import', OSM_EXTRACT, '--layer', 'roads', '--mode', 'commit', '--by', 'county GIS desk');
    const report = JSON.parse(stdout);
    // 11 ways, 10 of them highways: 7 kept (one clipped to the extract), 3 left out with the reason.
    expect(report).toMatchObject({ outcome: 'committed', file: { format: 'osm-xml' }, osm: { ways: 11, highway_ways: 10, kept: 7, clipped: 1 }, counts: { inserted: 7, rejected: 0 } });
    expect(stderr).toContain('→ roads: 7 rows, 7 accepted (7 new');
    const out = path.join(outDir, 'osm-roads.geojson');
    await onemap('export', '--layer', 'roads', '--format', 'geojson', '--out', out, '--bbox', '112.29,23.09,112.31,23.11');
    type Road = { geometry: { coordinates: number[][][] }; properties: Record<string, unknown> };
    const roads = new Map((JSON.parse(fs.readFileSync(out, 'utf8')).features as Road[]).map((f) => [f.properties.code, f]));
    expect([...roads.keys()].sort()).toEqual(['OSM-W101', 'OSM-W102', 'OSM-W103', 'OSM-W104', 'OSM-W105', 'OSM-W107', 'OSM-W111']);
    const w101 = roads.get('OSM-W101')!;
    expect(w101.properties).toMatchObject({ name: '测试大道', road_class: 'provincial', surface: 'paved', speed_kmh: 60, updated_by: 'county GIS desk' });
    expect(w101.geometry.coordinates.map((l) => l.map((p) => p.slice(0, 2)))).toEqual([[[112.3, 23.1], [112.301, 23.1], [112.302, 23.1]]]);
    // oneway=-1 is stored in the direction of travel; access=no closes the road.
    expect(roads.get('OSM-W102')!.properties).toMatchObject({ oneway: true, bridge: true });
    expect(roads.get('OSM-W102')!.geometry.coordinates.map((l) => l.map((p) => p.slice(0, 2)))).toEqual([[[112.303, 23.1], [112.302, 23.1]]]);
    expect(roads.get('OSM-W104')!.properties).toMatchObject({ closed: true, closure_reason: 'access=no' });
  });

  it('exports with the items filters to a GeoPackage that GDAL reads, with what the import wrote', async () => {
    const out = path.join(outDir, 'open-shelters.gpkg');
    const { stderr } = await onemap('export', '--layer', 'shelters', '--format', 'gpkg', '--out', out, '--where', 'level=town', '--bbox', '110.9,22.3,111.4,22.6');
    expect(stderr).toMatch(/^wrote \d+ shelters to .*open-shelters\.gpkg \(gpkg, with private attributes\)/);
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-where', "code LIKE 'GK-BN-%'", out]);
    expect(stdout).toContain('updated_by (String) = county GIS desk');
    expect(stdout).toContain('code (String) = GK-BN-001');
    // GK-BN-003 is a village-level shelter: the level filter leaves it out.
    expect(stdout).not.toContain('GK-BN-003');
  });
});
