/**
 * OpenStreetMap extracts read as roads: the hand-made extract tests/fixtures/osm/roads.osm, as
 * XML and as an .osm.pbf written from it, gives the roads worked out by hand below; hostile and
 * oversize files are refused with a 4xx naming the problem.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../../server/import/file-errors.ts';
import type { ImportLimits } from '../../../server/import/limits.ts';
import { openSource } from '../../../server/import/open-source.ts';
import { readRoadTags, speedOf } from '../../../server/import/osm-road-tags.ts';
import type { SourceRow } from '../../../server/import/source.ts';
import { readOsmFixture, writeOsmPbf } from '../../fixtures/osm/osm-pbf-writer.ts';

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/osm/roads.osm');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onemap-osm-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const LIMITS: ImportLimits = { maxUploadBytes: 1e8, maxDecompressedBytes: 1e9, maxColumns: 500, maxRows: 1000, maxOsmNodes: 1000 };

function file(name: string, data: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

async function read(p: string, limits: ImportLimits = LIMITS) {
  const source = await openSource(p, path.basename(p), { columns: {}, limits, workDir: dir });
  const rows: SourceRow[] = [];
  try {
    for await (const r of source.rows()) rows.push(r);
  } finally {
    await source.close();
  }
  return { source, rows, osm: source.summary?.().osm };
}

async function refusal(p: string, limits: ImportLimits = LIMITS): Promise<ImportError> {
  const e = await read(p, limits).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

const byCode = (rows: SourceRow[]) => Object.fromEntries(rows.map((r) => [r.fields.code as string, r]));

/** Worked out by hand from roads.osm and data/osm-roads.json. */
function expectTheFixtureRoads(rows: SourceRow[]) {
  const roads = byCode(rows);
  expect(Object.keys(roads)).toEqual(['OSM-W101', 'OSM-W102', 'OSM-W103', 'OSM-W104', 'OSM-W105', 'OSM-W107', 'OSM-W111']);
  // primary → provincial; name:zh preferred over name; asphalt → paved; maxspeed 60.
  expect(roads['OSM-W101'].fields).toMatchObject({ name: '测试大道', road_class: 'provincial', surface: 'paved', speed_kmh: 60, oneway: null, bridge: null });
  expect(roads['OSM-W101'].geometry).toEqual({ type: 'LineString', coordinates: [[112.3, 23.1], [112.301, 23.1], [112.302, 23.1]] });
  // tertiary → township; oneway=-1 is one-way against the way, stored from node 4 to node 3; 30 mph = 48.28 km/h → 48.
  expect(roads['OSM-W102'].fields).toMatchObject({ name: '回头路', road_class: 'township', oneway: true, bridge: true, speed_kmh: 48 });
  expect(roads['OSM-W102'].geometry).toEqual({ type: 'LineString', coordinates: [[112.303, 23.1], [112.302, 23.1]] });
  // track with a ford; dirt → earth; "&amp;" read as "&".
  expect(roads['OSM-W103'].fields).toMatchObject({ name: 'Ford & Track', road_class: 'track', surface: 'earth', ford: true, bridge: null });
  expect(roads['OSM-W104'].fields).toMatchObject({ name: null, road_class: 'village', closed: true, closure_reason: 'access=no' });
  // highway=construction, construction=secondary → a closed county road.
  expect(roads['OSM-W105'].fields).toMatchObject({ road_class: 'county', closed: true, closure_reason: 'under construction' });
  // Node 9 is outside the extract: the footway keeps 1 → 10 → 11.
  expect(roads['OSM-W107'].fields).toMatchObject({ road_class: 'footpath' });
  expect(roads['OSM-W107'].geometry).toEqual({ type: 'LineString', coordinates: [[112.3, 23.1], [112.3, 23.101], [112.3, 23.102]] });
  // motorway: an expressway, one-way without saying so, named by its ref.
  expect(roads['OSM-W111'].fields).toMatchObject({ name: 'G15', road_class: 'expressway', oneway: true });
}

