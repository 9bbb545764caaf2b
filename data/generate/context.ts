/** What every layer builder needs to know about one county: its frame, outline, terrain and towns. */
import type { Frame, LonLat, XY } from './frame.ts';
import type { Terrain } from './terrain.ts';
import type { MultiPolygonCoords } from './tiling.ts';

export type TownKind = 'subdistrict' | 'town' | 'state_farm';

export interface TownContext {
  code: string;
  name: string;
  name_en: string;
  kind: TownKind;
  population: number;
  centre: XY;
  /** Final (rounded) lon/lat geometry: placement tests run against exactly what is written. */
  polygon: MultiPolygonCoords;
  bbox: [number, number, number, number];
  areaKm2: number;
  /** Mean hilliness over the town, 0–1. */
  hilliness: number;
}

export interface CountyContext {
  /** 6-digit county code, e.g. 440983. */
  code: string;
  name: string;
  frame: Frame;
  /** Outline in the local frame (km) and as written (lon/lat, rounded). */
  outline: XY[];
  outlineLonLat: LonLat[];
  terrain: Terrain;
  towns: TownContext[];
  /** Indices of the towns that hold the county seat: city-level shelters and depots go there. */
  seatTowns: number[];
}
