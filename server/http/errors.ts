/**
 * Errors carry their HTTP status; one middleware writes them as
 * { "error": { "code", "message", "details" } }.
 */
import type { ErrorRequestHandler } from 'express';

export interface ErrorDetail {
  /** The offending field, e.g. "properties.capacity" or "geometry.coordinates[0][3]". */
  field?: string;
  message: string;
  [extra: string]: unknown;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
    /** Extra members of the error body (e.g. the current feature on a 412). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) => new HttpError(400, 'bad_request', message, details);
export const invalid = (message: string, details: ErrorDetail[]) => new HttpError(422, 'validation_failed', message, details);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const unauthorized = (message: string) =>
  new HttpError(401, 'unauthorized', message, [], { 'WWW-Authenticate': 'Bearer realm="onemap"' });
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);

/** Database errors that mean "the database is not there" rather than "the request is wrong". */
function isUnavailable(err: { code?: unknown; message?: unknown }): boolean {
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code) ||
    /Knex: Timeout acquiring a connection|Unable to acquire a connection|Connection terminated|connect ECONNREFUSED|PGlite is closed/i.test(message)
  );
}

/**
 * A unique index refused a row (PostgreSQL 23505), e.g. two writers that both passed a check for a
 * free code. The field is named when the index's name tells it: `<table>_<column>_live` are the
 * layers' unique attributes of live features (properties.<column>), `<table>_<column>_key`,
 * `…_unique` and `…_lower` plain columns.
 */
function duplicate(err: { table?: unknown; constraint?: unknown }): HttpError {
  const table = typeof err.table === 'string' ? err.table : '';
  const constraint = typeof err.constraint === 'string' ? err.constraint : '';
  const m = table && constraint.startsWith(`${table}_`) ? /^(\w+?)_(live|key|unique|lower)$/.exec(constraint.slice(table.length + 1)) : null;
  const field = m ? (m[2] === 'live' ? `properties.${m[1]}` : m[1]) : undefined;
  const message = field ? `another record already has this ${m![1]}; it must be unique` : 'another record already has this value; it must be unique';
  return new HttpError(409, 'duplicate_code', message, [{ ...(field ? { field } : {}), message: 'must be unique' }]);
}

export function errorMiddleware(log: (msg: string) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = (err ?? {}) as { status?: number; type?: string; code?: string; message?: string; table?: unknown; constraint?: unknown };
    let error: HttpError;
    if (err instanceof HttpError) error = err;
    else if (e.type === 'entity.too.large') error = new HttpError(413, 'payload_too_large', `request body larger than the limit (${e.message ?? ''})`);
    else if (e.type === 'entity.parse.failed') error = new HttpError(400, 'malformed_json', 'request body is not valid JSON');
    else if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') error = new HttpError(415, 'unsupported_encoding', e.message ?? 'unsupported encoding');
    // A library's own 4xx (e.g. send's 404 for a missing file) keeps a code that matches its status.
    else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) error = new HttpError(e.status, e.status === 404 ? 'not_found' : 'bad_request', e.message ?? 'bad request');
    // Text PostgreSQL cannot store (NUL, broken encoding) is the request's fault, whichever route let it through.
    else if (e.code === '22021' || e.code === '22P05') error = new HttpError(400, 'unstorable_text', 'the request holds text the database cannot store (a NUL character or a broken encoding)');
    else if (e.code === '23505') error = duplicate(e);
    else if (isUnavailable(e)) error = new HttpError(503, 'database_unavailable', 'the database is unreachable; try again shortly');
    else if (e.code === '57014') error = new HttpError(503, 'query_timeout', 'the query took too long and was cancelled');
    else {
      log(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      error = new HttpError(500, 'internal_error', 'internal server error');
    }
    res.status(error.status).set(error.headers).json({
      error: { code: error.code, message: error.message, details: error.details, ...error.extra },
    });
  };
}
