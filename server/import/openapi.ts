/** OpenAPI entries of the import routes (merged into /ogc/api by server/app/openapi-paths.ts). */
import { z } from 'zod';
import { importQuery } from './import-query.ts';

import { zodAnswer } from '../http/openapi-zod.ts';
import { importAnswer, importJobAnswer, importStarted, mappingsAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const staff = [{ bearer: [] }, { session: [] }];
const collection: Obj = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string' }, description: 'collection id (e.g. shelters)' };

/** The query options, from the one zod declaration the route parses with. */
function queryParameters(): Obj[] {
  const schema = z.toJSONSchema(importQuery, { io: 'input' }) as { properties: Record<string, Obj & { description?: string }> };
  return Object.entries(schema.properties).map(([name, { description, ...s }]) => ({ name, in: 'query', required: false, description, schema: s }));
}

export function importPaths(): Record<string, Obj> {
  return {
    '/api/import/{collectionId}': {
      post: {
        tags: ['service'], operationId: 'importFile', security: staff,
        summary: 'import a Shapefile (zip), GeoPackage, GeoJSON or CSV into a collection: dry run report, or all-or-nothing commit (writers of the collection)',
        parameters: [collection, ...queryParameters(), { name: 'Prefer', in: 'header', required: false, schema: { type: 'string', enum: ['respond-async'] }, description: 'answer 202 at once and follow the job' }],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object', required: ['file'],
                properties: {
                  file: { type: 'string', format: 'binary', description: '.zip (Shapefile), .gpkg, .geojson or .csv' },
                  mapping: { type: 'string', description: 'JSON object from the file\'s field names to attribute names (null leaves a field out)' },
                },
              },
            },
          },
        },
        responses: {
          '200': zodAnswer(importAnswer, 'the report: crs, mapping, counts and each row (insert, update, unchanged, skip or reject with reasons)'),
          '202': zodAnswer(importStarted, '{ job, href }: follow GET /api/import/jobs/{id}'),
          '400': error('bad option or mapping'), '401': error('not signed in'), '403': error('role may not write the collection'), '404': error('no such collection'),
          '413': error('file, unpacked archive, columns or rows over the configured caps'), '415': error('not multipart, or a format OneMap does not read'),
          '422': error('unreadable file, unknown coordinate system, or a commit refused because rows were rejected (nothing written; the report is in error.report)'),
        },
      },
    },
    '/api/import/jobs/{jobId}': {
      get: {
        tags: ['service'], operationId: 'importJob', security: staff, summary: 'progress and outcome of an import (its author, or an admin)',
        parameters: [{ name: 'jobId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': zodAnswer(importJobAnswer, '{ status: running|done|failed, progress: { rows_read, accepted, rejected, percent }, report?, error? }'),
          '401': error('not signed in'), '404': error('no such job'),
        },
      },
    },
    '/api/import/{collectionId}/mappings': {
      get: {
        tags: ['service'], operationId: 'importMappings', security: staff, summary: 'the field mappings saved per source for a collection (writers of the collection)',
        parameters: [collection],
        responses: { '200': zodAnswer(mappingsAnswer, '{ mappings: [{ source_key, mapping, updated_by, updated_at }] }'), '401': error('not signed in'), '403': error('role may not write the collection') },
      },
    },
  };
}
