/**
 * Receives an import upload (multipart/form-data): the "file" part streamed to a private
 * folder and counted against the cap as it arrives, and the optional "mapping" part (JSON).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import busboy from 'busboy';
import { HttpError, badRequest } from '../http/errors.ts';
import { tooLarge as fileTooLarge } from './file-errors.ts';
import { toHttpError } from './import-errors.ts';
import { megabytes } from './limits.ts';

const tooLarge = (message: string, field?: string) => toHttpError(fileTooLarge(message, field));

export interface Upload {
  path: string;
  /** The file name the client gave (it decides nothing but the format hint and the report). */
  name: string;
  bytes: number;
  mapping?: unknown;
}

const MAX_MAPPING_BYTES = 256 * 1024;

export function receiveUpload(req: Request, maxBytes: number, dir: string): Promise<Upload> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(new HttpError(415, 'unsupported_media_type', 'send the file as multipart/form-data with a part named "file"', [{ field: 'Content-Type', message: `got "${req.get('content-type') ?? 'none'}"` }]));
  }
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes + MAX_MAPPING_BYTES + 64 * 1024) {
    return Promise.reject(tooLarge(`the upload is ${megabytes(declared)}; at most ${megabytes(maxBytes)} is accepted`));
  }
  return new Promise<Upload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 4, parts: 6, fileSize: maxBytes, fieldSize: MAX_MAPPING_BYTES } });
    } catch (e) {
      return reject(badRequest(`the multipart body cannot be read: ${(e as Error).message}`));
    }
    let settled = false;
    const fail = (e: HttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      req.resume(); // drain the rest so that the error response reaches the client
      reject(e);
    };
    let saving: Promise<void> | undefined;
    let upload: Upload | undefined;
    let mapping: unknown;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return fail(badRequest(`unexpected file part "${field}"; send the file in a part named "file"`, [{ field, message: 'unexpected part' }]));
      }
      const name = path.basename(info.filename || 'upload');
      const target = path.join(dir, `upload${path.extname(name).toLowerCase().replace(/[^.a-z0-9]/g, '')}`);
      const u: Upload = { path: target, name, bytes: 0 };
      upload = u;
      stream.on('data', (chunk: Buffer) => (u.bytes += chunk.length));
      stream.on('limit', () => fail(tooLarge(`the file is larger than ${megabytes(maxBytes)}, the cap on uploads`)));
      saving = pipeline(stream, fs.createWriteStream(target));
      saving.catch((e: unknown) => fail(badRequest(`the upload was interrupted: ${(e as Error).message}`)));
    });
    bb.on('field', (field, value, info) => {
      if (field !== 'mapping') return fail(badRequest(`unexpected form field "${field}"; options go in the query string`, [{ field, message: 'allowed parts: file, mapping' }]));
      if (info.valueTruncated) return fail(tooLarge('the mapping part is too long', 'mapping'));
      try {
        mapping = JSON.parse(value) as unknown;
      } catch {
        fail(badRequest('the mapping part is not valid JSON', [{ field: 'mapping', message: 'expected a JSON object' }]));
      }
    });
    bb.on('partsLimit', () => fail(badRequest('too many parts in the upload; send "file" and optionally "mapping"')));
    bb.on('filesLimit', () => fail(badRequest('send one file per import')));
    bb.on('error', (e: unknown) => fail(badRequest(`the multipart body cannot be read: ${(e as Error).message}`)));
    bb.on('close', () => {
      void (async () => {
        if (settled) return;
        if (!upload || !saving) return fail(badRequest('no file: send it in a multipart part named "file"', [{ field: 'file', message: 'missing' }]));
        try {
          await saving;
        } catch {
          return;
        }
        if (settled) return;
        settled = true;
        resolve({ ...upload, ...(mapping !== undefined ? { mapping } : {}) });
      })();
    });
    req.on('aborted', () => fail(badRequest('the upload was aborted')));
    req.pipe(bb);
  });
}
