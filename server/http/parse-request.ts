/** Parses a query or body with a zod schema; failures become a 400/422 naming each field. */
import type { z } from 'zod';
import { badRequest, invalid } from './errors.ts';
import { validationDetails } from './validation-errors.ts';

const notAParameter = { unknownKey: () => 'not a parameter of this route' };

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const r = schema.safeParse(query);
  if (!r.success) throw badRequest('bad query parameters', validationDetails(r.error, notAParameter));
  return r.data;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw invalid('the request body is not valid', validationDetails(r.error));
  return r.data;
}
