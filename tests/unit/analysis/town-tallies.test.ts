import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { townTable } from '../../../server/analysis/coverage-towns.ts';
import { sumTallies, TownTallies } from '../../../server/analysis/town-tallies.ts';
import type { TownFeature } from '../../../server/analysis/types.ts';

const town = (id: number, code: string, x: number): TownFeature => ({
  type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] },
  properties: { code, name: `镇${id}`, population: 1000 * id },
});
const item = (x: number, town_code: string | null = null) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, 0.5] }, properties: { town_code } }) as Feature<Point, { town_code: string | null }>;
const empty = () => ({ sites: 0, shelters: [] as number[], cells: new Set<number>(), byGrade: { high: 0, low: 0 } });

describe('sumTallies', () => {
  it('adds counts, joins lists in order, unites sets and adds records key by key', () => {
    const a = { sites: 2, shelters: [0, 3], cells: new Set([7, 8]), byGrade: { high: 1, low: 1 } };
    const b = { sites: 1, shelters: [5], cells: new Set([8, 9]), byGrade: { high: 0, low: 1 } };
    expect(sumTallies([a, b], empty)).toEqual({ sites: 3, shelters: [0, 3, 5], cells: new Set([7, 8, 9]), byGrade: { high: 1, low: 2 } });
  });
});

describe('TownTallies', () => {
  const tallies = new TownTallies(townTable([town(1, 'A', 0), town(2, 'B', 1)]), empty);

  it('tallies an item in the town its code names, else where it lies, else in the unassigned slot', () => {
    tallies.atFeature(item(1.5, 'A')).sites++; // the code wins
    tallies.atFeature(item(1.5)).sites++; // lies in B
    tallies.atFeature(item(9)).sites++; // in no town
    expect(tallies.slots.map((t) => t.sites)).toEqual([1, 1, 1]);
    expect(tallies.unassigned.sites).toBe(1);
    expect(tallies.city().sites).toBe(3);
  });

  it('makes the town features: their own properties (absent ones null), then the figures', () => {
    const [a] = tallies.townFeatures((t, i) => ({ risk_sites: t.sites, position: i }));
    expect(a).toMatchObject({ type: 'Feature', id: 1, properties: { code: 'A', name: '镇1', name_en: null, population: 1000, households: null, risk_sites: 1, position: 0 } });
    expect(Object.keys(a.properties)).toEqual(['code', 'name', 'name_en', 'population', 'households', 'risk_sites', 'position']);
  });
});
