/**
 * One county from outline to layers: tiles the outline into towns, then builds every layer
 * from its own random stream (so a change to one layer leaves the others' bytes alone).
 */
import { area, multiPolygon } from '@turf/turf';
import { allocate } from './allocate.ts';
import type { CountyContext, TownContext, TownKind } from './context.ts';
import type { Frame, XY } from './frame.ts';
import { buildDepots, type DepotPlan } from './depots.ts';
import { ringBBox } from './geometry.ts';
import { buildHazardZones, type HazardPlan } from './hazard-zones.ts';
import { sampleInTown } from './placement.ts';
import { buildRiskSites } from './risk-sites.ts';
import { Rng } from './Rng.ts';
import { buildRoads, type RoadPlan } from './roads.ts';
import { roundRing } from './round.ts';
import { buildShelters, type ShelterPlan } from './shelters.ts';
import type { Terrain } from './terrain.ts';
import { tileOutline } from './tiling.ts';
import type { LonLat } from './frame.ts';
import type { Layers } from './types.ts';
import { buildVillages } from './villages.ts';

export interface TownSeed {
  code: string;
  name: string;
  name_en: string;
  kind: TownKind;
  population: number;
  centre: XY;
}

export interface CountySeed {
  code: string;
  name: string;
  frame: Frame;
  outline: XY[];
  terrain: Terrain;
  towns: TownSeed[];
  seatTowns: number[];
}

export interface CountyPlan {
  /** Village counts per town, in town order. */
  villages: number[];
  /** Risk sites in the county; shared among towns by area and hilliness. */
  riskSites: number;
  shelters: ShelterPlan;
  depots: DepotPlan;
  hazardZones: HazardPlan;
  roads: RoadPlan;
}

export function makeCountyContext(seed: CountySeed, rng: Rng): CountyContext {
  const polygons = tileOutline(seed.outline, seed.towns.map((t) => t.centre), seed.frame);
  const ctx: CountyContext = {
    code: seed.code,
    name: seed.name,
    frame: seed.frame,
    outline: seed.outline,
    outlineLonLat: roundRing(seed.outline.map((p) => seed.frame.toLonLat(p))),
    terrain: seed.terrain,
    seatTowns: seed.seatTowns,
    towns: [],
  };
  ctx.towns = seed.towns.map((t, i): TownContext => {
    const polygon = polygons[i];
    const boxes = polygon.map((rings) => ringBBox(rings[0]));
    return {
      ...t,
      polygon,
      bbox: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))],
      areaKm2: area(multiPolygon(polygon)) / 1e6,
      hilliness: 0,
    };
  });
  for (const town of ctx.towns) {
    let sum = 0;
    for (let k = 0; k < 40; k++) sum += seed.terrain.hilliness(sampleInTown(ctx, town, rng).xy);
    town.hilliness = sum / 40;
  }
  return ctx;
}

export function buildCountyLayers(ctx: CountyContext, plan: CountyPlan, seed: number): { layers: Layers; rivers: LonLat[][] } {
  const stream = (layer: string) => Rng.derive(seed, ctx.code, layer);
  const { features: villages, byTown } = buildVillages(ctx, plan.villages, stream('villages'));
  // Hilly, large towns carry most slope-cut sites.
  const riskWeights = ctx.towns.map((t) => t.areaKm2 ** 0.75 * (t.hilliness ** 1.5 + 0.01));
  const riskPerTown = allocate(plan.riskSites, riskWeights);
  // A town's households are its villages' households, so the two layers agree.
  const households = new Map<string, number>();
  for (const v of villages) households.set(v.properties.town_code, (households.get(v.properties.town_code) ?? 0) + v.properties.households);
  const riskSites = buildRiskSites(ctx, byTown, riskPerTown, stream('risk_sites'));
  const shelters = buildShelters(ctx, byTown, plan.shelters, stream('shelters'));
  // Roads come last, from their own stream: they reach every site and shelter and change no other layer.
  const roads = buildRoads(ctx, byTown, riskSites, shelters, plan.roads, stream('roads'));
  return {
    layers: {
      towns: ctx.towns.map((t) => ({
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: t.polygon },
        properties: { code: t.code, name: t.name, name_en: t.name_en, population: t.population, households: households.get(t.code) ?? 0 },
      })),
      villages,
      risk_sites: riskSites,
      shelters,
      depots: buildDepots(ctx, byTown, plan.depots, stream('depots')),
      hazard_zones: buildHazardZones(ctx, byTown, plan.hazardZones, stream('hazard_zones')),
      roads: roads.features,
    },
    rivers: roads.rivers,
  };
}
