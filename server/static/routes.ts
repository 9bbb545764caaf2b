/**
 * The built web client (web/dist): hashed assets cached for a year, precompressed copies
 * (.br, .gz, written by the build) served to browsers that accept them, and index.html for
 * the client's own pages (/, /card/{code}, the staff workspaces, /shelter/{id}, /cadre), always
 * revalidated, and the public map's service worker (/sw.js), revalidated too so that a new build's
 * worker replaces the old one at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { HttpError } from '../http/errors.ts';

export interface StaticOptions {
  /** The built client (web/dist). */
  distDir: string;
}

/** Paths the client routes itself: each answers with index.html. */
const CLIENT_PAGES = [/^\/$/, /^\/card\/[^/]{1,40}$/, /^\/(planner|geohazard|operations|cadre)\/?$/, /^\/shelter(\/\d{1,10})?\/?$/];
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
function sendFile(req: Request, res: Response, next: NextFunction, root: string, file: string, cacheControl: string): void {
  // A refused or vanished file becomes the JSON error, without the headers meant for the file.
  const done = (err?: Error) => {
    if (!err || res.headersSent) return;
    for (const h of ['Cache-Control', 'Content-Encoding', 'Content-Type', 'Vary']) res.removeHeader(h);
    next(err);
  };
  res.set('Cache-Control', cacheControl).set('Vary', 'Accept-Encoding');
  res.type(path.extname(file));
  for (const [encoding, ext] of ENCODINGS) {
    if (req.acceptsEncodings(encoding) === encoding && exists(file + ext)) {
      res.set('Content-Encoding', encoding);
      return void res.sendFile(path.relative(root, file + ext), { root, etag: true, lastModified: true }, done);
    }
  }
  // Relative to the root, so only dot-names inside web/dist count as dotfiles: a checkout under
  // ~/.local/… is served like any other.
  res.sendFile(path.relative(root, file), { root, etag: true, lastModified: true }, done);
}

export function staticRoutes(options: StaticOptions): Router {
  const r = Router();
  const root = path.resolve(options.distDir);
  const index = path.join(root, 'index.html');

  r.get(CLIENT_PAGES, (req, res, next) => {
    if (!exists(index)) {
      throw new HttpError(503, 'web_client_not_built', 'the web client is not built: run `npm run build:web` (npm start builds it)');
    }
    sendFile(req, res, next, root, index, 'no-cache');
  });

  // The service worker: never kept by the browser's HTTP cache, and allowed to serve the whole site.
  r.get('/sw.js', (req, res, next) => {
    const file = path.join(root, 'sw.js');
    if (!exists(file)) return next();
    res.set('Service-Worker-Allowed', '/');
    sendFile(req, res, next, root, file, 'no-cache');
  });

  r.get(/^\/(assets\/[\w.-]+|[\w-]+\.(svg|png|ico|webmanifest|txt))$/, (req, res, next) => {
    const file = path.join(root, req.path);
    if (!file.startsWith(root + path.sep) || !exists(file)) return next();
    // Vite names assets by content hash, so they never change under their name.
    sendFile(req, res, next, root, file, req.path.startsWith('/assets/') ? YEAR : 'public, max-age=3600');
  });
  return r;
}
