/** OpenAPI entries of the risk-site grading routes (merged into /ogc/api by server/app/openapi-paths.ts). */
import { errorResponse as error, zodAnswer, zodBody } from '../http/openapi-zod.ts';
import { gradeAllAnswer, gradeBody, gradingAnswer, gradingsAnswer } from './contract.ts';

type Obj = Record<string, unknown>;

const staff = [{ bearer: [] }, { session: [] }];
const siteId: Obj = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'the risk site’s id' };
const auth = { '401': error('not signed in'), '403': error('the role may not write risk sites') };
const body = { ...zodBody(gradeBody), required: false };

export function gradingPaths(): Record<string, Obj> {
  return {
    '/api/risk-sites/grade-all': {
      post: { tags: ['grading'], summary: 'grade every risk site with the grading rules', operationId: 'gradeAll', security: staff, requestBody: body, responses: { '200': zodAnswer(gradeAllAnswer, '{ graded, by_grade, rules_version }'), '422': error('bad note'), ...auth } },
    },
    '/api/risk-sites/{id}/grade': {
      post: { tags: ['grading'], summary: 'grade one risk site with the grading rules', operationId: 'gradeSite', security: staff, parameters: [siteId], requestBody: body, responses: { '201': zodAnswer(gradingAnswer, 'the grading recorded'), '404': error('no such risk site (or not a number)'), '422': error('bad note'), ...auth } },
    },
    '/api/risk-sites/{id}/gradings': {
      get: { tags: ['grading'], summary: 'the grading history of a risk site (who graded: staff only)', operationId: 'gradings', parameters: [siteId], responses: { '200': zodAnswer(gradingsAnswer, '{ site_id, gradings }, newest first'), '404': error('no such risk site') } },
    },
  };
}
