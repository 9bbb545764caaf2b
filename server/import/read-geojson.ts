/**
 * GeoJSON: a FeatureCollection (streamed feature by feature) or a single Feature. The 2008
 * "crs" member, which files from QGIS and ArcGIS still carry, names the coordinate system;
 * without it GeoJSON is WGS84 longitude/latitude (RFC 7946).
 */
import fs from 'node:fs';
import type { Geometry } from 'geojson';
import { crsByName, type CrsRef } from './crs.ts';
import Parser from 'stream-json/Parser.js';

import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import type { ImportSource, SourceRow } from './source.ts';

function crsMember(value: unknown): CrsRef {
  const props = (value as { properties?: { name?: unknown; code?: unknown } } | null)?.properties;
  const name = typeof props?.name === 'string' ? props.name : typeof props?.code === 'number' ? `EPSG:${props.code}` : undefined;
  const crs = name === undefined ? undefined : crsByName(name);
  if (!crs) throw new ImportError('unsupported', 'unsupported_crs', `the GeoJSON crs member names ${JSON.stringify(name ?? value)}, which OneMap does not convert; give crs`, [{ field: 'crs', message: 'unsupported' }]);
  return crs;
}

type Token = { name: string; value?: unknown };

/**
 * Builds one JSON value from stream-json's tokens. Object members are defined as own properties,
 * so a member named "__proto__" is kept as the data it is (plain assignment would drop it).
 */
class ValueBuilder {
  private readonly stack: Array<{ value: unknown[] | Record<string, unknown>; key: string | null }> = [];
  done = false;
  value: unknown;

  consume(t: Token): void {
    switch (t.name) {
      case 'startObject':
        return this.open({});
      case 'startArray':
        return this.open([]);
      case 'endObject':
      case 'endArray':
        return this.close();
      case 'keyValue':
        this.stack[this.stack.length - 1].key = String(t.value);
        return;
      case 'stringValue':
        return this.add(String(t.value));
      case 'numberValue':
        return this.add(Number(t.value));
      case 'nullValue':
        return this.add(null);
      case 'trueValue':
        return this.add(true);
      case 'falseValue':
        return this.add(false);
    }
  }

  private open(container: unknown[] | Record<string, unknown>): void {
    this.stack.push({ value: container, key: null });
  }

  private close(): void {
    const { value } = this.stack.pop()!;
    this.add(value);
  }

  private add(v: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.value = v;
      this.done = true;
    } else if (Array.isArray(top.value)) top.value.push(v);
    else Object.defineProperty(top.value, top.key!, { value: v, enumerable: true, writable: true, configurable: true });
  }
}

/** A top-level member of the document (its value whole), or one element of its "features". */
type DocumentPart = { kind: 'member'; key: string; value: unknown } | { kind: 'feature'; value: unknown };

/**
 * Reads the file as a stream of JSON tokens (stream-json) and hands over, in order, each
 * top-level member (assembled whole: "type", "crs", a lone Feature's "geometry") and each
 * element of "features" as soon as it is complete: a FeatureCollection of any size is never
 * held whole.
 */
