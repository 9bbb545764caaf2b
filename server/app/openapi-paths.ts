/**
 * OpenAPI paths of the routes outside /ogc (health, analysis, tiles, …). Each capability
 * adds its entries here so that /ogc/api describes every route of the service.
 */
import { analysisPaths } from '../analysis-api/openapi.ts';
import { authPaths } from '../auth/openapi.ts';
import { historyPaths } from '../history/openapi.ts';
import { importPaths } from '../import/openapi.ts';
import { exportPaths } from '../export/openapi.ts';
import { tilePaths } from '../tiles/openapi.ts';
import { webPaths } from '../static/openapi.ts';
import { operationPaths } from '../operations/openapi.ts';
import { gradingPaths } from '../grading/openapi.ts';
import { warningPaths } from '../warnings/openapi.ts';
import { zodAnswer } from '../http/openapi-zod.ts';
import { healthAnswer } from '../http/health-contract.ts';

type Obj = Record<string, unknown>;

export function extraPaths(): Record<string, Obj> {
  return {
    '/api/health': {
      get: {
        tags: ['service'], summary: 'health of the service and its database', operationId: 'health',
        responses: { '200': zodAnswer(healthAnswer, '{ status: "ok", database, postgis }'), '503': zodAnswer(healthAnswer, 'database unreachable: { status: "unavailable" }') },
      },
    },
    ...authPaths(),
    ...historyPaths(),
    ...importPaths(),
    ...exportPaths(),
    ...tilePaths(),
    ...webPaths(),
    ...analysisPaths(),
    ...operationPaths(),
    ...gradingPaths(),
    ...warningPaths(),
  };
}
