/** Strong ETags derived from a feature's version, and If-Match parsing. */
import { HttpError } from '../http/errors.ts';

export const etagFor = (version: number): string => `"v${version}"`;

/**
 * The version that an If-Match header insists on: a number, '*' (any current version),
 * or a 428 when the header is missing so that no write is lost silently.
 */
export function requiredVersion(header: string | undefined): number | '*' {
  if (!header) {
    throw new HttpError(428, 'precondition_required', 'this write needs an If-Match header with the ETag of the version you edited');
  }
  if (header.trim() === '*') return '*';
  const m = /^"v(\d{1,9})"$/.exec(header.trim());
  // A weak or foreign tag can never match a strong one: treat it as a failed precondition.
  return m ? Number(m[1]) : -1;
}
