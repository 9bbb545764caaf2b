/** Strong ETags derived from a feature's version, and If-Match parsing. */
import { HttpError } from '../http/errors.ts';

export const etagFor = (version: number): string => `"v${version}"`;

/** What an If-Match header accepts: any current version ('*') or one of the listed versions. */
export type Precondition = '*' | readonly number[];

/**
 * The versions an If-Match header accepts (RFC 9110: '*' or a comma-separated list of entity
 * tags), or a 428 when the header is missing so that no write is lost silently. Weak and foreign
 * tags never match a strong one, so they are left out of the list.
 */
export function requiredVersions(header: string | undefined): Precondition {
  if (!header) {
    throw new HttpError(428, 'precondition_required', 'this write needs an If-Match header with the ETag of the version you edited');
  }
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  for (const tag of header.split(',')) {
    const m = /^"v(\d{1,9})"$/.exec(tag.trim());
    if (m) versions.push(Number(m[1]));
  }
  return versions;
}

export const versionMatches = (p: Precondition, current: number): boolean => p === '*' || p.includes(current);

/** The single version an If-Match header insists on (a list of several never matches here). */
export function requiredVersion(header: string | undefined): number | '*' {
  const p = requiredVersions(header);
  if (p === '*') return '*';
  return p.length === 1 ? p[0] : -1;
}
