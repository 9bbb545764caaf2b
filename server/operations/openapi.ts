/** OpenAPI entries of evacuation operations, occupancy, special needs and the live streams (merged into /ogc/api). */
import { z } from 'zod';
import { FILE_FORMATS } from '../export/export-formats.ts';
import { fileAnswer } from '../export/contract.ts';
import { errorResponse as error, zodAnswer, zodBody, zodParameters } from '../http/openapi-zod.ts';
import { changedTaskAnswer, createBody, needBody, occupancyAnswer, occupancyBody, operationsAnswer, specialNeedAnswer, specialNeedsAnswer, summaryAnswer, taskChange, taskHistoryAnswer, taskHistoryQuery, taskQuery, tasksAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const staff = [{ bearer: [] }, { session: [] }];
const idParam = (name: string, what: string): Obj => ({ name, in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 2_147_483_647 }, description: `the ${what}'s id` });
const opId = idParam('id', 'operation');
const auth = { '401': error('not signed in'), '403': error('the role may not do this') };
const events: Obj = { description: 'Server-Sent Events, open until the client leaves', content: { 'text/event-stream': { schema: { type: 'string' } } } };
const idempotency: Obj = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[\\w.:-]{8,100}$' }, description: 'a retried request with the same key is answered once' };

export function operationPaths(): Record<string, Obj> {
  return {
    '/api/operations': {
      get: { tags: ['operations'], summary: 'the evacuation operations (staff)', operationId: 'listOperations', security: staff, responses: { '200': zodAnswer(operationsAnswer, '{ operations }'), ...auth } },
      post: {
        tags: ['operations'], summary: 'start an evacuation operation from a warning, or an area with a hazard and a level (duty)', operationId: 'createOperation', security: staff,
        requestBody: zodBody(createBody),
        responses: { '201': zodAnswer(summaryAnswer, 'the operation’s summary; Location header'), '415': error('not JSON'), '422': error('bad field, unknown warning or no trigger rule for the level'), ...auth },
      },
    },
    '/api/operations/{id}': {
      get: { tags: ['operations'], summary: 'an operation’s live summary (staff)', operationId: 'getOperation', security: staff, parameters: [opId], responses: { '200': zodAnswer(summaryAnswer, 'summary: counts per status, per town, shelters'), '400': error('bad id'), '404': error('no such operation'), ...auth } },
    },
    '/api/operations/{id}/tasks': {
      get: {
        tags: ['operations'], summary: 'the tasks of an operation (staff)', operationId: 'listTasks', security: staff, parameters: [opId, ...zodParameters(taskQuery)],
        responses: { '200': zodAnswer(tasksAnswer, '{ operation_id, numberMatched, numberReturned, tasks }'), '400': error('bad filter'), '404': error('no such operation'), ...auth },
      },
    },
    '/api/operations/{id}/tasks/{task}': {
      patch: {
        tags: ['operations'], summary: 'change a task’s status, shelter or note (cadre, duty)', operationId: 'changeTask', security: staff,
        parameters: [opId, idParam('task', 'task'), { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'the task’s ETag (or give Idempotency-Key)' }, idempotency],
        requestBody: zodBody(taskChange),
        responses: { '200': zodAnswer(changedTaskAnswer, 'the task, with replayed; ETag header'), '400': error('bad id or Idempotency-Key'), '404': error('no such task'), '409': error('the operation is closed'), '412': error('the task changed'), '415': error('not JSON'), '422': error('bad field'), '428': error('neither If-Match nor Idempotency-Key'), ...auth },
      },
    },
    '/api/operations/{id}/tasks/{task}/history': {
      get: {
        tags: ['operations'], summary: 'a task’s changes, oldest first: who, when, from and to status, shelter, note, version (staff)', operationId: 'taskHistory', security: staff,
        parameters: [opId, idParam('task', 'task'), ...zodParameters(taskHistoryQuery)],
        responses: { '200': zodAnswer(taskHistoryAnswer, '{ operation_id, task_id, numberMatched, numberReturned, changes }'), '400': error('bad id, offset or limit'), '404': error('no such operation, or no such task in it'), ...auth },
      },
    },
    '/api/operations/{id}/close': {
      post: { tags: ['operations'], summary: 'close an operation (duty)', operationId: 'closeOperation', security: staff, parameters: [opId], responses: { '200': zodAnswer(summaryAnswer, 'the summary'), '400': error('bad id'), '404': error('no such operation'), '409': error('already closed'), ...auth } },
    },
    '/api/operations/{id}/report': {
      get: {
        tags: ['operations'], summary: 'an operation’s tasks as a file (staff)', operationId: 'operationReport', security: staff,
        parameters: [opId, ...zodParameters(z.strictObject({ f: z.enum(['csv', 'geojson', 'gpkg', 'fgb']).default('csv') }))],
        responses: {
          '200': fileAnswer('the report (Content-Disposition: attachment)', FILE_FORMATS),
          '400': error('bad id or f'), '404': error('no such operation'), ...auth,
        },
      },
    },
    '/api/operations/{id}/events': {
      get: { tags: ['operations'], summary: 'live changes of an operation (staff)', operationId: 'operationEvents', security: staff, parameters: [opId], responses: { '200': events, '400': error('bad id'), '404': error('no such operation'), ...auth } },
    },
    '/api/live': {
      get: { tags: ['operations'], summary: 'public live stream: shelter occupancy and layer changes', operationId: 'live', responses: { '200': events } },
    },
    '/api/shelters/{id}/occupancy': {
      post: {
        tags: ['operations'], summary: 'record arrivals and departures at a shelter (shelter staff, duty)', operationId: 'recordOccupancy', security: staff, parameters: [idParam('id', 'shelter'), idempotency],
        requestBody: zodBody(occupancyBody),
        responses: { '200': zodAnswer(occupancyAnswer, 'the shelter’s occupancy'), '400': error('bad id or Idempotency-Key'), '404': error('no such shelter'), '415': error('not JSON'), '422': error('give delta or count'), ...auth },
      },
    },
    '/api/risk-sites/{id}/special-needs': {
      get: { tags: ['operations'], summary: 'the special needs of a risk site’s residents (staff)', operationId: 'listSpecialNeeds', security: staff, parameters: [idParam('id', 'risk site')], responses: { '200': zodAnswer(specialNeedsAnswer, '{ site_id, needs }'), '400': error('bad id'), '404': error('no such risk site'), ...auth } },
      post: {
        tags: ['operations'], summary: 'record a special need (admin, geohazard, duty)', operationId: 'addSpecialNeed', security: staff, parameters: [idParam('id', 'risk site')],
        requestBody: zodBody(needBody),
        responses: { '201': zodAnswer(specialNeedAnswer, 'the need'), '400': error('bad id'), '404': error('no such risk site'), '415': error('not JSON'), '422': error('bad field'), ...auth },
      },
    },
    '/api/special-needs/{id}': {
      patch: {
        tags: ['operations'], summary: 'change a special need (admin, geohazard, duty)', operationId: 'changeSpecialNeed', security: staff, parameters: [idParam('id', 'special need')],
        requestBody: zodBody(needBody.partial()),
        responses: { '200': zodAnswer(specialNeedAnswer, 'the need'), '400': error('bad id'), '404': error('no such need'), '415': error('not JSON'), '422': error('bad field'), ...auth },
      },
      delete: { tags: ['operations'], summary: 'remove a special need (admin, geohazard, duty)', operationId: 'removeSpecialNeed', security: staff, parameters: [idParam('id', 'special need')], responses: { '204': { description: 'removed' }, '400': error('bad id'), '404': error('no such need'), ...auth } },
    },
  };
}
