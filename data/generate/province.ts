/**
 * The province-scale benchmark set (never committed): a 12 × 10 grid of synthetic counties over a
 * Guangdong-sized area, each tiled into towns, with layer totals shared out among the counties.
 * Rows of 12 counties share a prefecture code (44RR); provincial roads link neighbouring counties.
 */
import { allocate, pad } from './allocate.ts';
import { borderLinks } from './border-links.ts';
import { buildCountyLayers, makeCountyContext, type TownSeed } from './county.ts';
import type { CountyContext } from './context.ts';
import { makeFrame, type LonLat, type XY } from './frame.ts';
import { pointInRing } from './geometry.ts';
import { placeName } from './names.ts';
import { depthInOutline, makeOutline, type OutlineSpec } from './outline.ts';
import { Rng } from './Rng.ts';
import { makeTerrain } from './terrain.ts';
import { HAZARDS, type Built, type Hazard, type Layers } from './types.ts';

const WEST = 109.7;
const EAST = 117.3;
const SOUTH = 20.2;
const NORTH = 25.5;
const COLS = 12;
const ROWS = 10;

/** Guangdong: ~180,000 km², ~126 million people. */
const PROVINCE_AREA_KM2 = 180000;
const PROVINCE_POPULATION = 126_000_000;

const PROVINCE_TOTALS = {
  villages: 20000,
  riskSites: 100000,
  shelters: 5000,
  depots: 2000,
  hazardZones: 2000,
} as const;

/** Share of zones per hazard, as in the county sample. */
const HAZARD_WEIGHTS = [40, 20, 25, 20, 30, 15];

/** One push per item: spreading 10^5 items as call arguments would overflow the stack. */
function append<T>(into: T[], from: readonly T[]): void {
  for (const item of from) into.push(item);
}

interface CountyDraft {
  code: string;
  name: string;
  spec: OutlineSpec;
  ctx: CountyContext;
}

function townCentres(spec: OutlineSpec, outline: XY[], count: number, rng: Rng): XY[] {
  const centres: XY[] = [];
  let spacing = 0.6 * Math.sqrt(spec.targetAreaKm2 / count);
  let misses = 0;
  while (centres.length < count) {
    const p: XY = [spec.centre[0] + rng.float(-1, 1) * spec.halfWidth, spec.centre[1] + rng.float(-1, 1) * spec.halfHeight];
    // Centres keep off the edge so every town has room around its seat.
    const ok = pointInRing(p, outline) && depthInOutline(spec, outline, p) < 0.8 && centres.every((c) => Math.hypot(c[0] - p[0], c[1] - p[1]) >= spacing);
    if (ok) centres.push(p);
    else if (++misses > 200) {
      spacing *= 0.9;
      misses = 0;
    }
  }
  return centres;
}

function draftCounty(row: number, col: number, areaKm2: number, population: number, seed: number, usedNames: Set<string>): CountyDraft {
  const code = `44${60 + row}${pad(col + 1, 2)}`;
  const rng = Rng.derive(seed, code, 'county');
  const cellW = (EAST - WEST) / COLS;
  const cellH = (NORTH - SOUTH) / ROWS;
  const frame = makeFrame([WEST + (col + 0.5) * cellW, SOUTH + (row + 0.5) * cellH]);
  const corner = frame.toXY([WEST + (col + 1) * cellW, SOUTH + (row + 1) * cellH]);
  const spec: OutlineSpec = { centre: [0, 0], halfWidth: corner[0] * 0.96, halfHeight: corner[1] * 0.96, targetAreaKm2: areaKm2, vertices: 240 };
  const outline = makeOutline(spec, frame, rng);
  const countyName = placeName(rng, usedNames);
  const townCount = rng.int(8, 16);
  const centres = townCentres(spec, outline, townCount, rng);
  // The seat town is the most populous; the rest share the remainder unevenly.
  const pops = allocate(population, centres.map((_, i) => (i === 0 ? 4 : rng.float(0.6, 1.6))), 1000);
  const townNames = new Set<string>();
  const towns: TownSeed[] = centres.map((centre, i) => {
    const n = placeName(rng, townNames);
    return {
      code: code + (i === 0 ? '001' : pad(100 + i, 3)),
      name: `${n.zh}${i === 0 ? '街道' : '镇'}`,
      name_en: n.pinyin,
      kind: i === 0 ? 'subdistrict' : 'town',
      population: pops[i],
      centre,
    };
  });
  const dir = rng.float(0, Math.PI);
  const reach = 1.3 * Math.max(spec.halfWidth, spec.halfHeight);
  const riverControl: XY[] = [-1, -0.5, 0, 0.5, 1].map((f) => [
    f * reach * Math.cos(dir) + rng.normal(0, 3) * Math.sin(dir),
    f * reach * Math.sin(dir) - rng.normal(0, 3) * Math.cos(dir),
  ]);
  // The north of the province is mountainous, the delta and coast are flat.
  const northness = (row + 0.5) / ROWS;
  const trendDir = rng.float(0, 2 * Math.PI);
  const terrain = makeTerrain({ riverControl, trend: [0.006 * Math.cos(trendDir), 0.006 * Math.sin(trendDir)], base: 0.15 + 0.6 * northness }, rng);
  const ctx = makeCountyContext({ code, name: `${countyName.zh}县`, frame, outline, terrain, towns, seatTowns: [0] }, rng);
  return { code, name: ctx.name, spec, ctx };
}

