/**
 * Why a file cannot be imported, as the file readers say it: what kind of problem, a code, a
 * message and the fields at fault. The readers know nothing of HTTP; the import's boundary
 * (import-file.ts) turns these into answers with their statuses (import-errors.ts).
 */
export type ImportProblem =
  /** Bigger, wider or longer than the configured caps. */
  | 'too_large'
  /** Not what it claims to be: damaged, truncated, not valid in its format. */
  | 'unreadable'
  /** Valid, but in a form OneMap does not read (a coordinate system, an encoding, unsafe XML). */
  | 'unsupported'
  /** A format OneMap does not take as it was sent (a bare .shp). */
  | 'wrong_format'
  /** The file can be read once the importer names something (a layer of a zip, a column). */
  | 'needs_option';

export interface ImportErrorDetail {
  field?: string;
  message: string;
  [key: string]: unknown;
}

export class ImportError extends Error {
  constructor(
    readonly problem: ImportProblem,
    readonly code: string,
    message: string,
    readonly details: ImportErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** A file that is too big, too wide or too long for the configured caps. */
export const tooLarge = (message: string, field = 'file') => new ImportError('too_large', 'file_too_large', message, [{ field, message }]);

/** A file that cannot be read as what it claims to be. */
export const unreadable = (message: string, field = 'file') => new ImportError('unreadable', 'unreadable_file', message, [{ field, message }]);
