/**
 * OpenAPI paths of the routes outside /ogc (health, analysis, tiles, …). Each capability
 * adds its entries here so that /ogc/api describes every route of the service.
 */
type Obj = Record<string, unknown>;

const errorRef = { $ref: '#/components/schemas/Error' };
const json = (description: string): Obj => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

export function extraPaths(): Record<string, Obj> {
  return {
    '/api/health': {
      get: {
        tags: ['service'], summary: 'health of the service and its database', operationId: 'health',
        responses: { '200': json('{ status: "ok", database, postgis }'), '503': { description: 'database unreachable', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/api/tokens': {
      post: {
        tags: ['service'], summary: 'create an API token (admin)', operationId: 'createToken', security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: { type: 'string', enum: ['admin', 'planner', 'geohazard'] } } } } } },
        responses: { '201': json('{ id, token }: the token is shown once'), '401': { description: 'no token', content: { 'application/json': { schema: errorRef } } }, '403': { description: 'not admin', content: { 'application/json': { schema: errorRef } } } },
      },
    },
  };
}
