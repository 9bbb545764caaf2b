/**
 * GeoJSON: a FeatureCollection (streamed feature by feature) or a single Feature. The 2008
 * "crs" member, which files from QGIS and ArcGIS still carry, names the coordinate system;
 * without it GeoJSON is WGS84 longitude/latitude (RFC 7946).
 */
import fs from 'node:fs';
import type { Geometry } from 'geojson';
import { HttpError } from '../http/errors.ts';
import { crsByName, type CrsRef } from './crs.ts';
import { GeoJsonSplitter, type SplitEvent } from './geojson-splitter.ts';
import { tooLarge, unreadable, type ImportLimits } from './limits.ts';
import type { ImportSource, SourceRow } from './source.ts';

function crsMember(value: unknown): CrsRef {
  const props = (value as { properties?: { name?: unknown; code?: unknown } } | null)?.properties;
  const name = typeof props?.name === 'string' ? props.name : typeof props?.code === 'number' ? `EPSG:${props.code}` : undefined;
  const crs = name === undefined ? undefined : crsByName(name);
  if (!crs) throw new HttpError(422, 'unsupported_crs', `the GeoJSON crs member names ${JSON.stringify(name ?? value)}, which OneMap does not convert; give crs`, [{ field: 'crs', message: 'unsupported' }]);
  return crs;
}

async function* splitFile(path: string, counter: { bytes: number }): AsyncGenerator<SplitEvent> {
  const splitter = new GeoJsonSplitter();
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of fs.createReadStream(path, { highWaterMark: 256 * 1024 })) {
    counter.bytes += (chunk as Buffer).length;
    let text = decoder.decode(chunk as Buffer, { stream: true });
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    let events: SplitEvent[];
    try {
      events = splitter.push(text);
    } catch (e) {
      throw unreadable(`the file is not valid GeoJSON: ${(e as Error).message}`);
    }
    yield* events;
  }
  if (!splitter.done) throw unreadable('the GeoJSON file ends before its last "}" (truncated)');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw unreadable(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

function toRow(row: number, value: unknown): SourceRow {
  const f = value as { type?: unknown; properties?: unknown; geometry?: unknown } | null;
  if (!f || typeof f !== 'object' || f.type !== 'Feature') return { row, fields: {}, geometry: undefined, problem: 'not a GeoJSON Feature' };
  const props = f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? (f.properties as Record<string, unknown>) : {};
  return { row, fields: props, geometry: (f.geometry ?? null) as Geometry | null };
}

export async function openGeoJson(path: string, limits: ImportLimits): Promise<ImportSource> {
  const size = fs.statSync(path).size;
  const counter = { bytes: 0 };
  const events = splitFile(path, counter);
  // A Map: a member named "__proto__" or "constructor" is just a member.
  const members = new Map<string, unknown>();
  const ahead: SplitEvent[] = [];
  // Read up to the first feature: the members before it say what the file is.
  for (;;) {
    const next = await events.next();
    if (next.done) break;
    if (next.value.kind === 'feature') {
      ahead.push(next.value);
      break;
    }
    members.set(next.value.key, parseJson(next.value.text, `member "${next.value.key}"`));
  }
  const type = members.get('type');
  if (type !== 'FeatureCollection' && type !== 'Feature') throw unreadable(`a GeoJSON FeatureCollection or Feature was expected, got type ${JSON.stringify(type ?? null)}`);
  const declaredCrs = members.get('crs') === undefined ? undefined : crsMember(members.get('crs'));
  const firstFeature = ahead[0] ? toRow(1, parseJson(ahead[0].text, 'feature 1')) : undefined;
  const fields = Object.keys(firstFeature?.fields ?? (members.get('properties') as Record<string, unknown> | undefined) ?? {});
  if (fields.length > limits.maxColumns) throw tooLarge(`the features have ${fields.length} properties; at most ${limits.maxColumns} are accepted`);

  return {
    format: 'geojson',
    fields,
    declaredCrs,
    progress: () => (size ? counter.bytes / size : 1),
    close: async () => {
      await events.return(undefined);
    },
    async *rows() {
      if (type === 'Feature') {
        // A lone Feature: the loop above has read all of its members.
        yield toRow(1, { type: 'Feature', properties: members.get('properties'), geometry: members.get('geometry') });
        return;
      }
      let n = 0;
      if (firstFeature) {
        n = 1;
        yield firstFeature;
      }
      for await (const e of events) {
        if (e.kind === 'feature') {
          n++;
          if (n > limits.maxRows) throw tooLarge(`the file has more than ${limits.maxRows} features; at most ${limits.maxRows} are accepted in one import`);
          const value = (() => {
            try {
              return JSON.parse(e.text) as unknown;
            } catch {
              return undefined;
            }
          })();
          yield value === undefined ? { row: n, fields: {}, geometry: undefined, problem: 'feature is not valid JSON' } : toRow(n, value);
        } else if (e.key === 'crs' && n > 0) {
          throw unreadable('the GeoJSON "crs" member comes after the features; move it before "features" or give crs');
        }
      }
    },
  };
}
