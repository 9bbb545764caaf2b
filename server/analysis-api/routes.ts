/**
 * Analysis routes under /api/analysis: each parses its parameters, loads the layers from the
 * snapshot cache and calls one pure analysis function. No geometry logic lives here.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { catchments } from '../analysis/catchments.ts';
import { coverage } from '../analysis/coverage.ts';
import { evacuationPlan } from '../analysis/evacuation-plan.ts';
import { siting } from '../analysis/siting.ts';
import { indicators } from '../analysis/indicators.ts';
import type { Point } from 'geojson';
import { safeShelterFinder } from '../analysis/nearest-safe-shelter.ts';
import { serviceRadii, type Standards } from '../analysis/standards.ts';
import { GRADES, HAZARDS, SHELTER_TYPES, type ShelterCollection } from '../analysis/types.ts';
import type { LayerSnapshots } from '../layers/layer-snapshots.ts';
import { invalid, notFound } from '../http/errors.ts';
import { checkGeometry } from '../features/validate-geometry.ts';
import { parseBody, parseQuery } from '../http/parse-request.ts';
import { analysisLayers, cityOutline, memoByIdentity } from './analysis-inputs.ts';
import { applyShelterDraft, draftSchema } from './shelter-draft.ts';

export interface AnalysisDeps {
  snapshots: LayerSnapshots;
  standards: Standards;
  bodyLimit: string;
}

const list = <T extends string>(values: readonly T[]) =>
  z.string().transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
    const bad = parts.filter((p) => !values.includes(p as T));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown value(s) ${bad.join(', ')}; allowed: ${values.join(', ')}` });
    return parts as T[];
  });

const shelterFilter = {
  shelter_type: list(SHELTER_TYPES).optional(),
  level: list(['city', 'town', 'village'] as const).optional(),
};

const catchmentQuery = z.strictObject({
  method: z.enum(['nearest', 'capacity']).default('nearest'),
  demand: z.enum(['risk_sites', 'villages']).default('risk_sites'),
  ...shelterFilter,
});

const coverageQuery = z.strictObject({
  cell_size_m: z.coerce.number().min(100).max(20_000).optional(),
  gap_areas: z.enum(['merged', 'cells']).optional(),
  demand: z.enum(['risk_sites', 'villages']).optional(),
});

const nearestQuery = z.strictObject({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});

const evacuationBody = z.strictObject({
  warning_area: z.unknown(),
  hazard: z.enum(HAZARDS).optional(),
  min_grade: z.enum(GRADES).optional(),
  max_distance_m: z.number().positive().max(200_000).optional(),
});

const draftBody = z.strictObject({ draft: draftSchema.optional() });

const sitingBody = z.strictObject({
  count: z.number().int().min(1).max(200),
  shelter_type: z.enum(SHELTER_TYPES),
  capacity: z.number().int().positive().max(1_000_000).optional(),
  candidates: z.strictObject({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(20_000) }).optional(),
});

/** The shelters an analysis may send people to, narrowed by the request's filters. */
function usableShelters(shelters: ShelterCollection, standards: Standards, q: { shelter_type?: string[]; level?: string[] }): ShelterCollection {
  const usable = new Set<string>(standards.usable_statuses);
  return {
    type: 'FeatureCollection',
    features: shelters.features.filter(
      (s) => usable.has(s.properties.status) && (!q.shelter_type || q.shelter_type.includes(s.properties.shelter_type)) && (!q.level || q.level.includes(s.properties.level)),
    ),
  };
}

