/**
 * The province's roads form one network across county and prefecture borders: built on the
 * south-western 2 × 2 corner of the grid (two counties in each of two prefectures), which the
 * unit tests can afford; the full grid is built by the same code.
 */
import type { Feature, Point } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProvince } from '../../../data/generate/province.ts';
import type { Built, ShelterProps } from '../../../data/generate/types.ts';
import { buildRoadGraph } from '../../../server/routing/build-graph.ts';
import type { RoadGraph } from '../../../server/routing/road-graph.ts';
import { searchFromNodes } from '../../../server/routing/search.ts';
import { snapPoint } from '../../../server/routing/snap.ts';

const countyOf = (townCode: string) => townCode.slice(0, 6);

/** Number of connected components of the graph over the edges that `usable` keeps. */
function componentCount(graph: RoadGraph, usable: (e: number) => boolean): number {
  const parent = Int32Array.from({ length: graph.nodeCount }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  let count = graph.nodeCount;
  for (let e = 0; e < graph.edgeCount; e++) {
    if (!usable(e)) continue;
    const a = find(graph.edgeFrom[e]);
    const b = find(graph.edgeTo[e]);
    if (a !== b) {
      parent[a] = b;
      count--;
    }
  }
  return count;
}

/** Driving minutes from a shelter to every node (Infinity where no way exists). */
function driveMinutesFrom(graph: RoadGraph, shelter: Feature<Point, ShelterProps>): Float64Array {
  const [lon, lat] = shelter.geometry.coordinates;
  const snap = snapPoint(graph, lon, lat, 'drive')!;
  const reach = searchFromNodes(graph, [graph.edgeFrom[snap.edge], graph.edgeTo[snap.edge]], { mode: 'drive', direction: 'from' });
  return Float64Array.from(reach.cost, (s) => s / 60);
}

describe('province road network across county borders (2 × 2 counties, seed 1)', () => {
  let built: Built;
  let graph: RoadGraph;
  let counties: string[];
  /** Per county, its first city-level shelter: in the county seat. */
  let seatShelter: Map<string, Feature<Point, ShelterProps>>;

  beforeAll(() => {
    built = buildProvince(1, { rows: 2, cols: 2 });
    graph = buildRoadGraph(built.layers.roads);
    counties = [...new Set(built.layers.towns.map((t) => countyOf(t.properties.code)))].sort();
    seatShelter = new Map();
    for (const s of built.layers.shelters) {
      const county = countyOf(s.properties.town_code);
      if (s.properties.level === 'city' && !seatShelter.has(county)) seatShelter.set(county, s);
    }
  });

  it('builds four counties in two prefectures, each with a seat shelter', () => {
    expect(counties).toEqual(['446001', '446002', '446101', '446102']);
    expect([...seatShelter.keys()].sort()).toEqual(counties);
  });

  it('draws the same roads again for the same seed', () => {
    expect(JSON.stringify(buildProvince(1, { rows: 2, cols: 2 }).layers.roads)).toBe(JSON.stringify(built.layers.roads));
  });

  it('joins the national and provincial roads of all four counties into one network', () => {
    const main = built.layers.roads.filter((r) => r.properties.road_class === 'national' || r.properties.road_class === 'provincial');
    const mainGraph = buildRoadGraph(main);
    expect(new Set(main.map((r) => r.properties.code.slice(2, 8)))).toEqual(new Set(counties));
    expect(componentCount(mainGraph, () => true)).toBe(1);
  });

  it('drives from each county seat to the seats of its neighbours, across county and prefecture borders', () => {
    const neighbours: [string, string][] = [['446001', '446002'], ['446101', '446102'], ['446001', '446101'], ['446002', '446102']];
    for (const [a, b] of neighbours) {
      const minutes = driveMinutesFrom(graph, seatShelter.get(a)!);
      const [lon, lat] = seatShelter.get(b)!.geometry.coordinates;
      const there = snapPoint(graph, lon, lat, 'drive')!;
      const arrive = Math.min(minutes[graph.edgeFrom[there.edge]], minutes[graph.edgeTo[there.edge]]);
      // Seats lie some 40–90 km apart: a few hours at most, never out of reach.
      expect(arrive, `${a} → ${b}`).toBeLessThan(240);
    }
  });

  it('reaches every shelter and every village by car from one county seat', () => {
    const minutes = driveMinutesFrom(graph, seatShelter.get('446001')!);
    const unreached: string[] = [];
    for (const f of [...built.layers.shelters, ...built.layers.villages]) {
      const [lon, lat] = f.geometry.coordinates;
      const snap = snapPoint(graph, lon, lat, 'drive')!;
      if (!(Math.min(minutes[graph.edgeFrom[snap.edge]], minutes[graph.edgeTo[snap.edge]]) < Infinity)) unreached.push(f.properties.code);
    }
    expect(unreached).toEqual([]);
  });

  it('links each pair of neighbours by one to three roads, each with one route number on both sides of the border', () => {
    const byName = new Map<string, Set<string>>();
    for (const r of built.layers.roads) {
      // Border roads are numbered from S400 up; a county numbers its own provincial roads below.
      const number = /^S(\d+)$/.exec(r.properties.name ?? '')?.[1];
      if (r.properties.road_class !== 'provincial' || !number || Number(number) < 400) continue;
      byName.set(r.properties.name!, (byName.get(r.properties.name!) ?? new Set()).add(r.properties.code.slice(2, 8)));
    }
    expect(byName.size).toBeGreaterThanOrEqual(4);
    expect(byName.size).toBeLessThanOrEqual(12);
    for (const [name, sides] of byName) expect(sides.size, name).toBe(2);
  });
});
