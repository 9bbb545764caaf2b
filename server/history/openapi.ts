/** OpenAPI entries of the history routes (merged into /ogc/api by server/app/openapi-paths.ts). */
import { zodAnswer } from '../http/openapi-zod.ts';
import { historyAnswer, restoredAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const q = (name: string, schema: Obj, description: string, required = false): Obj => ({ name, in: 'query', required, schema, description });
const staff = [{ bearer: [] }, { session: [] }];

export function historyPaths(): Record<string, Obj> {
  return {
    '/api/history': {
      get: {
        tags: ['service'], summary: 'recorded versions of a feature, or the latest changes of a collection (staff)', operationId: 'history', security: staff,
        parameters: [
          q('collection', { type: 'string' }, 'collection id', true),
          q('id', { type: 'integer', minimum: 1 }, 'feature id; without it, the collection’s entries'),
          q('op', { type: 'string', enum: ['create', 'update', 'delete', 'restore', 'purge'] }, 'only entries of this kind (e.g. delete, to find what to restore)'),
          q('limit', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, 'entries per page'),
          q('offset', { type: 'integer', minimum: 0, default: 0 }, 'entries to skip'),
        ],
        responses: {
          '200': zodAnswer(historyAnswer, '{ entries: [{ version, op, by, at, note, changes: [{ field, before, after }], geometry_changed }] }, newest first'),
          '400': error('bad query'), '401': error('not signed in'), '404': error('no such collection or feature'),
        },
      },
    },
    '/api/history/restore': {
      post: {
        tags: ['service'], summary: 'bring back a deleted feature, or an old version, as a new version (writers of the collection)', operationId: 'restore', security: staff,
        parameters: [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'ETag of the current version, to restore only if nobody changed it since' }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['collection', 'id'], properties: { collection: { type: 'string' }, id: { type: 'integer', minimum: 1 }, version: { type: 'integer', minimum: 1, description: 'absent: undo the deletion' } } } } },
        },
        responses: {
          '200': zodAnswer(restoredAnswer, 'the restored feature, with its new ETag', ['application/geo+json']),
          '401': error('not signed in'), '403': error('role may not write the collection'), '404': error('no such feature or version'),
          '409': error('not deleted (name a version), the version is a deletion, or the code is now taken'), '412': error('If-Match does not match'), '422': error('bad body'),
        },
      },
    },
  };
}
