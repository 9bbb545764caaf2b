/** An error as the command line prints it: the message, then one line per detail (field: why). */
import { HttpError } from '../http/errors.ts';

export function describeError(e: unknown): string {
  if (!(e instanceof HttpError)) return e instanceof Error ? e.message : String(e);
  return [e.message, ...e.details.map((d) => `  ${d.field ? `${d.field}: ` : ''}${d.message}`)].join('\n');
}
