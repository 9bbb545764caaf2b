/** OpenAPI entries of the export route for analysis results (merged into /ogc/api by server/app/openapi-paths.ts). */
import { FILE_FORMATS } from './export-formats.ts';
import { exportQuery, fileAnswer } from './contract.ts';
import { busyResponse, zodBody, zodParameters } from '../http/openapi-zod.ts';
import { anyFeatureCollection } from '../http/geojson-contract.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function exportPaths(): Record<string, Obj> {
  return {
    '/api/export': {
      post: {
        tags: ['service'], operationId: 'exportFeatures', summary: 'a GeoJSON FeatureCollection (e.g. an analysis result) as a GeoJSON, CSV, GeoPackage or FlatGeobuf file',
        parameters: zodParameters(exportQuery),
        requestBody: zodBody(anyFeatureCollection, ['application/geo+json', 'application/json']),
        responses: {
          '200': fileAnswer('the file (Content-Disposition: attachment)', FILE_FORMATS),
          '400': error('bad f or name'), '413': error('body larger than BODY_LIMIT'), '415': error('not JSON (application/geo+json or application/json)'), '422': error('not a FeatureCollection'), '503': busyResponse(),
        },
      },
    },
  };
}
