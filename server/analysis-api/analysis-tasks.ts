/**
 * The analyses as worker tasks: each takes the layer snapshots it needs (shared, parsed once per
 * version in each worker) and its checked parameters, calls one pure analysis function and
 * returns the answer as text (answer-parts.ts). Runs in the worker pool, never on the event loop.
 */
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { MAX_WAYS } from '../analysis/assignment-ways.ts';
import { catchments } from '../analysis/catchments.ts';
import { coverage } from '../analysis/coverage.ts';
import { evacuationPlan, type EvacuationPlan } from '../analysis/evacuation-plan.ts';
import { indicators } from '../analysis/indicators.ts';
import { safeShelterFinder, type SafeShelterAnswer } from '../analysis/nearest-safe-shelter.ts';
import { siting } from '../analysis/siting.ts';
import { serviceMinutes, serviceRadii, type Standards } from '../analysis/standards.ts';
import type { AnalysisMode, Travel } from '../analysis/travel.ts';
import type { Grade, HazardZoneCollection, ShelterCollection } from '../analysis/types.ts';
import { buildRoadGraph } from '../routing/build-graph.ts';
import { closureMask } from '../routing/closures.ts';
import { isochrones } from '../routing/isochrones.ts';
import { routeToShelter, type RouteFeature } from '../routing/route.ts';
import type { RoadGraph } from '../routing/road-graph.ts';
import type { RoadFeature } from '../routing/types.ts';
import { checkGeometry } from '../layers/validate-geometry.ts';
import { HttpError, invalid, notFound } from '../http/errors.ts';
import { derivedOf, snapshotOf } from '../layers/snapshot-cache.ts';
import type { SnapshotRef } from '../layers/layer-snapshots.ts';
import { task } from '../workers/task.ts';
import { cityOutline, memoByIdentity, type AnalysisLayers } from './analysis-inputs.ts';
import { answerText, type AnswerText } from './answer-parts.ts';
import { catchmentLines } from '../analysis/catchment-lines.ts';
import { applyShelterDraft } from './shelter-draft.ts';
import { draftBody, evacuationBody, readBody, sitingBody } from './analysis-params.ts';
import type { JsonCaps } from '../http/json-caps.ts';

export type LayerRefs<K extends keyof AnalysisLayers> = Record<K, SnapshotRef>;
/** The layers of a task, plus the roads when the question travels along them. */
type WithRoads<K extends keyof AnalysisLayers> = LayerRefs<K> & { roads?: SnapshotRef };

/** What every analysis task is given besides its own parameters. */
interface TaskBase {
  standards: Standards;
  caps: JsonCaps;
  /** The request body as received (POST), parsed and checked here. */
  body?: Uint8Array;
}

/** The layers as collections, parsed once per version in this worker. */
function layersOf<K extends Exclude<keyof AnalysisLayers, 'roads'>>(refs: WithRoads<K>): Pick<AnalysisLayers, K> {
  // The roads are read apart (graphOf): only questions that travel need them, as a graph.
  return Object.fromEntries(Object.entries(refs).flatMap(([k, ref]) => (k === 'roads' ? [] : [[k, snapshotOf(ref as SnapshotRef)]]))) as unknown as Pick<AnalysisLayers, K>;
}

/**
 * The road graph of a roads version, built once per version in this thread. The parsed roads are
 * not kept beside it: a province's are several hundred megabytes, which every full collection of
 * this thread's heap would mark again, slowing every analysis that runs here.
 */
export function graphOf(ref: SnapshotRef | undefined): RoadGraph | undefined {
  return ref ? derivedOf(ref, (roads) => buildRoadGraph(roads.features as RoadFeature[])) : undefined;
}

/** What a travel question asks besides the mode: roads to close for a what-if, by id or by the hazard zones they cross. */
export interface TravelQuery {
  mode: AnalysisMode;
  closures?: number[];
  close_zones?: Grade[];
}

/** Edges crossing the zones of some grades, per graph, zones version and grades (the same what-if is asked again and again). */
const zoneMasks = new WeakMap<RoadGraph, WeakMap<HazardZoneCollection, Map<string, Uint8Array>>>();

function zoneMask(graph: RoadGraph, zones: HazardZoneCollection, grades: readonly Grade[]): Uint8Array {
  let byZones = zoneMasks.get(graph);
  if (!byZones) zoneMasks.set(graph, (byZones = new WeakMap()));
  let byGrades = byZones.get(zones);
  if (!byGrades) byZones.set(zones, (byGrades = new Map()));
  const key = [...grades].sort().join(',');
  let mask = byGrades.get(key);
  if (!mask) byGrades.set(key, (mask = closureMask(graph, { areas: zones.features.filter((z) => z.geometry && grades.includes(z.properties.grade)).map((z) => z.geometry) })));
  return mask;
}