async function* documentParts(path: string, counter: { bytes: number }): AsyncGenerator<DocumentPart> {
  const head = Buffer.alloc(3);
  const fd = fs.openSync(path, 'r');
  const n = fs.readSync(fd, head, 0, 3, 0);
  fs.closeSync(fd);
  // A UTF-8 byte-order mark is not JSON: start after it.
  const bom = n === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  const file = fs.createReadStream(path, { highWaterMark: 256 * 1024, start: bom ? 3 : 0 });
  file.on('data', (chunk) => (counter.bytes += chunk.length));
  const parser = new Parser({ packValues: true, streamValues: false });
  file.on('error', (e) => parser.destroy(e));
  file.pipe(parser);
  let depth = 0;
  let key: string | null = null;
  let inFeatures = false;
  let asm: ValueBuilder | undefined;
  let assembling: 'member' | 'feature' | undefined;
  try {
    for await (const token of parser as AsyncIterable<Token>) {
      if (asm) {
        asm.consume(token);
        if (asm.done) {
          yield assembling === 'feature' ? { kind: 'feature', value: asm.value } : { kind: 'member', key: key!, value: asm.value };
          asm = undefined;
          if (assembling === 'member') key = null;
        }
        continue;
      }
      switch (token.name) {
        case 'startObject':
        case 'startArray':
          if (depth === 0 && token.name === 'startArray') throw new Error('the document must be a JSON object, not an array');
          if (depth === 1 && key === 'features' && token.name === 'startArray') {
            inFeatures = true;
            depth = 2;
            break;
          }
          if (depth === 0) {
            depth = 1;
            break;
          }
          // A member's value, or a feature: assembled whole from here.
          asm = new ValueBuilder();
          asm.consume(token);
          assembling = inFeatures ? 'feature' : 'member';
          break;
        case 'endArray':
          if (inFeatures && depth === 2) {
            inFeatures = false;
            depth = 1;
            key = null;
          }
          break;
        case 'endObject':
          depth = 0;
          break;
        case 'keyValue':
          key = String(token.value);
          break;
        default:
          // A plain value: a member ("type": "Feature"), or a feature that is not an object.
          if (inFeatures) yield { kind: 'feature', value: token.value };
          else if (depth === 1 && key !== null) {
            yield { kind: 'member', key, value: token.name === 'nullValue' ? null : token.name === 'trueValue' ? true : token.name === 'falseValue' ? false : token.name === 'numberValue' ? Number(token.value) : token.value };
            key = null;
          }
      }
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    // Tokens arrive before the parser's complaint: every byte read and still inside the document
    // means the file was cut short.
    const cut = depth > 0 && counter.bytes + (bom ? 3 : 0) >= fs.statSync(path).size;
    throw unreadable(cut ? 'the GeoJSON file ends before its last "}" (truncated)' : `the file is not valid GeoJSON: ${message.slice(0, 200)}`);
  } finally {
    file.destroy();
  }
  if (depth !== 0) throw unreadable('the GeoJSON file ends before its last "}" (truncated)');
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
  const parts = documentParts(path, counter);
  // A Map: a member named "__proto__" or "constructor" is just a member.
  const members = new Map<string, unknown>();
  let first: unknown;
  let sawFeature = false;
  // Read up to the first feature: the members before it say what the file is.
  for (;;) {
    const next = await parts.next();
    if (next.done) break;
    if (next.value.kind === 'feature') {
      [first, sawFeature] = [next.value.value, true];
      break;
    }
    members.set(next.value.key, next.value.value);
  }
  const type = members.get('type');
  if (type !== 'FeatureCollection' && type !== 'Feature') throw unreadable(`a GeoJSON FeatureCollection or Feature was expected, got type ${JSON.stringify(type ?? null)}`);
  const declaredCrs = members.get('crs') === undefined ? undefined : crsMember(members.get('crs'));
  const firstFeature = sawFeature ? toRow(1, first) : undefined;
  const fields = Object.keys(firstFeature?.fields ?? (members.get('properties') as Record<string, unknown> | undefined) ?? {});
  if (fields.length > limits.maxColumns) throw tooLarge(`the features have ${fields.length} properties; at most ${limits.maxColumns} are accepted`);

  return {
    format: 'geojson',
    fields,
    declaredCrs,
    progress: () => (size ? counter.bytes / size : 1),
    close: async () => {
      await parts.return(undefined);
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
      for await (const part of parts) {
        if (part.kind === 'feature') {
          n++;
          if (n > limits.maxRows) throw tooLarge(`the file has more than ${limits.maxRows} features; at most ${limits.maxRows} are accepted in one import`);
          yield toRow(n, part.value);
        } else if (part.key === 'crs' && n > 0) {
          throw unreadable('the GeoJSON "crs" member comes after the features; move it before "features" or give crs');
        }
      }
    },
  };
}