/** Which cells of the grid to build: all by default; the south-western rows × cols corner for tests. */
export interface ProvinceGrid {
  rows: number;
  cols: number;
}

/** Neighbouring counties (indices into the built rows × cols), each pair once: east and north neighbours. */
function neighbourPairs(grid: ProvinceGrid): [number, number][] {
  const pairs: [number, number][] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const i = row * grid.cols + col;
      if (col + 1 < grid.cols) pairs.push([i, i + 1]);
      if (row + 1 < grid.rows) pairs.push([i, i + grid.cols]);
    }
  }
  return pairs;
}

export function buildProvince(seed: number, grid: ProvinceGrid = { rows: ROWS, cols: COLS }): Built {
  if (!(grid.rows >= 1 && grid.rows <= ROWS && grid.cols >= 1 && grid.cols <= COLS)) throw new RangeError(`buildProvince: grid must lie within ${ROWS} × ${COLS}`);
  const rng = Rng.derive(seed, 'province');
  const cells = ROWS * COLS;
  const areaWeights = Array.from({ length: cells }, () => rng.float(0.75, 1.25));
  const areaSum = areaWeights.reduce((a, b) => a + b, 0);
  const pops = allocate(PROVINCE_POPULATION, areaWeights.map((w) => w * rng.float(0.5, 1.5)));
  const usedNames = new Set<string>();
  const drafts: CountyDraft[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const i = row * COLS + col;
      drafts.push(draftCounty(row, col, (PROVINCE_AREA_KM2 * areaWeights[i]) / areaSum, pops[i], seed, usedNames));
    }
  }
  // A part of the grid gets its share of the province's totals, so its counties look the same.
  const share = drafts.length / cells;
  const total = (n: number) => Math.round(n * share);
  const pairs = neighbourPairs(grid);
  const links = borderLinks(drafts.map((d) => d.ctx), pairs, (k) => `S${400 + k}`);
  const countyArea = drafts.map((d) => d.ctx.towns.reduce((a, t) => a + t.areaKm2, 0));
  const countyHills = drafts.map((d, i) => countyArea[i] * (d.ctx.towns.reduce((a, t) => a + t.hilliness * t.areaKm2, 0) / countyArea[i]) ** 2);
  const townCounts = drafts.map((d) => d.ctx.towns.length);
  const villages = allocate(total(PROVINCE_TOTALS.villages), countyArea);
  const risk = allocate(total(PROVINCE_TOTALS.riskSites), countyHills);
  const shelters = allocate(total(PROVINCE_TOTALS.shelters), drafts.map((d) => d.ctx.towns.reduce((a, t) => a + t.population, 0)));
  const villageDepots = allocate(Math.max(0, total(PROVINCE_TOTALS.depots) - drafts.length - townCounts.reduce((a, b) => a + b, 0)), countyHills);
  const zones = allocate(total(PROVINCE_TOTALS.hazardZones), countyArea);

  const layers: Layers = { towns: [], villages: [], risk_sites: [], shelters: [], depots: [], hazard_zones: [], roads: [] };
  const rivers: LonLat[][] = [];
  drafts.forEach((d, i) => {
    const towns = d.ctx.towns;
    const perHazard = allocate(zones[i], HAZARD_WEIGHTS);
    const { layers: county, rivers: countyRivers } = buildCountyLayers(
      d.ctx,
      {
        villages: allocate(villages[i], towns.map((t) => t.areaKm2), 3),
        riskSites: risk[i],
        shelters: { total: shelters[i], city: 2, perTownship: 1 },
        depots: { total: 1 + towns.length + villageDepots[i], city: 1 },
        hazardZones: Object.fromEntries(HAZARDS.map((h, k) => [h, perHazard[k]])) as Record<Hazard, number>,
        roads: { hamletsPerVillage: 24, loopShare: 0.1, tributaries: 3, expressway: (i * 7) % 3 !== 0, closures: 3, seatGrid: 5, townGrid: 3, elevationCellKm: 0.8, borderLinks: links[i] },
      },
      seed,
    );
    append(layers.towns, county.towns);
    append(layers.villages, county.villages);
    append(layers.risk_sites, county.risk_sites);
    append(layers.shelters, county.shelters);
    append(layers.depots, county.depots);
    append(layers.hazard_zones, county.hazard_zones);
    append(layers.roads, county.roads);
    append(rivers, countyRivers);
  });
  return { layers, outlines: drafts.map((d) => d.ctx.outlineLonLat), rivers };
}