const roadIds = new WeakMap<RoadGraph, Set<number | null>>();

/** The ids that name no road of the graph (its ids are gathered once per graph: a province has 650,000 roads). */
function unknownRoads(graph: RoadGraph, ids: readonly number[]): number[] {
  let known = roadIds.get(graph);
  if (!known) roadIds.set(graph, (known = new Set(graph.roads.map((r) => r.id))));
  return ids.filter((id) => !known.has(id));
}

/**
 * The travel of a question (none for straight lines). What-if closures name roads by id; an id
 * that names no road is refused, so a typo never passes for a harmless closure.
 */
function travelOf(q: TravelQuery, graph: RoadGraph | undefined, zones?: HazardZoneCollection, closuresField = 'closures'): Travel | undefined {
  if (q.mode === 'straight') {
    if (q.closures?.length) throw invalid('closures apply to travel along the roads', [{ field: closuresField, message: 'use mode=walk or mode=drive' }]);
    if (q.close_zones?.length) throw invalid('close_zones applies to travel along the roads', [{ field: 'close_zones', message: 'use mode=walk or mode=drive' }]);
    return undefined;
  }
  if (!graph) throw new Error(`mode ${q.mode} needs the roads layer`);
  const unknown = q.closures?.length ? unknownRoads(graph, q.closures) : [];
  if (unknown.length) throw invalid('closures name roads that do not exist', [{ field: closuresField, message: `no road ${unknown.slice(0, 10).join(', ')}` }]);
  const base = q.close_zones?.length && zones ? zoneMask(graph, zones, q.close_zones) : null;
  if (!q.closures?.length && !base) return { graph, mode: q.mode };
  return { graph, mode: q.mode, blocked: closureMask(graph, { roadIds: q.closures, base }) };
}

/** What the answer says of the zones' what-if: the grades, the zones and how many roads they closed. */
function zoneClosures(travel: Travel | undefined, zones: HazardZoneCollection | undefined, grades: Grade[] | undefined): { grades: Grade[]; zones: string[]; roads: number } | undefined {
  if (!travel || !zones || !grades?.length) return undefined;
  const mask = zoneMask(travel.graph, zones, grades);
  const roads = new Set<number>();
  for (let e = 0; e < mask.length; e++) if (mask[e]) roads.add(travel.graph.edgeRoad[e]);
  return { grades, zones: zones.features.filter((z) => grades.includes(z.properties.grade)).map((z) => z.properties.code), roads: roads.size };
}

/** The roads a what-if closed by id, for the answer to say so. */
function closedRoads(travel: Travel | undefined, ids: number[] | undefined): { id: number; code: string | null; name: string | null }[] | undefined {
  if (!travel || !ids?.length) return undefined;
  const wanted = new Set(ids);
  return travel.graph.roads.filter((r) => r.id !== null && wanted.has(r.id)).map((r) => ({ id: r.id as number, code: r.code, name: r.name }));
}

export interface ShelterFilter {
  shelter_type?: string[];
  level?: string[];
}

/** The shelters an analysis may send people to, narrowed by the request's filters. */
function usableShelters(shelters: ShelterCollection, standards: Standards, q: ShelterFilter): ShelterCollection {
  const usable = new Set<string>(standards.usable_statuses);
  return {
    type: 'FeatureCollection',
    features: shelters.features.filter(
      (s) => usable.has(s.properties.status) && (!q.shelter_type || q.shelter_type.includes(s.properties.shelter_type)) && (!q.level || q.level.includes(s.properties.level)),
    ),
  };
}

export interface CatchmentsInput extends TaskBase {
  layers: WithRoads<'sites' | 'villages' | 'shelters' | 'towns'> & { zones?: SnapshotRef };
  query: ShelterFilter & TravelQuery & { method: 'nearest' | 'capacity'; demand: 'risk_sites' | 'villages'; lines?: 'roads' };
}

