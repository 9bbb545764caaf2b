/**
 * The analyses as worker tasks: each takes the layer snapshots it needs (shared, parsed once per
 * version in each worker) and its checked parameters, calls one pure analysis function and
 * returns the answer as text (answer-parts.ts). Runs in the worker pool, never on the event loop.
 */
import type { Point } from 'geojson';
import { catchments } from '../analysis/catchments.ts';
import { coverage } from '../analysis/coverage.ts';
import { evacuationPlan } from '../analysis/evacuation-plan.ts';
import { indicators } from '../analysis/indicators.ts';
import { safeShelterFinder, type SafeShelterAnswer } from '../analysis/nearest-safe-shelter.ts';
import { siting } from '../analysis/siting.ts';
import { serviceRadii, type Standards } from '../analysis/standards.ts';
import type { HazardZoneCollection, ShelterCollection } from '../analysis/types.ts';
import { checkGeometry } from '../features/validate-geometry.ts';
import { invalid } from '../http/errors.ts';
import { snapshotOf } from '../layers/snapshot-cache.ts';
import type { SnapshotRef } from '../layers/layer-snapshots.ts';
import { task } from '../workers/task.ts';
import { cityOutline, memoByIdentity, type AnalysisLayers } from './analysis-inputs.ts';
import { answerText, type AnswerText } from './answer-parts.ts';
import { applyShelterDraft } from './shelter-draft.ts';
import { draftBody, evacuationBody, readBody, sitingBody } from './analysis-params.ts';
import type { JsonCaps } from '../http/json-caps.ts';

export type LayerRefs<K extends keyof AnalysisLayers> = Record<K, SnapshotRef>;

/** What every analysis task is given besides its own parameters. */
interface TaskBase {
  standards: Standards;
  caps: JsonCaps;
  /** The request body as received (POST), parsed and checked here. */
  body?: Uint8Array;
}

/** The layers as collections, parsed once per version in this worker. */
function layersOf<K extends keyof AnalysisLayers>(refs: LayerRefs<K>): Pick<AnalysisLayers, K> {
  return Object.fromEntries(Object.entries(refs).map(([k, ref]) => [k, snapshotOf(ref as SnapshotRef)])) as unknown as Pick<AnalysisLayers, K>;
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
  layers: LayerRefs<'sites' | 'villages' | 'shelters' | 'towns'>;
  query: ShelterFilter & { method: 'nearest' | 'capacity'; demand: 'risk_sites' | 'villages' };
}

export const runCatchments = task((input: CatchmentsInput): AnswerText => {
  const { query: q, standards } = input;
  const { draft } = readBody(draftBody, input.body, input.caps);
  const layers = layersOf(input.layers);
  const shelters = usableShelters(applyShelterDraft(layers.shelters, draft), standards, q);
  const demand = q.demand === 'villages' ? layers.villages.features : layers.sites.features;
  return answerText(
    catchments(demand as Parameters<typeof catchments>[0], shelters, {
      method: q.method,
      boundary: cityOutline(layers.towns),
      serviceRadiusM: serviceRadii(standards),
      demandType: q.demand === 'villages' ? 'village' : 'risk_site',
    }),
  );
});

export interface CoverageInput extends TaskBase {
  layers: LayerRefs<'sites' | 'villages' | 'shelters' | 'depots' | 'zones' | 'towns'>;
  query: { cell_size_m?: number; gap_areas?: 'merged' | 'cells'; demand?: 'risk_sites' | 'villages' };
}

export const runCoverage = task((input: CoverageInput): AnswerText => {
  const { draft } = readBody(draftBody, input.body, input.caps);
  const layers = layersOf(input.layers);
  const q = input.query;
  return answerText(
    coverage({
      ...layers,
      shelters: applyShelterDraft(layers.shelters, draft),
      standards: input.standards,
      options: { cellSizeM: q.cell_size_m, gapAreas: q.gap_areas, loadDemand: q.demand },
    }),
  );
});

export interface SitingInput extends TaskBase {
  layers: LayerRefs<'sites' | 'villages' | 'shelters' | 'zones'>;
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
  return answerText(siting({ ...layers, count: b.count, shelterType: b.shelter_type, capacity: b.capacity, candidates: candidates && { features: candidates }, standards: input.standards }));
});

export interface EvacuationInput extends TaskBase {
  layers: LayerRefs<'sites' | 'shelters' | 'depots' | 'zones' | 'towns'>;
}

export const runEvacuation = task((input: EvacuationInput): AnswerText => {
  const b = readBody(evacuationBody, input.body, input.caps);
  const area = checkGeometry(b.warning_area, 'MultiPolygon');
  if (!area.ok) throw invalid('warning_area must be a GeoJSON Polygon or MultiPolygon', area.details.map((d) => ({ ...d, field: `warning_area${(d.field ?? '').replace(/^geometry/, '')}` })));
  const layers = layersOf(input.layers);
  return answerText(
    evacuationPlan({
      ...layers,
      warningArea: area.geometry as Parameters<typeof evacuationPlan>[0]['warningArea'],
      hazard: b.hazard,
      minGrade: b.min_grade,
      maxDistanceM: b.max_distance_m,
      serviceRadiusM: serviceRadii(input.standards),
    }),
  );
});

export interface IndicatorsInput extends TaskBase {
  layers: LayerRefs<'sites' | 'shelters' | 'depots' | 'zones' | 'towns'>;
}

export const runIndicators = task((input: IndicatorsInput): AnswerText => answerText(indicators({ ...layersOf(input.layers), standards: input.standards })));

export interface NearestInput extends TaskBase {
  layers: LayerRefs<'shelters' | 'zones'>;
  lon: number;
  lat: number;
}

type Finder = (lon: number, lat: number) => SafeShelterAnswer | null;
/** One finder per shelters and zones version (the standards are the process's, fixed at start). */
const finders = new Map<string, ReturnType<typeof memoByIdentity<ShelterCollection, HazardZoneCollection, Finder>>>();

/** "Where do I go?" from one position: the finder is built once per shelters and zones version. */
export const runNearestShelter = task((input: NearestInput): SafeShelterAnswer | null => {
  const { shelters, zones } = layersOf(input.layers);
  const key = JSON.stringify(input.standards);
  let finder = finders.get(key);
  if (!finder) finders.set(key, (finder = memoByIdentity((s: ShelterCollection, z: HazardZoneCollection) => safeShelterFinder(s.features, z.features, input.standards))));
  return finder(shelters, zones)(input.lon, input.lat);
});