const TALLY = {
  nodes: 12,
  ways: 11,
  relations: 1,
  highway_ways: 10,
  kept: 7,
  clipped: 1,
  skipped: { 'nodes missing from the file (clipped extract)': 1, 'highway=proposed': 1, 'area=yes': 1 },
};

describe('OpenStreetMap tags read as a road', () => {
  it('maps the highway classes of China\'s tagging to road classes', () => {
    const cls = (highway: string, extra: Record<string, string> = {}) => {
      const r = readRoadTags(1, { highway, ...extra });
      return r.keep ? r.fields.road_class : r.reason;
    };
    expect(['motorway', 'trunk', 'primary_link', 'secondary', 'tertiary', 'unclassified', 'residential', 'track', 'path', 'steps', 'bridleway'].map((h) => cls(h))).toEqual([
      'expressway', 'national', 'provincial', 'county', 'township', 'village', 'village', 'track', 'footpath', 'footpath', 'footpath',
    ]);
    expect(cls('construction')).toBe('village');
    expect(cls('platform')).toBe('highway=platform');
    expect(cls('constructor')).toBe('highway=constructor');
  });

  it('reads one-way, speed, bridge and ford as the wiki defines them', () => {
    const r = (tags: Record<string, string>) => {
      const x = readRoadTags(7, tags);
      if (!x.keep) throw new Error(x.reason);
      return { ...x.fields, reverse: x.reverse };
    };
    expect(r({ highway: 'motorway', oneway: 'no' })).toMatchObject({ oneway: false, reverse: false });
    expect(r({ highway: 'primary', junction: 'roundabout' })).toMatchObject({ oneway: true });
    expect(r({ highway: 'primary', oneway: 'reverse' })).toMatchObject({ oneway: true, reverse: true });
    expect(r({ highway: 'primary', oneway: 'alternating' })).toMatchObject({ oneway: null });
    expect(r({ highway: 'track', bridge: 'viaduct', ford: 'no' })).toMatchObject({ bridge: true, ford: false, code: 'OSM-W7' });
    expect(r({ highway: 'track', surface: 'unpaved' })).toMatchObject({ surface: null });
    expect([speedOf('50'), speedOf('50 km/h'), speedOf('20 mph'), speedOf('CN:urban'), speedOf('walk'), speedOf('60;80'), speedOf('200'), speedOf('0')]).toEqual([50, 50, 32, null, null, null, null, null]);
  });
});

describe('an .osm XML extract', () => {
  it('gives the hand-worked roads, and counts the ways read, kept and left out', async () => {
    const { source, rows, osm } = await read(FIXTURE);
    expect(source).toMatchObject({ format: 'osm-xml', declaredCrs: { id: 'EPSG:4326' } });
    expectTheFixtureRoads(rows);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(osm).toEqual(TALLY);
  });

  it('is told by its content when the name says nothing, and reads nodes listed out of order', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const nodes = text.match(/ {2}<node [^\n]*\n/g)!;
    const shuffled = text.replace(nodes.join(''), [...nodes].reverse().join(''));
    const { source, rows } = await read(file('upload.bin', shuffled));
    expect(source.format).toBe('osm-xml');
    expectTheFixtureRoads(rows);
  });

  it('refuses a document type or entity declaration before expanding anything (unsupported)', async () => {
    const lol = '<?xml version="1.0"?>\n<!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<osm version="0.6"><node id="1" lat="1" lon="1"><tag k="name" v="&b;"/></node></osm>';
    const e = await refusal(file('lol.osm', lol));
    expect([e.problem, e.code]).toEqual(['unsupported', 'unsafe_xml']);
    const inner = '<osm version="0.6"><way id="1"><!ENTITY x SYSTEM "file:///etc/passwd"><nd ref="1"/></way></osm>';
    expect((await refusal(file('inner.osm', inner))).code).toBe('unsafe_xml');
  });

  it('refuses a truncated file, a broken element and another version (unreadable)', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const cut = await refusal(file('cut.osm', text.slice(0, text.indexOf('<way id="105"'))));
    expect([cut.problem, cut.message]).toEqual(['unreadable', 'the OpenStreetMap XML ends before </osm> (truncated)']);
    const broken = await refusal(file('broken.osm', '<osm version="0.6"><way id="1"><nd ref="1"></way></osm>'));
    expect(broken.message).toMatch(/^the file is not valid OpenStreetMap XML/);
    expect((await refusal(file('v5.osm', '<osm version="0.5"></osm>'))).message).toContain('version 0.6 was expected');
    expect((await refusal(file('lat.osm', '<osm version="0.6"><node id="1" lat="x" lon="1"/></osm>'))).message).toContain("node 1's lat");
  });

  it('refuses a file over the size cap or with more nodes than IMPORT_MAX_OSM_NODES (too large)', async () => {
    const big = await refusal(FIXTURE, { ...LIMITS, maxUploadBytes: 1024 });
    expect([big.problem, big.code]).toEqual(['too_large', 'file_too_large']);
    const nodes = await refusal(FIXTURE, { ...LIMITS, maxOsmNodes: 11 });
    expect([nodes.problem, nodes.message]).toEqual(['too_large', 'the file has more than 11 nodes; at most 11 are read (IMPORT_MAX_OSM_NODES)']);
  });

  it('refuses an element longer than the cap without holding the rest of the file (too large)', async () => {
    const long = `<osm version="0.6"><way id="1">${'<nd ref="1"/>'.repeat(400_000)}</way></osm>`;
    const e = await refusal(file('long.osm', long));
    expect([e.problem, e.message]).toEqual(['too_large', 'an element of the OpenStreetMap XML is longer than 4194304 characters']);
  });
});

