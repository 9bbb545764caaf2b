import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { area, booleanPointInPolygon, booleanValid, featureCollection, intersect, kinks, multiPolygon, polygon } from '@turf/turf';
import type { Feature, MultiPolygon, Point, Position } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentsMeet } from '../../../data/generate/geometry.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import { nearestShelters } from '../../../server/routing/nearest-shelters.ts';
import { ROAD_CLASSES } from '../../../server/routing/road-classes.ts';
import { searchFromNodes } from '../../../server/routing/search.ts';
import { shelterField } from '../../../server/routing/shelter-field.ts';
import { snapPoint } from '../../../server/routing/snap.ts';
import { allocate } from '../../../data/generate/allocate.ts';
import { generate, type Dataset } from '../../../data/generate/generate.ts';
import { Rng } from '../../../data/generate/Rng.ts';
import { GRADES, HAZARDS, LAYER_NAMES, LEVELS, SHELTER_TYPES, type Layers, type TownProps } from '../../../data/generate/types.ts';
import { featureCollectionChunks, layerFileName, manifestText } from '../../../data/generate/write.ts';

const SAMPLE_DIR = join(import.meta.dirname, '../../../data/sample/county');

/** The statistics bureau's 2022 codes for Xinyi (see data/README.md), written out independently of the generator. */
const XINYI_2022: Record<string, string> = {
  '440983001': '东镇街道', '440983002': '玉都街道', '440983101': '镇隆镇', '440983102': '水口镇', '440983105': '丁堡镇',
  '440983106': '池洞镇', '440983112': '贵子镇', '440983113': '怀乡镇', '440983114': '茶山镇', '440983115': '洪冠镇',
  '440983116': '白石镇', '440983117': '大成镇', '440983118': '钱排镇', '440983119': '合水镇', '440983120': '新宝镇',
  '440983121': '平塘镇', '440983122': '思贺镇', '440983123': '金垌镇', '440983124': '朱砂镇', '440983125': '北界镇',
  '440983400': '信宜市国营红旗农场',
};

function serialise(dataset: Dataset): Record<string, string> {
  const files: Record<string, string> = { 'manifest.json': manifestText(dataset.manifest) };
  for (const name of LAYER_NAMES) files[layerFileName(name)] = [...featureCollectionChunks(dataset.layers[name])].join('');
  return files;
}

function townsByCode(layers: Layers): Map<string, Feature<MultiPolygon, TownProps>> {
  return new Map(layers.towns.map((t) => [t.properties.code, t]));
}

/** The seed-1 county, generated once for all the tests below. */
let seedOne: Dataset | undefined;
const countySeedOne = (): Dataset => (seedOne ??= generate('county', 1));

