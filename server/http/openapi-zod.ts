/**
 * OpenAPI pieces made from the zod schemas the routes validate with, so that the document says
 * what the route accepts: query parameters from an object schema, request bodies from any schema;
 * and from each capability's contract, what it answers.
 */
import { z } from 'zod';

type Obj = Record<string, unknown>;

/**
 * OpenAPI 3.0 reads `nullable` only beside a `type`: on an `anyOf` (what zod writes for a nullable
 * union) validators ignore it, and Prism then lets any value through. Each alternative says it instead.
 */
function nullableIntoAlternatives(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableIntoAlternatives);
  if (node === null || typeof node !== 'object') return;
  const o = node as Obj;
  if (o.nullable === true && o.type === undefined && Array.isArray(o.anyOf)) {
    delete o.nullable;
    const mark = (alts: Obj[]): void => alts.forEach((a) => (a.type === undefined && Array.isArray(a.anyOf) ? mark(a.anyOf as Obj[]) : (a.nullable = true)));
    mark(o.anyOf as Obj[]);
  }
  Object.values(o).forEach(nullableIntoAlternatives);
}

function toOpenApi(schema: z.ZodType, io: 'input' | 'output'): Obj {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Obj;
  nullableIntoAlternatives(rest);
  return rest;
}

/** The schema as OpenAPI 3.0 sees the input (defaults make a field optional). */
export function openApiSchema(schema: z.ZodType): Obj {
  return toOpenApi(schema, 'input');
}

/** One OpenAPI parameter per field of an object schema (in the query or the path). */
export function zodParameters(schema: z.ZodObject, where: 'query' | 'path' = 'query'): Obj[] {
  const json = openApiSchema(schema) as { properties?: Record<string, Obj>; required?: string[] };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: where, required: where === 'path' || required.has(name), schema: rest, ...(description ? { description } : {}) };
  });
}

/** A JSON request body checked by this schema. */
export function zodBody(schema: z.ZodType, types: readonly string[] = ['application/json']): Obj {
  const s = openApiSchema(schema);
  return { required: true, content: Object.fromEntries(types.map((t) => [t, { schema: s }])) };
}

/** The schema as OpenAPI 3.0 sees the output (what the route answers). */
export function answerSchema(schema: z.ZodType): Obj {
  return toOpenApi(schema, 'output');
}

/** A documented answer whose body follows this contract schema, in each media type it is served as. */
export function zodAnswer(schema: z.ZodType, description: string, mediaTypes: readonly string[] = ['application/json']): Obj {
  const s = answerSchema(schema);
  return { description, content: Object.fromEntries(mediaTypes.map((t) => [t, { schema: s }])) };
}

export const errorResponse = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
/** The worker pool shed the request or its task ran past its deadline (Retry-After says when to try again). */
export const busyResponse = (): Obj => errorResponse('busy: the worker pool is full or the task took too long; see Retry-After');
