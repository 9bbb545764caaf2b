/**
 * Sends an analysis answer the way the client asked for it, so that a browser never has to
 * parse a province's 16 MB to draw a map:
 * - no `include`: the whole answer, as always;
 * - `include=summary`: the answer without its long lists, with links to each list;
 * - `include=<list>&offset=&limit=`: one page of a list (features as a FeatureCollection);
 * - `include=<list>&f=csv|geojson|gpkg|fgb`: the whole list as a file (features only for gpkg/fgb).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { baseUrl } from '../http/base-url.ts';
import { badRequest } from '../http/errors.ts';
import type { WorkerPool } from '../workers/worker-pool.ts';
import { attachment } from '../export/send-export.ts';
import { EXPORT_TASKS } from '../export/export-tasks.ts';
import type { FileFormat } from '../export/export-formats.ts';
import { partSlice, type AnswerText } from './answer-parts.ts';

/** Query parameters that shape the answer (never the question). */
export const answerShape = {
  include: z.string().regex(/^[a-z_]{1,40}$/, 'summary or the name of a list of the answer').optional(),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  f: z.enum(['json', 'geojson', 'csv', 'gpkg', 'fgb']).optional(),
};

export type AnswerShape = { include?: string; offset: number; limit: number; f?: 'json' | 'geojson' | 'csv' | 'gpkg' | 'fgb' };

/** The question's parameters: the query without the answer's shape. */
export function questionOf<Q extends AnswerShape>(q: Q): Omit<Q, keyof AnswerShape> {
  const { include: _i, offset: _o, limit: _l, f: _f, ...rest } = q;
  return rest;
}

function pageUrl(req: Request, publicUrl: string | undefined, changes: Record<string, string | number | undefined>): string {
  const u = new URL(`${baseUrl(req, publicUrl)}${req.originalUrl}`);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  return u.toString();
}

export interface AnswerResponseDeps {
  pool: WorkerPool;
  publicUrl: string | undefined;
  /** A name for downloaded files, e.g. "catchments". */
  name: string;
}

export async function sendAnswer(req: Request, res: Response, answer: AnswerText, shape: AnswerShape, deps: AnswerResponseDeps): Promise<void> {
  if (!shape.include) {
    if (shape.f && shape.f !== 'json') throw badRequest('f= downloads one list of the answer: add include=<list>', [{ field: 'f', message: `name a list: ${Object.keys(answer.parts).join(', ')}` }]);
    // The worker's bytes (gzipped there when the client takes gzip) with the worker's ETag: the
    // event loop neither encodes, hashes nor compresses 16 MB. A set Content-Encoding makes the
    // compression middleware leave the answer as it is.
    res.set('ETag', answer.etag).vary('Accept-Encoding').type('application/json');
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    if (gzip) res.set('Content-Encoding', 'gzip');
    const bytes = gzip ? answer.gzipped : answer.body;
    return void res.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
  if (shape.include === 'summary') {
    const links = Object.entries(answer.parts).map(([name, p]) => ({
      rel: 'item',
      title: `${name} (${p.count})`,
      type: 'application/json',
      href: pageUrl(req, deps.publicUrl, { include: name, offset: 0, limit: Math.min(1000, Math.max(1, p.count)), f: undefined }),
    }));
    return void res.type('application/json').send(`${answer.summary.slice(0, -1)},"links":${JSON.stringify(links)}}`);
  }
  const part = answer.parts[shape.include];
  if (!part) throw badRequest(`the answer has no list "${shape.include}"`, [{ field: 'include', message: `summary or one of ${Object.keys(answer.parts).join(', ')}` }]);
  if (shape.f && shape.f !== 'json') {
    if ((shape.f === 'gpkg' || shape.f === 'fgb') && part.kind !== 'features') {
      throw badRequest(`${shape.include} is a list of rows, not features: download it as csv or geojson`, [{ field: 'f', message: 'csv or geojson' }]);
    }
    const file = await deps.pool.run<Uint8Array>('encodePart', { format: shape.f, name: `${deps.name}-${shape.include}`, kind: part.kind, text: part.bytes }, { file: EXPORT_TASKS });
    attachment(res, shape.f as FileFormat, `${deps.name}-${shape.include}`);
    return void res.send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  }
  const { bytes, returned } = partSlice(part, shape.offset, shape.limit);
  const links: Array<{ rel: string; href: string; type: string }> = [];
  if (shape.offset + returned < part.count) links.push({ rel: 'next', type: 'application/json', href: pageUrl(req, deps.publicUrl, { offset: shape.offset + returned, limit: shape.limit }) });
  if (shape.offset > 0) links.push({ rel: 'prev', type: 'application/json', href: pageUrl(req, deps.publicUrl, { offset: Math.max(0, shape.offset - shape.limit), limit: shape.limit }) });
  const head = `"numberMatched":${part.count},"numberReturned":${returned},"offset":${shape.offset},"links":${JSON.stringify(links)}`;
  const wrap = (open: string) => Buffer.concat([Buffer.from(open), bytes, Buffer.from(']}')]);
  if (part.kind === 'features') return void res.type('application/geo+json').send(wrap(`{"type":"FeatureCollection",${head},"features":[`));
  res.type('application/json').send(wrap(`{"list":${JSON.stringify(shape.include)},${head},"items":[`));
}
