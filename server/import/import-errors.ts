/** A file reader's ImportError as the answer a client gets: its status by the kind of problem. */
import { HttpError } from '../http/errors.ts';
import { ImportError, type ImportProblem } from './file-errors.ts';

const STATUS: Record<ImportProblem, number> = {
  too_large: 413,
  unreadable: 422,
  unsupported: 422,
  wrong_format: 415,
  needs_option: 400,
};

export const toHttpError = (e: ImportError): HttpError => new HttpError(STATUS[e.problem], e.code, e.message, e.details);

/** An ImportError as an HttpError; anything else as it is. */
export const asHttpError = (e: unknown): unknown => (e instanceof ImportError ? toHttpError(e) : e);