describe('county sample generator', () => {
  let sample: Dataset;
  let files: Record<string, string>;

  beforeAll(() => {
    sample = countySeedOne();
    files = serialise(sample);
  });

  describe('determinism', () => {
    it('writes the same bytes for the same seed', () => {
      expect(serialise(generate('county', 1))).toEqual(files);
    });

    it('writes different data for another seed', () => {
      const other = serialise(generate('county', 2));
      for (const name of ['towns', 'villages', 'risk_sites', 'hazard_zones', 'roads'] as const) {
        expect(other[layerFileName(name)]).not.toEqual(files[layerFileName(name)]);
      }
    });

    it('matches the committed sample in data/sample/county byte for byte', () => {
      for (const [file, text] of Object.entries(files)) {
        expect(readFileSync(join(SAMPLE_DIR, file), 'utf8'), `${file} is stale: regenerate with seed 1`).toBe(text);
      }
    });
  });

  describe('counts and codes', () => {
    it('has the expected number of features per layer, as in the manifest', () => {
      const c = sample.manifest.counts;
      expect(c.towns).toBe(21);
      expect(c.villages).toBeGreaterThanOrEqual(350);
      expect(c.villages).toBeLessThanOrEqual(450);
      expect(c.risk_sites).toBeGreaterThanOrEqual(1800);
      expect(c.risk_sites).toBeLessThanOrEqual(2200);
      expect(c.shelters).toBeGreaterThanOrEqual(250);
      expect(c.shelters).toBeLessThanOrEqual(350);
      expect(c.depots).toBeGreaterThanOrEqual(30);
      expect(c.depots).toBeLessThanOrEqual(50);
      expect(c.hazard_zones).toBeGreaterThanOrEqual(120);
      expect(c.hazard_zones).toBeLessThanOrEqual(180);
      for (const name of LAYER_NAMES) expect(c[name]).toBe(sample.layers[name].length);
    });

    it('contains all 21 township units with their official codes and names', () => {
      const actual = Object.fromEntries(sample.layers.towns.map((t) => [t.properties.code, t.properties.name]));
      expect(actual).toEqual(XINYI_2022);
    });

    it('gives every feature a unique code and no id', () => {
      for (const name of LAYER_NAMES) {
        const features: Feature[] = sample.layers[name];
        const codes = features.map((f) => (f.properties as { code: string }).code);
        expect(new Set(codes).size, name).toBe(codes.length);
        expect(features.every((f) => f.id === undefined), name).toBe(true);
      }
    });

    it('codes villages as their town code plus three digits', () => {
      for (const v of sample.layers.villages) expect(v.properties.code).toMatch(new RegExp(`^${v.properties.town_code}\\d{3}$`));
    });
  });

  describe('population', () => {
    it('sums to about 0.95 million over the towns', () => {
      const total = sample.layers.towns.reduce((s, t) => s + t.properties.population, 0);
      expect(total).toBeGreaterThan(900_000);
      expect(total).toBeLessThan(1_000_000);
    });

    it('shares each town population and household count exactly among its villages', () => {
      const pop = new Map<string, number>();
      const hh = new Map<string, number>();
      for (const { properties: v } of sample.layers.villages) {
        pop.set(v.town_code, (pop.get(v.town_code) ?? 0) + v.population);
        hh.set(v.town_code, (hh.get(v.town_code) ?? 0) + v.households);
      }
      for (const { properties: t } of sample.layers.towns) {
        expect(pop.get(t.code), t.name).toBe(t.population);
        expect(hh.get(t.code), t.name).toBe(t.households);
        expect(t.population / t.households).toBeGreaterThan(2.5);
        expect(t.population / t.households).toBeLessThan(4);
      }
    });
  });

  describe('geometry', () => {
    it('tiles the outline with the towns: equal area, no overlaps', () => {
      const outlineArea = area(polygon([sample.outlines[0]])) / 1e6;
      expect(outlineArea).toBeGreaterThan(3000);
      expect(outlineArea).toBeLessThan(3160);
      const towns = sample.layers.towns;
      const sum = towns.reduce((s, t) => s + area(t) / 1e6, 0);
      expect(Math.abs(sum - outlineArea) / outlineArea).toBeLessThan(0.001);
      for (let i = 0; i < towns.length; i++) {
        for (let j = i + 1; j < towns.length; j++) {
          const overlap = intersect(featureCollection([towns[i], towns[j]]));
          expect(overlap ? area(overlap) / 1e6 : 0, `${towns[i].properties.name} × ${towns[j].properties.name}`).toBeLessThan(0.01);
        }
      }
    });

    it('keeps the outline in the Xinyi bounding box', () => {
      for (const [lon, lat] of sample.outlines[0]) {
        expect(lon).toBeGreaterThanOrEqual(110.68);
        expect(lon).toBeLessThanOrEqual(111.68);
        expect(lat).toBeGreaterThanOrEqual(22.19);
        expect(lat).toBeLessThanOrEqual(22.71);
      }
    });

    it('writes valid, simple polygons for towns and hazard zones', () => {
      for (const f of [...sample.layers.towns, ...sample.layers.hazard_zones]) {
        expect(booleanValid(f), f.properties.name).toBe(true);
        expect(kinks(f).features.length, f.properties.name).toBe(0);
      }
    });

    it('keeps every hazard zone inside the outline, some across town borders', () => {
      const outline = polygon([sample.outlines[0]]);
      for (const z of sample.layers.hazard_zones) {
        for (const part of z.geometry.coordinates) for (const p of part[0]) expect(booleanPointInPolygon(p, outline), z.properties.code).toBe(true);
      }
      const towns = sample.layers.towns;
      const crossing = sample.layers.hazard_zones.filter((z) => towns.filter((t) => intersect(featureCollection([multiPolygon(z.geometry.coordinates), t]))).length > 1);
      expect(crossing.length).toBeGreaterThan(10);
    });

    it('places every point inside its own town', () => {
      const towns = townsByCode(sample.layers);
      const points: Feature<Point, { town_code: string; code: string }>[] = [
        ...sample.layers.villages, ...sample.layers.risk_sites, ...sample.layers.shelters, ...sample.layers.depots,
      ];
      for (const f of points) {
        const town = towns.get(f.properties.town_code);
        expect(town, f.properties.code).toBeDefined();
        expect(booleanPointInPolygon(f.geometry.coordinates, town!), f.properties.code).toBe(true);
      }
    });

    it('rounds points to 6 decimals and polygons to 5', () => {
      const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;
      for (const f of sample.layers.risk_sites) for (const x of f.geometry.coordinates) expect(decimals(x)).toBeLessThanOrEqual(6);
      for (const f of sample.layers.towns) for (const part of f.geometry.coordinates) for (const p of part[0]) for (const x of p) expect(decimals(x)).toBeLessThanOrEqual(5);
    });
  });

  describe('attributes', () => {
    it('covers every hazard type in every grade', () => {
      const seen = new Set(sample.layers.hazard_zones.map((z) => `${z.properties.hazard}/${z.properties.grade}`));
      for (const h of HAZARDS) for (const g of GRADES) expect(seen.has(`${h}/${g}`), `${h}/${g}`).toBe(true);
    });

    it('has shelters of all four types and three levels, with capacities that fit the type', () => {
      const shelters = sample.layers.shelters.map((f) => f.properties);
      expect(new Set(shelters.map((s) => s.shelter_type))).toEqual(new Set(SHELTER_TYPES));
      expect(new Set(shelters.map((s) => s.level))).toEqual(new Set(LEVELS));
      for (const s of shelters) {
        if (s.shelter_type === 'emergency') expect(s.capacity).toBeGreaterThanOrEqual(200);
        if (s.shelter_type === 'emergency') expect(s.capacity).toBeLessThanOrEqual(2000);
        if (s.shelter_type === 'long_term') expect(s.capacity).toBeGreaterThanOrEqual(1000);
        expect(s.capacity).toBeLessThanOrEqual(10000);
        expect(s.effective_area_m2 / s.capacity).toBeGreaterThanOrEqual(1.45);
        expect(s.effective_area_m2 / s.capacity).toBeLessThanOrEqual(3.05);
        expect(s.name).toMatch(/应急避难场所$/);
      }
      const open = shelters.filter((s) => s.status === 'open').length;
      expect(open / shelters.length).toBeGreaterThan(0.6);
      expect(new Set(shelters.map((s) => s.status))).toEqual(new Set(['open', 'standby', 'closed', 'planned']));
    });

    it('has depots in all three tiers, one town depot per township and stocked inventories', () => {
      const depots = sample.layers.depots.map((f) => f.properties);
      expect(new Set(depots.map((d) => d.tier))).toEqual(new Set(LEVELS));
      expect(depots.filter((d) => d.tier === 'city').length).toBeGreaterThanOrEqual(1);
      expect(depots.filter((d) => d.tier === 'city').length).toBeLessThanOrEqual(2);
      expect(new Set(depots.filter((d) => d.tier === 'town').map((d) => d.town_code)).size).toBe(21);
      for (const d of depots) {
        expect(d.inventory.tents).toBeGreaterThan(0);
        expect(d.inventory.drinking_water_l).toBeGreaterThan(0);
      }
    });

    it('draws risk-site survey values within their ranges, ungraded and mostly not yet rectified', () => {
      const sites = sample.layers.risk_sites.map((f) => f.properties);
      for (const s of sites) {
        expect(s.households).toBeGreaterThanOrEqual(1);
        expect(s.residents).toBeGreaterThanOrEqual(s.households);
        expect(s.slope_height_m).toBeGreaterThanOrEqual(1);
        expect(s.slope_height_m).toBeLessThanOrEqual(60);
        expect(s.slope_angle_deg).toBeGreaterThanOrEqual(10);
        expect(s.slope_angle_deg).toBeLessThanOrEqual(90);
        expect(s.distance_to_slope_m).toBeGreaterThanOrEqual(0);
        expect(s.distance_to_slope_m).toBeLessThanOrEqual(50);
        expect([s.grade, s.grade_score, s.graded_at]).toEqual([null, null, null]);
        expect(s.rectification_method === null).toBe(s.rectification_status === 'not_started');
        expect(s.code).toMatch(new RegExp(`^XP${s.town_code}-\\d{4}$`));
        expect(s.monitor_phone).toMatch(/^13\d{9}$/);
      }
      const notStarted = sites.filter((s) => s.rectification_status === 'not_started').length;
      expect(notStarted / sites.length).toBeGreaterThan(0.75);
      expect(new Set(sites.map((s) => s.rectification_status))).toEqual(new Set(['not_started', 'in_progress', 'completed', 'relocated']));
    });

    it('clusters risk sites in the hilly north and east', () => {
      const lons = sample.layers.risk_sites.map((f) => f.geometry.coordinates[0]);
      const east = lons.filter((lon) => lon > 111.1).length;
      expect(east / lons.length).toBeGreaterThan(0.5);
    });
  });
});

