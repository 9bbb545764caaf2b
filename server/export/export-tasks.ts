/**
 * Export encoding as worker tasks: the features arrive as JSON text (a request body, a layer read
 * by the database, or a list of an analysis answer), and the file leaves as bytes. Parsing,
 * checking and encoding all happen here, off the event loop.
 */
import { Writable } from 'node:stream';
import type { Feature, Geometry } from 'geojson';

type ExportFeature = Feature<Geometry | null>;
import { checkAnyGeometry } from '../layers/validate-geometry.ts';
import { invalid, type ErrorDetail } from '../http/errors.ts';
import { parseCappedJson, type JsonCaps } from '../http/json-caps.ts';
import { ROOT_FIELD } from '../http/validation-errors.ts';
import { task } from '../workers/task.ts';
import { inferColumns, type ExportColumn } from './export-columns.ts';
import { writeExport, type FileFormat } from './export-formats.ts';
import type { ExportTarget } from './export-target.ts';

export const EXPORT_TASKS = new URL('./export-tasks.ts', import.meta.url);

/** A Writable that keeps what it is given, for a file made in memory. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    done();
  }
}

async function encode(format: FileFormat, target: Omit<ExportTarget, 'features' | 'count'>, features: ExportFeature[]): Promise<Uint8Array> {
  const out = new Collector();
  await writeExport(format, { ...target, count: features.length, features: (async function* () { yield* features; })() }, out);
  return Buffer.concat(out.chunks);
}

/** One geometry type for all features is declared as the file's; mixed types are left open. */
function commonGeometryType(features: readonly ExportFeature[]): ExportTarget['geometryType'] {
  const types = new Set(features.map((f) => f.geometry?.type));
  const only = types.size === 1 ? [...types][0] : undefined;
  return only && only !== 'GeometryCollection' ? only : undefined;
}

/** Checks a request body as a FeatureCollection to export, like a write: every feature and geometry. */
function checkedFeatures(body: unknown): ExportFeature[] {
  const fc = body as { type?: unknown; features?: unknown } | null;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw invalid('send a GeoJSON FeatureCollection', [{ field: ROOT_FIELD, message: 'expected {"type":"FeatureCollection","features":[…]}' }]);
  }
  const details: ErrorDetail[] = [];
  const features: ExportFeature[] = [];
  fc.features.forEach((f: unknown, i: number) => {
    if (details.length >= 20) return;
    const feature = f as { type?: unknown; geometry?: unknown; properties?: unknown; id?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') return void details.push({ field: `features[${i}]`, message: 'expected {"type":"Feature",…}' });
    if (feature.properties !== undefined && feature.properties !== null && (typeof feature.properties !== 'object' || Array.isArray(feature.properties))) {
      return void details.push({ field: `features[${i}].properties`, message: 'must be an object or null' });
    }
    if (feature.id !== undefined && typeof feature.id !== 'string' && typeof feature.id !== 'number') return void details.push({ field: `features[${i}].id`, message: 'must be a string or a number' });
    let geometry: Geometry | null = null;
    if (feature.geometry !== null && feature.geometry !== undefined) {
      const g = checkAnyGeometry(feature.geometry, `features[${i}].geometry`);
      if (!g.ok) return void details.push(...g.details);
      geometry = g.geometry;
    }
    features.push({ type: 'Feature', ...(feature.id !== undefined ? { id: feature.id as string | number } : {}), geometry, properties: (feature.properties ?? {}) as Record<string, unknown> });
  });
  if (details.length) throw invalid('the FeatureCollection cannot be exported', details);
  return features;
}

export interface EncodeBodyInput {
  format: FileFormat;
  name: string;
  /** The request body, as received. */
  body: Uint8Array;
  caps: JsonCaps;
}

/** POST /api/export: any FeatureCollection (an analysis result) as a file. */
export const encodeBody = task(async (input: EncodeBodyInput): Promise<Uint8Array> => {
  const features = checkedFeatures(parseCappedJson(input.body, input.caps));
  return encode(input.format, { name: input.name, geometryType: commonGeometryType(features), columns: inferColumns(features) }, features);
});

export interface EncodePartInput {
  format: FileFormat;
  name: string;
  kind: 'features' | 'rows';
  /** The list's items joined by commas, as text or UTF-8 (answer-parts.ts). */
  text: string | Uint8Array;
}

/** A list of an analysis answer as a file; rows become features without geometry. */
export const encodePart = task(async (input: EncodePartInput): Promise<Uint8Array> => {
  const text = typeof input.text === 'string' ? input.text : Buffer.from(input.text.buffer, input.text.byteOffset, input.text.byteLength).toString('utf8');
  const items = JSON.parse(`[${text}]`) as unknown[];
  const features: ExportFeature[] = input.kind === 'features' ? (items as Feature[]) : items.map((row) => ({ type: 'Feature', geometry: null, properties: row as Record<string, unknown> }));
  return encode(input.format, { name: input.name, geometryType: commonGeometryType(features), columns: inferColumns(features) }, features);
});

export interface EncodeLayerInput {
  format: FileFormat;
  name: string;
  title: string;
  geometryType: ExportTarget['geometryType'];
  columns: ExportColumn[];
  /** A JSON array of the layer's features, as the database wrote it. */
  text: string;
}

/** A collection (its items route's filters applied by the database) as a file. */
export const encodeLayer = task(async (input: EncodeLayerInput): Promise<Uint8Array> => {
  const features = JSON.parse(input.text) as ExportFeature[];
  return encode(input.format, { name: input.name, title: input.title, geometryType: input.geometryType, columns: input.columns }, features);
});
