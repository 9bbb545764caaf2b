/**
 * An analysis answer as text, made once in the worker that computed it: the whole body, a
 * summary (everything but the long lists, with how many items each list has), and each long
 * list as one JSON text with the offset of every item. The event loop then serves the whole
 * answer, the summary, or any page of a list by slicing bytes, never parsing or building objects.
 * The large pieces live in shared memory: handing a province answer (tens of MB) from the worker
 * to the event loop copies nothing, where a structured clone would hold the loop for 100 ms.
 *
 * A list is a top-level array of the answer, or the `features` of a top-level FeatureCollection
 * (the answer's own `features` when it is one).
 */

import crypto from 'node:crypto';
import zlib from 'node:zlib';

export interface AnswerPart {
  kind: 'features' | 'rows';
  count: number;
  /** The items joined with commas (no brackets), as UTF-8 in shared memory. */
  bytes: Uint8Array;
  /** offsets[i] is the byte where item i starts; offsets[count] = bytes.length + 1. */
  offsets: Uint32Array;
}

export interface AnswerText {
  /** The whole answer as UTF-8 bytes: the event loop sends them as they are, without encoding or hashing. */
  body: Uint8Array;
  /** The body gzipped once, here: a surge of the same answer must not gzip 16 MB per request. */
  gzipped: Uint8Array;
  /** A weak ETag of the body. */
  etag: string;
  /** The answer without its lists, and `parts: { name: { kind, count } }`. */
  summary: string;
  parts: Record<string, AnswerPart>;
}

/** A copy of `bytes` in shared memory (a SharedArrayBuffer crosses threads without a copy). */
export function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  out.set(bytes);
  return out;
}

/** The list's items as one text, and where each starts. */
function partOf(kind: AnswerPart['kind'], items: readonly unknown[]): { kind: AnswerPart['kind']; count: number; text: string; offsets: Uint32Array } {
  const texts = items.map((x) => JSON.stringify(x));
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (texts.length + 1)));
  let at = 0;
  texts.forEach((t, i) => {
    offsets[i] = at;
    at += Buffer.byteLength(t) + 1;
  });
  offsets[texts.length] = at;
  return { kind, count: texts.length, text: texts.join(','), offsets };
}

const isCollection = (v: unknown): v is { type: 'FeatureCollection'; features: unknown[] } =>
  v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'FeatureCollection' && Array.isArray((v as { features?: unknown }).features);

/** Splits an answer object into its text forms (the object is not changed). */
export function answerText(answer: object): AnswerText {
  const parts: Record<string, ReturnType<typeof partOf>> = {};
  const placeholders = new Map<string, string>();
  const holder = (name: string) => {
    const p = `\u0000part:${name}\u0000`;
    placeholders.set(JSON.stringify(p), name);
    return p;
  };
  const shaped: Record<string, unknown> = {};
  const summary: Record<string, unknown> = {};
  const counts: Record<string, { kind: AnswerPart['kind']; count: number }> = {};
  for (const [key, value] of Object.entries(answer)) {
    if (key === 'features' && Array.isArray(value) && isCollection(answer)) {
      parts.features = partOf('features', value);
      shaped[key] = holder('features');
    } else if (Array.isArray(value)) {
      parts[key] = partOf('rows', value);
      shaped[key] = holder(key);
    } else if (isCollection(value)) {
      parts[key] = partOf('features', value.features);
      shaped[key] = { ...value, features: holder(key) };
      const { features: _f, ...rest } = value;
      summary[key] = rest;
    } else {
      shaped[key] = value;
      summary[key] = value;
    }
    if (parts[key]) counts[key] = { kind: parts[key].kind, count: parts[key].count };
  }
  let body = JSON.stringify(shaped);
  // A function, not a string: `$&` in the data must not be read as a replacement pattern.
  for (const [quoted, name] of placeholders) body = body.replace(quoted, () => `[${parts[name].text}]`);
  const bytes = Buffer.from(body, 'utf8');
  const etag = `W/"${crypto.createHash('sha1').update(bytes).digest('base64url')}"`;
  const sharedParts = Object.fromEntries(Object.entries(parts).map(([name, p]) => [name, { kind: p.kind, count: p.count, bytes: shared(Buffer.from(p.text, 'utf8')), offsets: p.offsets }]));
  return { body: shared(bytes), gzipped: shared(zlib.gzipSync(bytes)), etag, summary: JSON.stringify({ ...summary, parts: counts }), parts: sharedParts };
}

/** A whole part as text (for the service's own use of a list, e.g. an operation's plan). */
export function partText(part: AnswerPart | undefined): string {
  return part ? Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength).toString('utf8') : '';
}

/** Items [offset, offset + limit) of a part, as the UTF-8 JSON text of an array's content (a view, not a copy). */
export function partSlice(part: AnswerPart, offset: number, limit: number): { bytes: Buffer; returned: number } {
  const from = Math.min(offset, part.count);
  const to = Math.min(part.count, from + limit);
  const all = Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength);
  if (to <= from) return { bytes: all.subarray(0, 0), returned: 0 };
  return { bytes: all.subarray(part.offsets[from], part.offsets[to] - 1), returned: to - from };
}