export const runCatchments = task((input: CatchmentsInput): AnswerText => {
  const { query: q, standards } = input;
  const { draft } = readBody(draftBody, input.body, input.caps);
  const { zones: zonesRef, ...refs } = input.layers;
  const layers = layersOf<'sites' | 'villages' | 'shelters' | 'towns'>(refs);
  const shelters = usableShelters(applyShelterDraft(layers.shelters, draft), standards, q);
  const demand = q.demand === 'villages' ? layers.villages.features : layers.sites.features;
  const zones = zonesRef ? (snapshotOf(zonesRef) as unknown as HazardZoneCollection) : undefined;
  const travel = travelOf(q, graphOf(input.layers.roads), zones);
  if (q.lines && !travel) throw invalid('lines=roads draws the ways along the roads', [{ field: 'lines', message: 'use mode=walk or mode=drive' }]);
  if (q.lines && demand.length > MAX_WAYS) throw invalid(`lines=roads draws at most ${MAX_WAYS} ways`, [{ field: 'lines', message: `${demand.length} demand points: page the assignments instead` }]);
  const result = catchments(demand as Parameters<typeof catchments>[0], shelters, {
    method: q.method,
    boundary: cityOutline(layers.towns),
    serviceRadiusM: serviceRadii(standards),
    demandType: q.demand === 'villages' ? 'village' : 'risk_site',
    ...(travel ? { travel, serviceMinutes: serviceMinutes(standards, travel.mode) } : {}),
  });
  const closed = closedRoads(travel, q.closures);
  if (closed) result.summary.closed_roads = closed;
  const byZones = zoneClosures(travel, zones, q.close_zones);
  if (byZones) result.summary.closed_zones = byZones;
  return answerText(q.lines && travel ? { ...result, lines: catchmentLines(travel, result.assignments, demand, shelters.features) } : result);
});

export interface CoverageInput extends TaskBase {
  layers: WithRoads<'sites' | 'villages' | 'shelters' | 'depots' | 'zones' | 'towns'>;
  query: TravelQuery & { cell_size_m?: number; gap_areas?: 'merged' | 'cells'; demand?: 'risk_sites' | 'villages' };
}

export const runCoverage = task((input: CoverageInput): AnswerText => {
  const { draft } = readBody(draftBody, input.body, input.caps);
  const layers = layersOf(input.layers);
  const q = input.query;
  const travel = travelOf(q, graphOf(input.layers.roads), layers.zones);
  const result = coverage({
    ...layers,
    shelters: applyShelterDraft(layers.shelters, draft),
    standards: input.standards,
    options: { cellSizeM: q.cell_size_m, gapAreas: q.gap_areas, loadDemand: q.demand, travel },
  });
  const closed = closedRoads(travel, q.closures);
  if (closed) result.summary.closed_roads = closed;
  const byZones = zoneClosures(travel, layers.zones, q.close_zones);
  if (byZones) result.summary.closed_zones = byZones;
  return answerText(result);
});

export interface SitingInput extends TaskBase {
  layers: WithRoads<'sites' | 'villages' | 'shelters' | 'zones'>;
}

export const runSiting = task((input: SitingInput): AnswerText => {
  const b = readBody(sitingBody, input.body, input.caps);
  const candidates = b.candidates?.features.map((f, i) => {
    const c = f as { geometry?: unknown; properties?: Record<string, unknown> | null; id?: string | number };
    const g = checkGeometry(c?.geometry, 'Point');
    if (!g.ok) throw invalid('every candidate must be a GeoJSON Point feature', g.details.map((d) => ({ ...d, field: `candidates.features[${i}].${d.field}` })));
    return { type: 'Feature' as const, id: c.id ?? i + 1, geometry: g.geometry as Point, properties: c.properties ?? {} };
  });
  const layers = layersOf(input.layers);
  const travel = travelOf({ mode: b.mode }, graphOf(input.layers.roads));
  return answerText(siting({ ...layers, count: b.count, shelterType: b.shelter_type, capacity: b.capacity, candidates: candidates && { features: candidates }, standards: input.standards, travel }));
});

export interface EvacuationInput extends TaskBase {
  layers: WithRoads<'sites' | 'shelters' | 'depots' | 'zones' | 'towns'>;
}

