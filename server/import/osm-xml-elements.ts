/**
 * OpenStreetMap XML 0.6 read as a stream: the text is cut into whole top-level elements
 * (node, way, relation…) as it arrives, and runs of elements of one kind are handed to
 * fast-xml-parser together, so a file of any size is never held whole and the order of nodes
 * and ways is kept. A document type or entity declaration is refused before anything is parsed
 * (OSM files have none; they are how entity-expansion bombs and external entities arrive), and
 * no element may be longer than MAX_ELEMENT_CHARS.
 */
import fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import type { OsmElement } from './osm-ways.ts';

/** Longest element accepted: a way of 2,000 nodes with its tags is about 100 kB. */
export const MAX_ELEMENT_CHARS = 4 * 1024 * 1024;
/** Characters of elements parsed at once. */
const BATCH_CHARS = 256 * 1024;

const hostile = () =>
  new ImportError('unsupported', 'unsafe_xml', 'the XML declares a document type or entities (<!DOCTYPE …> or <!ENTITY …>); OpenStreetMap files have none, and OneMap does not expand them', [
    { field: 'file', message: 'document type declaration' },
  ]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'node' || name === 'way' || name === 'nd' || name === 'tag',
});

type XmlAttrs = Record<string, string | undefined>;
type XmlWay = XmlAttrs & { nd?: XmlAttrs[]; tag?: XmlAttrs[] };

function num(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n)) throw unreadable(`an OpenStreetMap ${what} is ${JSON.stringify(v ?? null)}, not a number`);
  return n;
}

function toNode(a: XmlAttrs): OsmElement {
  const id = num(a.id, 'node id');
  const lon = num(a.lon, `node ${id}'s lon`);
  const lat = num(a.lat, `node ${id}'s lat`);
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw unreadable(`OpenStreetMap node ${id} lies outside longitude/latitude (${lon}, ${lat})`);
  return { type: 'node', id, lon, lat };
}

function toWay(w: XmlWay): OsmElement {
  const id = num(w.id, 'way id');
  const tags: Record<string, string> = {};
  for (const t of w.tag ?? []) if (t.k !== undefined && t.v !== undefined) Object.defineProperty(tags, t.k, { value: t.v, enumerable: true, writable: true, configurable: true });
  return { type: 'way', id, refs: (w.nd ?? []).map((nd) => num(nd.ref, `nd ref of way ${id}`)), tags };
}

function parseRun(kind: string, xml: string[]): OsmElement[] {
  let doc: { b?: { node?: XmlAttrs[]; way?: XmlWay[] } | string };
  try {
    doc = parser.parse(`<b>${xml.join('')}</b>`, true) as typeof doc;
  } catch (e) {
    throw unreadable(`the file is not valid OpenStreetMap XML: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`);
  }
  const body = typeof doc.b === 'object' ? doc.b : {};
  if (kind === 'node') return (body.node ?? []).map(toNode);
  return (body.way ?? []).map(toWay);
}

/** Where the start tag that opens at `from` ends (the index of its ">"), quotes respected; -1 if not yet read. */
function startTagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

function checkRoot(tag: string): void {
  const version = /\sversion\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
  if (version !== '0.6') throw unreadable(`OpenStreetMap XML version 0.6 was expected, the file says ${JSON.stringify(version ?? null)}`);
}

/** Yields the file's nodes and ways in order, in batches; relations are counted, not read. */
export async function* osmXmlElements(path: string, counter: { bytes: number }): AsyncGenerator<OsmElement[]> {
  const file = fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let text = '';
  let pos = 0;
  let root: 'before' | 'inside' | 'after' = 'before';
  let run: string[] = [];
  let runKind = '';
  let runChars = 0;
  const flush = (): OsmElement[] => {
    const out = run.length ? parseRun(runKind, run) : [];
    [run, runChars] = [[], 0];
    return out;
  };
  try {
    for await (const chunk of file as AsyncIterable<string>) {
      counter.bytes += Buffer.byteLength(chunk);
      text = text.slice(pos) + chunk;
      pos = 0;
      for (;;) {
        const lt = text.indexOf('<', pos);
        if (lt < 0) {
          pos = text.length;
          break;
        }
        pos = lt;
        if (text.length - lt < 10 && !text.startsWith('</', lt)) break; // too little to tell what opens here
        if (text.startsWith('<!--', lt)) {
          const end = text.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
          continue;
        }
        if (text.startsWith('<!', lt)) throw hostile();
        if (text.startsWith('<?', lt)) {
          const end = text.indexOf('?>', lt);
          if (end < 0) break;
          const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(text.slice(lt, end))?.[1];
          if (encoding && !/^utf-?8$/i.test(encoding)) throw unreadable(`OpenStreetMap XML is UTF-8; the file declares ${encoding}`);
          pos = end + 2;
          continue;
        }
        const tagEnd = startTagEnd(text, lt);
        if (tagEnd < 0) break;
        const name = /^<\/?([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 64))?.[1];
        if (!name) throw unreadable('the file is not OpenStreetMap XML (a "<" that opens no element)');
        if (text[lt + 1] === '/') {
          if (name !== 'osm' || root !== 'inside') throw unreadable(`the OpenStreetMap XML closes </${name}> where it was not open`);
          root = 'after';
          pos = tagEnd + 1;
          continue;
        }
        if (name === 'osm') {
          if (root !== 'before') throw unreadable('the OpenStreetMap XML has more than one <osm> element');
          checkRoot(text.slice(lt, tagEnd));
          root = text[tagEnd - 1] === '/' ? 'after' : 'inside';
          pos = tagEnd + 1;
          continue;
        }
        if (root !== 'inside') throw unreadable(root === 'before' ? `the file is not OpenStreetMap XML: <${name.slice(0, 40)}> where <osm> was expected` : 'the OpenStreetMap XML goes on after </osm>');
        let end = tagEnd + 1;
        if (text[tagEnd - 1] !== '/') {
          const close = text.indexOf(`</${name}`, tagEnd);
          if (close < 0) break;
          const closeEnd = text.indexOf('>', close);
          if (closeEnd < 0) break;
          end = closeEnd + 1;
        }
        const element = text.slice(lt, end);
        pos = end;
        if (/<!(?!--)/.test(element)) throw hostile();
        if (name === 'relation') {
          yield [...flush(), { type: 'relation' }];
          continue;
        }
        if (name !== 'node' && name !== 'way') continue; // bounds, changeset…: nothing for the roads
        if (name !== runKind || runChars >= BATCH_CHARS) {
          const out = flush();
          if (out.length) yield out;
          runKind = name;
        }
        run.push(element);
        runChars += element.length;
      }
      if (text.length - pos > MAX_ELEMENT_CHARS) throw tooLarge(`an element of the OpenStreetMap XML is longer than ${MAX_ELEMENT_CHARS} characters`);
    }
    const out = flush();
    if (out.length) yield out;
    if (text.slice(pos).trim() !== '' || root !== 'after') throw unreadable(root === 'before' ? 'the file is not OpenStreetMap XML (no <osm> element)' : 'the OpenStreetMap XML ends before </osm> (truncated)');
  } finally {
    file.destroy();
  }
}
