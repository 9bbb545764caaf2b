/** A filter that cannot be read or run: a 400 naming where (1-based character) and what was expected. */
import { badRequest, type HttpError } from '../../http/errors.ts';

export class Cql2Error extends Error {
  constructor(
    /** 0-based offset in the filter text. */
    readonly at: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`at character ${at + 1}: expected ${expected}, found ${found}`);
  }
}

/** A filter refused for what it asks rather than how it is written (unknown property, caps, types). */
export class Cql2Refusal extends Error {
  constructor(
    message: string,
    readonly at?: number,
  ) {
    super(message);
  }
}

export function filterError(err: Cql2Error | Cql2Refusal): HttpError {
  const where = err.at === undefined ? {} : { position: err.at + 1 };
  return badRequest(`filter: ${err.message}`, [{ field: 'filter', message: err.message, ...where }]);
}
