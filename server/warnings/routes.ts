/**
 * POST /api/warnings: a warning from a Common Alerting Protocol 1.2 alert
 * (`application/cap+xml`; `<polygon>`, `<circle>` or `<geocode>` with a township code, mapped to
 * the town's outline) or from a GeoJSON Feature of the warnings layer (drawn by the duty officer).
 * An alert of type Update or Cancel ends the warnings it references. Duty officers and admins.
 * Reading warnings is the OGC API's (/ogc/collections/warnings/items), tiles and the live stream.
 */
import express, { Router } from 'express';
import type { Knex } from 'knex';
import type { MultiPolygon, Polygon } from 'geojson';
import { requireWriter } from '../auth/middleware.ts';
import { createFeature, checkFeature, type WriteDeps } from '../layers/feature-writes.ts';
import { HttpError, invalid } from '../http/errors.ts';
import { warnings } from '../layers/warnings.ts';
import { MAX_CAP_BYTES, parseCapAlert, warningArea } from './cap-alert.ts';

export const CAP_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];
export const JSON_TYPES = ['application/geo+json', 'application/json'];

/** Township outlines of the codes, as GeoJSON; a code no town has is a 422 naming it. */
async function townOutlines(knex: Knex, codes: readonly string[]): Promise<Array<Polygon | MultiPolygon>> {
  if (codes.length === 0) return [];
  const rows = (await knex('towns').whereIn('code', [...codes]).whereNull('deleted_at').select('code', knex.raw('ST_AsGeoJSON(geom) AS geometry'))) as Array<{ code: string; geometry: string }>;
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw invalid('the alert names areas OneMap does not know', missing.map((c) => ({ field: 'alert.info.area.geocode', message: `no town with code ${c.slice(0, 40)}` })));
  return rows.map((r) => JSON.parse(r.geometry) as MultiPolygon);
}

/** Overlapping shapes of one alert as one valid MultiPolygon (their union). */
async function unionArea(knex: Knex, area: MultiPolygon): Promise<MultiPolygon> {
  const r = await knex.raw<{ rows: Array<{ g: string }> }>(
    'SELECT ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_UnaryUnion(ST_GeomFromGeoJSON(?))), 3)), 7) AS g',
    [JSON.stringify(area)],
  );
  return JSON.parse(r.rows[0].g) as MultiPolygon;
}

/** CAP references ("sender,identifier,sent …"): the identifiers of the alerts referred to. */
function referencedIdentifiers(xml: string): string[] {
  const m = /<(?:\w+:)?references>([^<]*)<\/(?:\w+:)?references>/.exec(xml);
  return m ? m[1].trim().split(/\s+/).map((r) => r.split(',')[1]).filter((x): x is string => Boolean(x)) : [];
}

function messageType(xml: string): string {
  return /<(?:\w+:)?msgType>\s*(\w+)\s*<\/(?:\w+:)?msgType>/.exec(xml)?.[1] ?? 'Alert';
}

export function warningRoutes(deps: WriteDeps): Router {
  const r = Router();
  const capBody = express.text({ type: CAP_TYPES, limit: MAX_CAP_BYTES });
  const jsonBody = express.json({ type: JSON_TYPES, limit: '5mb' });

  r.post('/warnings', capBody, jsonBody, async (req, res) => {
    const who = requireWriter(req.principal, warnings);
    let feature: unknown;
    let ends: string[] = [];
    if (typeof req.body === 'string' && req.is(CAP_TYPES)) {
      const cap = parseCapAlert(req.body);
      const area = await unionArea(deps.knex, warningArea(cap.shapes, await townOutlines(deps.knex, cap.geocodes)));
      const { shapes: _s, geocodes: _g, ...properties } = cap;
      feature = { type: 'Feature', geometry: area, properties };
      const kind = messageType(req.body);
      if (kind === 'Update' || kind === 'Cancel') ends = referencedIdentifiers(req.body);
      if (kind === 'Cancel') {
        const ended = await endWarnings(deps, ends, who.name);
        return void res.json({ cancelled: ended });
      }
    } else if (req.is(JSON_TYPES)) {
      feature = req.body;
    } else {
      throw new HttpError(415, 'unsupported_media_type', `send a CAP 1.2 alert (${CAP_TYPES[0]}) or a GeoJSON Feature (${JSON_TYPES[0]})`, [{ field: 'Content-Type', message: `got "${req.get('content-type') ?? 'none'}"` }]);
    }
    const { feature: created, etag } = await createFeature(deps, warnings, checkFeature(warnings, feature), who.name);
    if (ends.length) await endWarnings(deps, ends, who.name);
    res.status(201).set({ ETag: etag, Location: `/ogc/collections/warnings/items/${created.id}` }).type('application/geo+json').send(JSON.stringify(created));
  });

  return r;
}

/** Ends the warnings of these codes now (an alert updated or cancelled them). */
async function endWarnings(deps: WriteDeps, codes: readonly string[], by: string): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = (await deps.knex('warnings')
    .whereIn('code', [...codes])
    .whereNull('deleted_at')
    .where((q) => q.whereNull('expires').orWhere('expires', '>', deps.knex.fn.now()))
    .update({ expires: deps.knex.fn.now(), version: deps.knex.raw('version + 1'), updated_at: deps.knex.fn.now(), updated_by: by })
    .returning(['id', 'code'])) as Array<{ id: number; code: string }>;
  for (const row of rows) deps.changes.notify({ layer: warnings.id, id: row.id, op: 'update' });
  return rows.map((x) => x.code);
}
