/**
 * POST /api/export?f=geojson|csv|gpkg|fgb: any GeoJSON FeatureCollection — an analysis result
 * such as catchments or coverage gaps — sent back as a file in the asked format.
 * Collections are exported by the items route (/ogc/collections/{id}/items?f=…).
 */
import express, { Router } from 'express';
import type { Feature } from 'geojson';
import { z } from 'zod';
import { invalid } from '../http/errors.ts';
import { parseQuery } from '../http/parse-request.ts';
import { inferColumns } from './export-columns.ts';
import { FILE_FORMATS, writeExport } from './export-formats.ts';
import { attachment } from './send-export.ts';

export interface ExportRouteDeps {
  bodyLimit: string;
}

const query = z.strictObject({
  f: z.enum(FILE_FORMATS),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only').default('analysis'),
});

function featureCollection(body: unknown): Feature[] {
  const fc = body as { type?: unknown; features?: unknown } | null;
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw invalid('send a GeoJSON FeatureCollection', [{ field: 'body', message: 'expected {"type":"FeatureCollection","features":[…]}' }]);
  }
  const bad = fc.features.findIndex((f: unknown) => !f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature');
  if (bad >= 0) throw invalid(`features[${bad}] is not a GeoJSON Feature`, [{ field: `features[${bad}]`, message: 'expected {"type":"Feature",…}' }]);
  return fc.features as Feature[];
}

export function exportRoutes(deps: ExportRouteDeps): Router {
  const r = Router();
  const json = express.json({ limit: deps.bodyLimit, type: ['application/json', 'application/geo+json'] });

  r.post('/export', json, async (req, res) => {
    const q = parseQuery(query, req.query);
    const features = featureCollection(req.body);
    // One geometry type for all features is declared as the layer's; mixed types are left open.
    const types = new Set(features.map((f) => f.geometry?.type));
    const only = types.size === 1 ? [...types][0] : undefined;
    const geometryType = only && only !== 'GeometryCollection' ? only : undefined;
    attachment(res, q.f, q.name);
    await writeExport(q.f, { name: q.name, geometryType, columns: inferColumns(features), count: features.length, features: (async function* () { yield* features; })() }, res);
    res.end();
  });

  return r;
}
