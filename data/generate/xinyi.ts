/**
 * The county-scale sample: Xinyi's 21 real township units (codes, names, approximate seats,
 * populations) on a synthetic outline, with synthetic villages, sites, shelters, depots and zones.
 */
import { XINYI, XINYI_TOWNSHIPS } from '../xinyi/townships.ts';
import { buildCountyLayers, makeCountyContext, type CountyPlan } from './county.ts';
import { allocate } from './allocate.ts';
import { makeFrame, type LonLat, type XY } from './frame.ts';
import { makeOutline } from './outline.ts';
import { Rng } from './Rng.ts';
import { makeTerrain } from './terrain.ts';
import type { Built } from './types.ts';

/** A synthetic main river running north–south through the city seat, as the upper Jian River does. */
const RIVER: readonly LonLat[] = [
  [110.99, 22.78], [110.985, 22.64], [110.965, 22.53], [110.955, 22.44], [110.938, 22.37],
  [110.925, 22.3], [110.905, 22.24], [110.89, 22.12],
];

export function buildXinyi(seed: number): Built {
  const [w, s, e, n] = XINYI.bbox;
  const frame = makeFrame([(w + e) / 2, (s + n) / 2]);
  const corner = frame.toXY([e, n]);
  const centres: XY[] = XINYI_TOWNSHIPS.map((t) => frame.toXY(t.centre));
  const outline = makeOutline(
    { centre: [0, 0], halfWidth: corner[0], halfHeight: corner[1], targetAreaKm2: XINYI.area_km2, mustContain: centres, vertices: 360 },
    frame,
    Rng.derive(seed, XINYI.code, 'outline'),
  );
  // Hills rise to the north and east (Yunkai Mountains); the seat sits in the river valley.
  const terrain = makeTerrain({ riverControl: RIVER.map((p) => frame.toXY(p)), trend: [0.007, 0.011], base: 0.45 }, Rng.derive(seed, XINYI.code, 'terrain'));
  const ctx = makeCountyContext(
    {
      code: XINYI.code,
      name: XINYI.name,
      frame,
      outline,
      terrain,
      towns: XINYI_TOWNSHIPS.map((t, i) => ({ code: t.code, name: t.name, name_en: t.name_en, kind: t.kind, population: t.population, centre: centres[i] })),
      seatTowns: [0, 1],
    },
    Rng.derive(seed, XINYI.code, 'towns'),
  );
  const totalArea = ctx.towns.reduce((a, t) => a + t.areaKm2, 0);
  const totalPop = ctx.towns.reduce((a, t) => a + t.population, 0);
  const plan: CountyPlan = {
    villages: allocate(400, ctx.towns.map((t) => 0.6 * (t.areaKm2 / totalArea) + 0.4 * (t.population / totalPop)), 4),
    riskSites: 2000,
    shelters: { total: 300, city: 10, perTownship: 3 },
    depots: { total: 40, city: 2 },
    hazardZones: { landslide: 40, debris_flow: 20, flood: 25, waterlogging: 20, forest_fire: 30, typhoon: 15 },
    roads: { hamletsPerVillage: 32, loopShare: 0.15, tributaries: 4, expressway: true, closures: 8, seatGrid: 5, townGrid: 3, elevationCellKm: 0.4 },
  };
  const { layers, rivers } = buildCountyLayers(ctx, plan, seed);
  return { layers, outlines: [ctx.outlineLonLat], rivers };
}
