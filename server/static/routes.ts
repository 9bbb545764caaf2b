/**
 * The built web client (web/dist): hashed assets cached for a year, precompressed copies
 * (.br, .gz, written by the build) served to browsers that accept them, and index.html for
 * the client's own pages (/, /card/{code}, the staff workspaces), always revalidated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { HttpError } from '../http/errors.ts';

export interface StaticOptions {
  /** The built client (web/dist). */
  distDir: string;
}

/** Paths the client routes itself: each answers with index.html. */
const CLIENT_PAGES = [/^\/$/, /^\/card\/[^/]{1,40}$/, /^\/(planner|geohazard)\/?$/];
const YEAR = 'public, max-age=31536000, immutable';
const ENCODINGS: Array<[string, string]> = [['br', '.br'], ['gzip', '.gz']];

function exists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Sends a file, or its precompressed copy when the browser accepts that encoding. */
function sendFile(req: Request, res: Response, file: string, cacheControl: string): void {
  res.set('Cache-Control', cacheControl).set('Vary', 'Accept-Encoding');
  res.type(path.extname(file));
  for (const [encoding, ext] of ENCODINGS) {
    if (req.acceptsEncodings(encoding) === encoding && exists(file + ext)) {
      res.set('Content-Encoding', encoding);
      return void res.sendFile(file + ext, { etag: true, lastModified: true });
    }
  }
  res.sendFile(file, { etag: true, lastModified: true });
}

export function staticRoutes(options: StaticOptions): Router {
  const r = Router();
  const root = path.resolve(options.distDir);
  const index = path.join(root, 'index.html');

  r.get(CLIENT_PAGES, (req, res) => {
    if (!exists(index)) {
      throw new HttpError(503, 'web_client_not_built', 'the web client is not built: run `npm run build:web` (npm start builds it)');
    }
    sendFile(req, res, index, 'no-cache');
  });

  r.get(/^\/(assets\/[\w.-]+|[\w-]+\.(svg|png|ico|webmanifest|txt))$/, (req, res, next) => {
    const file = path.join(root, req.path);
    if (!file.startsWith(root + path.sep) || !exists(file)) return next();
    // Vite names assets by content hash, so they never change under their name.
    sendFile(req, res, file, req.path.startsWith('/assets/') ? YEAR : 'public, max-age=3600');
  });
  return r;
}
