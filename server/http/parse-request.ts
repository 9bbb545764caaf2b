/** Parses a query or body with a zod schema; failures become a 400/422 naming each field. */
import type { z } from 'zod';
import { badRequest, invalid } from './errors.ts';

function details(error: z.ZodError) {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: [...i.path.map(String), k].join('.'), message: 'not a parameter of this route' }))
      : [{ field: i.path.map(String).join('.') || '(root)', message: i.message }],
  );
}

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const r = schema.safeParse(query);
  if (!r.success) throw badRequest('bad query parameters', details(r.error));
  return r.data;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw invalid('the request body is not valid', details(r.error));
  return r.data;
}
