/**
 * How a task answers across the thread boundary. An error thrown in a worker loses its class and
 * fields on the way back, so a task catches its HttpError (a 4xx the client must see, with its
 * details) and returns it as data; the pool throws it again on the event loop's side.
 */
import { HttpError, type ErrorDetail } from '../http/errors.ts';

interface SentError {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
  headers: Record<string, string>;
  extra: Record<string, unknown>;
}

export type TaskOutcome<R> = { ok: true; value: R } | { ok: false; error: SentError };

/** Wraps a task function for a worker module: `export const coverage = task(async (input) => …)`. */
export function task<I, R>(fn: (input: I) => R | Promise<R>): (input: I) => Promise<TaskOutcome<R>> {
  return async (input) => {
    try {
      return { ok: true, value: await fn(input) };
    } catch (e) {
      if (e instanceof HttpError) return { ok: false, error: { status: e.status, code: e.code, message: e.message, details: e.details, headers: e.headers, extra: e.extra } };
      throw e;
    }
  };
}

/** The task's value, or its error thrown again as the HttpError it was. */
export function unwrap<R>(outcome: TaskOutcome<R>): R {
  if (outcome.ok) return outcome.value;
  const e = outcome.error;
  throw new HttpError(e.status, e.code, e.message, e.details, e.headers, e.extra);
}
