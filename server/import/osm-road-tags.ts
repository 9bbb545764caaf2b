/**
 * The tags of an OpenStreetMap highway way read as a OneMap road (the table and its reasons:
 * data/osm-roads.json and .md): the class, name, surface, one-way, speed, bridge, ford and
 * closure, or why the way is not a road the layer keeps.
 */
import { ROAD_CLASSES, SURFACES, type RoadClass, type Surface } from '../domain/vocabularies.ts';
import table from '../../data/osm-roads.json' with { type: 'json' };

export type OsmTags = Record<string, string>;

export interface RoadFields {
  code: string;
  name: string | null;
  road_class: RoadClass;
  surface: Surface | null;
  oneway: boolean | null;
  speed_kmh: number | null;
  bridge: boolean | null;
  ford: boolean | null;
  closed: boolean | null;
  closure_reason: string | null;
}

/** The attributes an OpenStreetMap way fills, in the order the import report lists them. */
export const ROAD_FIELDS: Array<keyof RoadFields> = ['code', 'name', 'road_class', 'surface', 'oneway', 'speed_kmh', 'bridge', 'ford', 'closed', 'closure_reason'];

export type RoadReading = { keep: true; fields: RoadFields; reverse: boolean } | { keep: false; reason: string };

export const MAX_NODES_PER_WAY: number = table.max_nodes_per_way;

// Own-property lookups: tag values come from the file ("constructor" is just a value there).
function lookup<T extends string>(map: Record<string, string>, key: string | undefined, allowed: readonly T[]): T | undefined {
  if (key === undefined || !Object.hasOwn(map, key)) return undefined;
  const v = map[key];
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

const classOf = (highway: string | undefined) => lookup(table.highway, highway, ROAD_CLASSES);

function onewayOf(tags: OsmTags, highway: string): { oneway: boolean | null; reverse: boolean } {
  const v = tags.oneway?.trim().toLowerCase();
  if (v === 'yes' || v === 'true' || v === '1') return { oneway: true, reverse: false };
  if (v === '-1' || v === 'reverse') return { oneway: true, reverse: true };
  if (v === 'no' || v === 'false' || v === '0') return { oneway: false, reverse: false };
  // One-way without saying so (wiki Key:oneway): motorways and roundabouts.
  const implied = table.implied_oneway.includes(highway) || tags.junction === 'roundabout' || tags.junction === 'circular';
  return { oneway: implied && v === undefined ? true : null, reverse: false };
}

const MPH = 1.609344;

/** maxspeed in km/h: "60", "60 km/h", "30 mph"; null for zone codes, "walk", lists and the absurd. */
export function speedOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?\s*$/i.exec(value);
  if (!m) return null;
  const kmh = Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'mph' ? MPH : 1));
  return kmh >= 1 && kmh <= 130 ? kmh : null;
}

const flag = (v: string | undefined) => (v === undefined ? null : v.trim().toLowerCase() !== 'no');

function nameOf(tags: OsmTags): string | null {
  const n = (tags['name:zh'] ?? tags.name ?? tags.ref)?.trim();
  return n ? n.slice(0, 100) : null;
}

export function readRoadTags(id: number, tags: OsmTags): RoadReading {
  const highway = tags.highway;
  if (highway === undefined) return { keep: false, reason: 'no highway tag' };
  if (tags.area === 'yes') return { keep: false, reason: 'area=yes' };
  const building = highway === 'construction';
  const roadClass = building ? (classOf(tags.construction) ?? (table.construction_default as RoadClass)) : classOf(highway);
  if (!roadClass) return { keep: false, reason: `highway=${highway.slice(0, 40)}` };
  const { oneway, reverse } = onewayOf(tags, highway);
  const closedReason = building ? 'under construction' : tags.access === 'no' ? 'access=no' : null;
  return {
    keep: true,
    reverse,
    fields: {
      code: `OSM-W${id}`,
      name: nameOf(tags),
      road_class: roadClass,
      surface: lookup(table.surface, tags.surface, SURFACES) ?? null,
      oneway,
      speed_kmh: speedOf(tags.maxspeed),
      bridge: flag(tags.bridge),
      ford: flag(tags.ford),
      closed: closedReason ? true : null,
      closure_reason: closedReason,
    },
  };
}
