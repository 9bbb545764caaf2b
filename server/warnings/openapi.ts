/** OpenAPI entry of the warning intake (merged into /ogc/api by server/app/openapi-paths.ts). */
import { errorResponse as error, zodAnswer } from '../http/openapi-zod.ts';
import { cancelAnswer, warningFeature } from './contract.ts';
import { CAP_TYPES, JSON_TYPES } from './routes.ts';
import { featureBodySchema } from '../features/openapi.ts';
import { warnings } from '../layers/warnings.ts';

type Obj = Record<string, unknown>;

export function warningPaths(): Record<string, Obj> {
  return {
    '/api/warnings': {
      post: {
        tags: ['warnings'], summary: 'take in a warning: a CAP 1.2 alert (Alert, Update or Cancel) or a GeoJSON Feature', operationId: 'postWarning', security: [{ bearer: [] }, { session: [] }],
        requestBody: {
          required: true,
          content: {
            ...Object.fromEntries(CAP_TYPES.map((t) => [t, { schema: { type: 'string' } }])),
            ...Object.fromEntries(JSON_TYPES.map((t) => [t, { schema: featureBodySchema('', warnings) }])),
          },
        },
        responses: {
          '200': zodAnswer(cancelAnswer, 'a Cancel: { cancelled: [codes] }'),
          '201': zodAnswer(warningFeature, 'the warning created (ETag and Location headers)', ['application/geo+json']),
          '400': error('the CAP alert cannot be read'), '401': error('not signed in'), '403': error('the role may not write warnings'),
          '413': error('body too large'), '415': error('neither CAP nor GeoJSON'), '422': error('the feature fails the warnings schema'),
        },
      },
    },
  };
}