export function analysisRoutes(deps: AnalysisDeps): Router {
  const r = Router();
  const json = express.json({ limit: deps.bodyLimit });
  const radii = serviceRadii(deps.standards);
  const finder = memoByIdentity((shelters: ShelterCollection, zones: { features: unknown[] }) =>
    safeShelterFinder(shelters.features, zones.features as Parameters<typeof safeShelterFinder>[1], deps.standards),
  );

  async function runCatchments(query: unknown, body: unknown) {
    const q = parseQuery(catchmentQuery, query);
    const { draft } = parseBody(draftBody, body);
    const layers = await analysisLayers(deps.snapshots, ['sites', 'villages', 'shelters', 'towns']);
    const shelters = usableShelters(applyShelterDraft(layers.shelters, draft), deps.standards, q);
    const demand = q.demand === 'villages' ? layers.villages.features : layers.sites.features;
    return catchments(demand as Parameters<typeof catchments>[0], shelters, {
      method: q.method,
      boundary: cityOutline(layers.towns),
      serviceRadiusM: radii,
      demandType: q.demand === 'villages' ? 'village' : 'risk_site',
    });
  }

  async function runCoverage(query: unknown, body: unknown) {
    const q = parseQuery(coverageQuery, query);
    const { draft } = parseBody(draftBody, body);
    const layers = await analysisLayers(deps.snapshots, ['sites', 'villages', 'shelters', 'depots', 'zones', 'towns']);
    return coverage({
      ...layers,
      shelters: applyShelterDraft(layers.shelters, draft),
      standards: deps.standards,
      options: { cellSizeM: q.cell_size_m, gapAreas: q.gap_areas, loadDemand: q.demand },
    });
  }

  r.get('/catchments', async (req, res) => void res.json(await runCatchments(req.query, undefined)));
  r.post('/catchments', json, async (req, res) => void res.json(await runCatchments(req.query, req.body)));
  r.get('/coverage', async (req, res) => void res.json(await runCoverage(req.query, undefined)));
  r.post('/coverage', json, async (req, res) => void res.json(await runCoverage(req.query, req.body)));

  r.get('/nearest-shelter', async (req, res) => {
    const q = parseQuery(nearestQuery, req.query);
    const { shelters, zones } = await analysisLayers(deps.snapshots, ['shelters', 'zones']);
    const answer = finder(shelters, zones)(q.lon, q.lat);
    if (!answer) throw notFound('no usable shelter outside the high-risk zones');
    res.json(answer);
  });

  r.post('/siting', json, async (req, res) => {
    const b = parseBody(sitingBody, req.body);
    const candidates = b.candidates?.features.map((f, i) => {
      const c = f as { geometry?: unknown; properties?: Record<string, unknown> | null; id?: string | number };
      const g = checkGeometry(c?.geometry, 'Point');
      if (!g.ok) throw invalid('every candidate must be a GeoJSON Point feature', g.details.map((d) => ({ ...d, field: `candidates.features[${i}].${d.field}` })));
      return { type: 'Feature' as const, id: c.id ?? i + 1, geometry: g.geometry as Point, properties: c.properties ?? {} };
    });
    const layers = await analysisLayers(deps.snapshots, ['sites', 'villages', 'shelters', 'zones']);
    res.json(siting({ ...layers, count: b.count, shelterType: b.shelter_type, capacity: b.capacity, candidates: candidates && { features: candidates }, standards: deps.standards }));
  });

  r.post('/evacuation', json, async (req, res) => {
    const b = parseBody(evacuationBody, req.body);
    const area = checkGeometry(b.warning_area, 'MultiPolygon');
    if (!area.ok) throw invalid('warning_area must be a GeoJSON Polygon or MultiPolygon', area.details.map((d) => ({ ...d, field: `warning_area${(d.field ?? '').replace(/^geometry/, '')}` })));
    const layers = await analysisLayers(deps.snapshots, ['sites', 'shelters', 'depots', 'zones', 'towns']);
    res.json(
      evacuationPlan({
        ...layers,
        warningArea: area.geometry as Parameters<typeof evacuationPlan>[0]['warningArea'],
        hazard: b.hazard,
        minGrade: b.min_grade,
        maxDistanceM: b.max_distance_m,
        serviceRadiusM: radii,
      }),
    );
  });

  return r;
}

/** GET /api/indicators: the plan's indicators per town and for the city. */
export function indicatorRoutes(deps: Pick<AnalysisDeps, 'snapshots' | 'standards'>): Router {
  const r = Router();
  r.get('/indicators', async (req, res) => {
    parseQuery(z.strictObject({}), req.query);
    const layers = await analysisLayers(deps.snapshots, ['sites', 'shelters', 'depots', 'zones', 'towns']);
    res.json(indicators({ ...layers, standards: deps.standards }));
  });
  return r;
}
