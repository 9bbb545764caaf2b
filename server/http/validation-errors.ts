/**
 * The one translation of a zod validation failure into the error details of the API: one
 * `{ field, message }` per problem, the field named the same way on every route and in every
 * start-up check — its path, names dotted and list indexes bracketed as the hand-made details of
 * geometries and drafts have them (`properties.capacity`, `factors[0].bins[2].min`), `(root)` for
 * the whole body or query, and an unknown key by its own path (`properties.colour`).
 * It imports nothing at run time, so any floor may use it.
 */
import type { z } from 'zod';

export const ROOT_FIELD = '(root)';

/** One problem, as the API's error details list it (an ErrorDetail whose field is always named). */
// A type, not an interface, so that it fits ErrorDetail's index signature.
export type FieldError = { field: string; message: string };

export interface FieldNaming {
  /** Put before every path, e.g. "properties" when the schema checks a feature's properties. */
  prefix?: string;
  /** The message for a key the schema does not know. */
  unknownKey?: (key: string) => string;
}

function fieldName(parts: readonly PropertyKey[]): string {
  const name = parts.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return name.replace(/^\./, '') || ROOT_FIELD;
}

export function validationDetails(error: z.ZodError, naming: FieldNaming = {}): FieldError[] {
  const head = naming.prefix ? [naming.prefix] : [];
  const unknown = naming.unknownKey ?? ((key: string) => `unknown field "${key}"`);
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: fieldName([...head, ...i.path, k]), message: unknown(k) }))
      : [{ field: fieldName([...head, ...i.path]), message: i.message }],
  );
}

/** The same details as one line per problem ("field: message"), for a file or setting refused at start-up. */
export function validationSummary(error: z.ZodError, separator = '; '): string {
  return validationDetails(error)
    .map((d) => `${d.field}: ${d.message}`)
    .join(separator);
}