/** River segments in 0.02° cells: which river segments can a road segment meet. */
function riverCells(rivers: readonly (readonly Position[])[]): (a: Position, b: Position) => boolean {
  const cells = new Map<string, [Position, Position][]>();
  const keys = (a: Position, b: Position) => {
    const out: string[] = [];
    for (let x = Math.floor(Math.min(a[0], b[0]) / 0.02); x <= Math.floor(Math.max(a[0], b[0]) / 0.02); x++) {
      for (let y = Math.floor(Math.min(a[1], b[1]) / 0.02); y <= Math.floor(Math.max(a[1], b[1]) / 0.02); y++) out.push(`${x},${y}`);
    }
    return out;
  };
  for (const line of rivers) {
    for (let i = 0; i + 1 < line.length; i++) {
      for (const k of keys(line[i], line[i + 1])) {
        const list = cells.get(k) ?? [];
        list.push([line[i], line[i + 1]]);
        cells.set(k, list);
      }
    }
  }
  return (a, b) => keys(a, b).some((k) => (cells.get(k) ?? []).some(([c, d]) => segmentsMeet([a[0], a[1]], [b[0], b[1]], [c[0], c[1]], [d[0], d[1]])));
}

describe('county road network', () => {
  let sample: Dataset;
  let graph: ReturnType<typeof buildRoadGraph>;

  beforeAll(() => {
    sample = countySeedOne();
    graph = buildRoadGraph(sample.layers.roads);
  });

  it('has tens of thousands of graph edges in a sample file under 8 MB', () => {
    expect(graph.edgeCount).toBeGreaterThan(20_000);
    expect(graph.edgeCount).toBeLessThan(60_000);
    const bytes = [...featureCollectionChunks(sample.layers.roads)].reduce((n, c) => n + Buffer.byteLength(c), 0);
    expect(bytes).toBeLessThan(8 * 1024 * 1024);
  });

  it('reaches every risk site and shelter on foot, closed roads left out, with a short walk to the road', () => {
    const start = graph.edgeFrom[snapPoint(graph, ...(sample.layers.shelters[0].geometry.coordinates as [number, number]), 'walk')!.edge];
    const reach = searchFromNodes(graph, [start], { mode: 'walk', direction: 'from' });
    for (const f of [...sample.layers.risk_sites, ...sample.layers.shelters]) {
      const snap = snapPoint(graph, f.geometry.coordinates[0], f.geometry.coordinates[1], 'walk')!;
      expect(snap.offroadM, f.properties.code).toBeLessThan(60);
      const ends = [graph.edgeFrom[snap.edge], graph.edgeTo[snap.edge]];
      expect(ends.some((n) => reach.cost[n] < Infinity), f.properties.code).toBe(true);
    }
  });

  it('gives every site a nearest open shelter within a plausible walk of the mountains', () => {
    const open = sample.layers.shelters.filter((s) => s.properties.status === 'open' || s.properties.status === 'standby');
    const best = nearestShelters(graph, shelterField(graph, open.map((s) => s.geometry.coordinates), { mode: 'walk' }), sample.layers.risk_sites.map((s) => s.geometry.coordinates));
    const minutes = [...best.minutes].sort((a, b) => a - b);
    expect(minutes[minutes.length - 1]).toBeLessThan(6 * 60);
    expect(minutes[minutes.length >> 1]).toBeGreaterThan(10);
    expect(minutes[minutes.length >> 1]).toBeLessThan(90);
  });

  it('crosses rivers only on bridges and fords, and every bridge or ford spans a river', () => {
    expect(sample.rivers.length).toBeGreaterThanOrEqual(3);
    const meetsRiver = riverCells(sample.rivers);
    let bridges = 0;
    let fords = 0;
    for (const f of sample.layers.roads) {
      const c = f.geometry.coordinates;
      let crosses = false;
      for (let i = 0; i + 1 < c.length && !crosses; i++) crosses = meetsRiver(c[i], c[i + 1]);
      const p = f.properties;
      expect(p.bridge && p.ford, p.code).toBe(false);
      expect(crosses, `${p.code} ${p.bridge ? 'bridge' : p.ford ? 'ford' : 'road'}`).toBe(p.bridge || p.ford);
      if (p.bridge) bridges++;
      if (p.ford) fords++;
    }
    expect(bridges).toBeGreaterThan(20);
    expect(fords).toBeGreaterThan(0);
    expect(fords).toBeLessThan(bridges);
  });

  it('has every road class, mostly minor roads by length, walkable except the expressway', () => {
    const km = Object.fromEntries(ROAD_CLASSES.map((c) => [c, 0]));
    for (let e = 0; e < graph.edgeCount; e++) km[graph.roads[graph.edgeRoad[e]].roadClass] += graph.edgeLength[e] / 1000;
    for (const c of ROAD_CLASSES) expect(km[c], c).toBeGreaterThan(0);
    const total = Object.values(km).reduce((a, b) => a + b, 0);
    expect((km.village + km.track + km.footpath) / total).toBeGreaterThan(0.5);
    expect((km.national + km.provincial) / total).toBeGreaterThan(0.03);
    for (let e = 0; e < graph.edgeCount; e++) {
      const cls = graph.roads[graph.edgeRoad[e]].roadClass;
      if (cls === 'expressway') expect(graph.walkForward[e]).toBe(Infinity);
      if (cls === 'footpath') expect(graph.driveForward[e]).toBe(Infinity);
    }
  });

  it('names the numbered classes, codes every road, and has one-way streets only in towns', () => {
    for (const { properties: p } of sample.layers.roads) {
      expect(p.code).toMatch(/^DL440983-\d{6}$/);
      if (['expressway', 'national', 'provincial', 'county', 'township'].includes(p.road_class)) expect(p.name, p.code).toBeTruthy();
      else expect(p.name).toBeNull();
      if (p.road_class === 'national') expect(p.name).toMatch(/^G\d{3}$/);
      if (p.oneway) expect(p.road_class).toBe('township');
    }
    expect(sample.layers.roads.filter((f) => f.properties.oneway).length).toBeGreaterThanOrEqual(4);
  });

  it('shows a handful of closures, each with a reason and a date until which it holds', () => {
    const closed = sample.layers.roads.filter((f) => f.properties.closed);
    expect(closed.length).toBeGreaterThanOrEqual(4);
    expect(closed.length).toBeLessThanOrEqual(12);
    for (const { properties: p } of closed) {
      expect(p.closure_reason).toBeTruthy();
      expect(p.closed_until).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(Number.isNaN(Date.parse(p.closed_until!))).toBe(false);
    }
    for (const { properties: p } of sample.layers.roads) if (!p.closed) expect([p.closure_reason, p.closed_until]).toEqual([null, null]);
  });

  it('carries whole-metre elevations: valley floors of 60–150 m, hills up to under 1,800 m', () => {
    let low = Infinity;
    let high = -Infinity;
    const bad: string[] = [];
    for (const f of sample.layers.roads) {
      for (const p of f.geometry.coordinates) {
        if (p.length !== 3 || !Number.isInteger(p[2])) bad.push(f.properties.code);
        low = Math.min(low, p[2]);
        high = Math.max(high, p[2]);
      }
    }
    expect(bad).toEqual([]);
    expect(low).toBeGreaterThanOrEqual(55);
    expect(low).toBeLessThanOrEqual(150);
    expect(high).toBeGreaterThan(600);
    expect(high).toBeLessThan(1800);
  });
});

describe('generator helpers', () => {
  it('allocate splits a total exactly, respecting the floor', () => {
    const parts = allocate(101, [1, 2, 3, 0.5], 2);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(101);
    expect(Math.min(...parts)).toBeGreaterThanOrEqual(2);
  });

  it('Rng.derive gives streams that depend only on seed and labels', () => {
    const a = Rng.derive(7, 'x', 1);
    const b = Rng.derive(7, 'x', 1);
    const c = Rng.derive(7, 'y', 1);
    const draw = (r: Rng) => [r.next(), r.next(), r.next()];
    expect(draw(a)).toEqual(draw(b));
    expect(draw(Rng.derive(7, 'x', 1))).not.toEqual(draw(c));
  });
});