/** The evacuation plan of a request body; `drawLines` false leaves out the map's lines (an operation needs none). */
function evacuationOf(input: EvacuationInput, drawLines: boolean): EvacuationPlan {
  const b = readBody(evacuationBody, input.body, input.caps);
  const area = checkGeometry(b.warning_area, 'MultiPolygon');
  if (!area.ok) throw invalid('warning_area must be a GeoJSON Polygon or MultiPolygon', area.details.map((d) => ({ ...d, field: `warning_area${(d.field ?? '').replace(/^geometry/, '')}` })));
  if (b.mode === 'straight' && b.max_minutes !== undefined) throw invalid('max_minutes is a travel time', [{ field: 'max_minutes', message: 'use max_distance_m with mode straight' }]);
  if (b.mode !== 'straight' && b.max_distance_m !== undefined) throw invalid('max_distance_m is a straight-line reach', [{ field: 'max_distance_m', message: 'use max_minutes with mode walk or drive' }]);
  const layers = layersOf(input.layers);
  let closeArea: Parameters<typeof closureMask>[1]['areas'] = [];
  if (b.draft?.close_area !== undefined) {
    const g = checkGeometry(b.draft.close_area, 'MultiPolygon');
    if (!g.ok) throw invalid('draft.close_area must be a GeoJSON Polygon or MultiPolygon', g.details.map((d) => ({ ...d, field: `draft.close_area${(d.field ?? '').replace(/^geometry/, '')}` })));
    if (b.mode === 'straight') throw invalid('draft.close_area applies to travel along the roads', [{ field: 'draft.close_area', message: 'use mode walk or drive' }]);
    closeArea = [g.geometry as Polygon | MultiPolygon];
  }
  let travel = travelOf({ mode: b.mode, closures: b.draft?.close_roads }, graphOf(input.layers.roads), undefined, 'draft.close_roads');
  let areaRoads: number | undefined;
  if (travel && closeArea.length) {
    const byArea = closureMask(travel.graph, { areas: closeArea });
    const roads = new Set<number>();
    for (let e = 0; e < byArea.length; e++) if (byArea[e]) roads.add(travel.graph.edgeRoad[e]);
    areaRoads = roads.size;
    travel = { ...travel, blocked: travel.blocked ? travel.blocked.map((v, e) => v | byArea[e]) : byArea };
  }
  const plan = evacuationPlan({
    ...layers,
    warningArea: area.geometry as Parameters<typeof evacuationPlan>[0]['warningArea'],
    hazard: b.hazard,
    minGrade: b.min_grade,
    maxDistanceM: b.max_distance_m,
    serviceRadiusM: serviceRadii(input.standards),
    travel,
    maxMinutes: travel ? (b.max_minutes ?? input.standards.evacuation_max_minutes[travel.mode]) : undefined,
    drawLines,
  });
  // Who a cut leaves stranded is in `unassigned`; the summary says what was cut.
  const closed = closedRoads(travel, b.draft?.close_roads);
  if (closed) plan.summary.closed_roads = closed;
  if (areaRoads !== undefined) plan.summary.closed_area = { roads: areaRoads };
  return plan;
}

export const runEvacuation = task((input: EvacuationInput): AnswerText => answerText(evacuationOf(input, true)));

/** What an operation freezes of the plan: each placed site's shelter and minutes (NaN: none, straight lines), and the summary. */
export interface OperationPlan {
  siteIds: Int32Array;
  shelterIds: Int32Array;
  minutes: Float64Array;
  summary: EvacuationPlan['summary'];
}

/**
 * The plan of an operation: the same assignment as the evacuation analysis, without the map's
 * lines or the answer's text (the operation keeps only who goes where), in typed arrays that
 * cross to the event loop at once.
 */
export const runOperationPlan = task((input: EvacuationInput): OperationPlan => {
  const plan = evacuationOf(input, false);
  const n = plan.assignments.length;
  const out: OperationPlan = { siteIds: new Int32Array(n), shelterIds: new Int32Array(n), minutes: new Float64Array(n), summary: plan.summary };
  plan.assignments.forEach((a, i) => {
    out.siteIds[i] = a.demand_id;
    out.shelterIds[i] = a.shelter_id;
    out.minutes[i] = a.minutes ?? NaN;
  });
  return out;
});

/**
 * Parses a plan's layers and builds the road graph in this thread ahead of the first question that
 * travels (a province's take seconds: an operation started as a warning goes out must not wait for them).
 */
export const runWarmTravel = task((input: { layers: WithRoads<'sites' | 'shelters' | 'depots' | 'zones' | 'towns'> }): number => {
  layersOf(input.layers);
  return graphOf(input.layers.roads)?.nodeCount ?? 0;
});

export interface IndicatorsInput extends TaskBase {
  layers: LayerRefs<'sites' | 'shelters' | 'depots' | 'zones' | 'towns'>;
}

export const runIndicators = task((input: IndicatorsInput): AnswerText => answerText(indicators({ ...layersOf(input.layers), standards: input.standards })));

