/** OpenAPI entries of the history routes (merged into /ogc/api by server/app/openapi-paths.ts). */
import { zodAnswer, zodBody, zodParameters } from '../http/openapi-zod.ts';
import { historyAnswer, historyQuery, restoreBody, restoredAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const staff = [{ bearer: [] }, { session: [] }];

export function historyPaths(): Record<string, Obj> {
  return {
    '/api/history': {
      get: {
        tags: ['service'], summary: 'recorded versions of a feature, or the latest changes of a collection (staff)', operationId: 'history', security: staff,
        parameters: zodParameters(historyQuery),
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
        requestBody: zodBody(restoreBody),
        responses: {
          '200': zodAnswer(restoredAnswer, 'the restored feature, with its new ETag', ['application/geo+json']),
          '401': error('not signed in'), '403': error('role may not write the collection'), '404': error('no such feature or version'),
          '409': error('not deleted (name a version), the version is a deletion, or the code is now taken'), '412': error('If-Match does not match'), '422': error('bad body'),
        },
      },
    },
  };
}
