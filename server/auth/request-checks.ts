/** Small request checks shared by the auth routes. */
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpError, invalid, notFound } from '../http/errors.ts';
import { validationDetails } from '../http/validation-errors.ts';

/** A JSON body only: a cross-site HTML form cannot send one without a CORS preflight. */
export function requireJson(req: Request): void {
  if (!req.is('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'send the request body as application/json', [{ field: 'Content-Type', message: `got "${req.get('content-type') ?? 'none'}"` }]);
  }
}

export function parseBody<T>(schema: z.ZodType<T>, req: Request, what: string): T {
  requireJson(req);
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) throw invalid(`bad ${what}`, validationDetails(parsed.error));
  return parsed.data;
}

export function idParam(req: Request, what: string): number {
  const raw = String(req.params.id);
  if (!/^\d{1,9}$/.test(raw)) throw notFound(`no ${what} "${raw.slice(0, 40)}"`);
  return Number(raw);
}

/** Served over TLS, directly or through a trusted proxy, or configured as https. */
export function isSecure(req: Request, publicUrl: string | undefined): boolean {
  return req.secure || (publicUrl ?? '').startsWith('https:');
}