export interface NearestInput extends TaskBase {
  layers: WithRoads<'shelters' | 'zones'>;
  lon: number;
  lat: number;
  /** Straight lines when not given. */
  mode?: AnalysisMode;
}

type Finder = (lon: number, lat: number) => SafeShelterAnswer | null;
/** One finder per shelters and zones version (the standards are the process's, fixed at start), per mode. */
const finders = new Map<string, ReturnType<typeof memoByIdentity<ShelterCollection, HazardZoneCollection, Finder>>>();
/** Travel finders, per roads version too. */
const travelFinders = new WeakMap<RoadGraph, Map<string, ReturnType<typeof memoByIdentity<ShelterCollection, HazardZoneCollection, Finder>>>>();

/** "Where do I go?" from one position: the finder is built once per shelters, zones (and roads) version. */
export const runNearestShelter = task((input: NearestInput): SafeShelterAnswer | null => {
  const { shelters, zones } = layersOf({ shelters: input.layers.shelters, zones: input.layers.zones });
  const travel = travelOf({ mode: input.mode ?? 'straight' }, graphOf(input.layers.roads));
  const key = `${travel?.mode ?? 'straight'}|${JSON.stringify(input.standards)}`;
  let byKey = finders;
  if (travel) {
    let held = travelFinders.get(travel.graph);
    if (!held) travelFinders.set(travel.graph, (held = new Map()));
    byKey = held;
  }
  let finder = byKey.get(key);
  if (!finder) byKey.set(key, (finder = memoByIdentity((s: ShelterCollection, z: HazardZoneCollection) => safeShelterFinder(s.features, z.features, input.standards, travel))));
  return finder(shelters, zones)(input.lon, input.lat);
});

/** A shelter of the snapshot by id (any status: a planner may ask about a closed one), or 404. */
function shelterById(shelters: ShelterCollection, id: number): ShelterCollection['features'][number] {
  const s = shelters.features.find((f) => f.id === id);
  if (!s) throw notFound(`no shelter ${id}`);
  return s;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export interface RouteInput extends TaskBase {
  layers: WithRoads<'shelters'>;
  from: [number, number];
  shelter_id: number;
  mode: 'walk' | 'drive';
  closures?: number[];
}

export type RouteAnswer = RouteFeature & { properties: { shelter_id: number; closed_roads?: ReturnType<typeof closedRoads> } };

/** The way from a point to one shelter along the roads; 422 when none exists. */
export const runRoute = task((input: RouteInput): RouteAnswer => {
  const { shelters } = layersOf({ shelters: input.layers.shelters });
  const shelter = shelterById(shelters, input.shelter_id);
  const travel = travelOf({ mode: input.mode, closures: input.closures }, graphOf(input.layers.roads)) as Travel;
  const route = routeToShelter(travel.graph, input.from, shelter.geometry.coordinates, { mode: travel.mode, blocked: travel.blocked });
  if (!route) {
    throw new HttpError(422, 'no_way', `no way ${input.mode === 'walk' ? 'on foot' : 'by car'} leads from ${input.from.join(',')} to shelter ${input.shelter_id}`, [
      { field: 'from', message: 'no road of this mode connects the point with the shelter' },
    ]);
  }
  const p = route.properties;
  const closed = closedRoads(travel, input.closures);
  return {
    ...route,
    properties: { ...p, shelter_id: input.shelter_id, minutes: p.minutes === null ? null : round1(p.minutes), length_m: round1(p.length_m), offroad_m: round1(p.offroad_m), ...(closed ? { closed_roads: closed } : {}) },
  };
});

export interface IsochronesInput extends TaskBase {
  layers: WithRoads<'shelters'>;
  query: { shelter_id: number; minutes: number[]; mode: 'walk' | 'drive'; closures?: number[] };
}

/** Nested areas from which the shelter is reached within each number of minutes. */
export const runIsochrones = task((input: IsochronesInput): AnswerText => {
  const q = input.query;
  const { shelters } = layersOf({ shelters: input.layers.shelters });
  const shelter = shelterById(shelters, q.shelter_id);
  const travel = travelOf({ mode: q.mode, closures: q.closures }, graphOf(input.layers.roads)) as Travel;
  const areas = isochrones(travel.graph, shelter.geometry.coordinates, q.minutes, { mode: travel.mode, blocked: travel.blocked });
  const closed = closedRoads(travel, q.closures);
  return answerText({ ...areas, shelter_id: q.shelter_id, mode: q.mode, ...(closed ? { closed_roads: closed } : {}) });
});