describe('an .osm.pbf extract', () => {
  const elements = readOsmFixture(FIXTURE);

  it('gives the same roads and counts as the XML it was written from', async () => {
    const { source, rows, osm } = await read(file('roads.osm.pbf', writeOsmPbf(elements)));
    expect(source.format).toBe('osm-pbf');
    expectTheFixtureRoads(rows);
    expect(osm).toEqual(TALLY);
    // Told by its first bytes under any name.
    expect((await read(file('roads.dat', writeOsmPbf(elements)))).source.format).toBe('osm-pbf');
  });

  it('refuses a block that unpacks past the format\'s 32 MiB (unreadable), or past IMPORT_MAX_DECOMPRESSED_BYTES (too large)', async () => {
    const bomb = writeOsmPbf(elements, { dataBlock: Buffer.alloc(40 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(100_000);
    const e = await refusal(file('bomb.osm.pbf', bomb));
    expect([e.problem, e.message]).toEqual(['unreadable', 'a block of the .osm.pbf file unpacks to more than 32 MiB, which the format does not allow']);
    const small = await refusal(file('roads2.osm.pbf', writeOsmPbf(elements)), { ...LIMITS, maxDecompressedBytes: 100 });
    expect(small.problem).toBe('too_large');
  });

  it('refuses a header that claims more than 64 KiB, a feature it cannot read, a cut file and a damaged block (unreadable)', async () => {
    expect((await refusal(file('h.osm.pbf', writeOsmPbf(elements, { headerLength: 1 << 20 })))).problem).toBe('unreadable');
    const history = await refusal(file('hist.osm.pbf', writeOsmPbf(elements, { requiredFeatures: ['OsmSchema-V0.6', 'HistoricalInformation'] })));
    expect(history.message).toContain('"HistoricalInformation"');
    const whole = writeOsmPbf(elements);
    expect((await refusal(file('cut.osm.pbf', whole.subarray(0, whole.length - 10)))).message).toContain('truncated');
    const damaged = await refusal(file('damaged.osm.pbf', writeOsmPbf(elements, { dataBlock: zlib.deflateSync(Buffer.from('not a block')) })));
    expect([damaged.problem, damaged.message.startsWith('a block of the .osm.pbf file cannot be decoded')]).toEqual(['unreadable', true]);
    expect((await refusal(file('fake.osm.pbf', 'not a pbf'))).problem).toBe('unreadable');
  });
});
