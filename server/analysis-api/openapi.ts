/** OpenAPI entries of the analyses, routes, isochrones and indicators (merged into /ogc/api by server/app/openapi-paths.ts). */
import { z } from 'zod';
import { FILE_FORMATS, MEDIA_TYPES } from '../export/export-formats.ts';
import { answerSchema, busyResponse, errorResponse as error, zodAnswer, zodBody, zodParameters } from '../http/openapi-zod.ts';
import { catchmentQuery, coverageQuery, draftBody, evacuationBody, isochroneQuery, nearestQuery, routeQuery, sitingBody } from './analysis-params.ts';
import { answerShape } from './answer-response.ts';
import { anyFeatureCollection } from '../http/geojson-contract.ts';
import { catchmentAnswer, coverageAnswer, evacuationAnswer, featuresPage, indicatorsAnswer, isochronesAnswer, nearestShelterAnswer, routeAnswer, rowsPage, sitingAnswer, summaryLinks } from './contract.ts';

type Obj = Record<string, unknown>;

const BODY_TYPES = ['application/json', 'application/geo+json'];

/** An analysis answer: the whole JSON, its summary, a page of one list, or one list as a file. */
function answerResponses(whole: z.ZodType): Obj {
  return {
    '200': {
      description: 'no include: the whole answer; include=summary: the answer without its lists, with links to each; include=<list>: a page of it (a FeatureCollection for features, { list, items } for rows); include=<list>&f=csv|geojson|gpkg|fgb: the whole list as a file',
      content: {
        'application/json': { schema: answerSchema(z.union([whole, rowsPage, summaryLinks])) },
        'application/geo+json': { schema: answerSchema(z.union([featuresPage, anyFeatureCollection])) },
        ...Object.fromEntries(FILE_FORMATS.filter((f) => f !== 'geojson').map((f) => [MEDIA_TYPES[f].split(';')[0], { schema: { type: 'string', format: 'binary' } }])),
      },
    },
    '400': error('bad query parameter, unknown list or a file format the list cannot take'),
    '413': error('body larger than BODY_LIMIT'),
    '415': error('body not JSON'),
    '422': error('body fails its schema; details name the fields'),
    '503': busyResponse(),
  };
}

const answerParams = (shape: z.ZodRawShape): Obj[] => zodParameters(z.strictObject({ ...shape, ...answerShape }));

function analysis(name: string, summary: string, shape: z.ZodRawShape, body: z.ZodType | undefined, method: 'get' | 'post', whole: z.ZodType): Obj {
  return {
    tags: ['analysis'], summary, operationId: `${method}_${name}`, parameters: answerParams(shape),
    ...(body ? { requestBody: { ...zodBody(body, BODY_TYPES), required: method === 'post' && body !== draftBody } } : {}),
    responses: answerResponses(whole),
  };
}

export function analysisPaths(): Record<string, Obj> {
  const draftNote = 'POST with { draft }: the same analysis with shelters added, moved or removed (what-if)';
  return {
    '/api/analysis/catchments': {
      get: analysis('catchments', 'catchments: which shelter each risk site or village goes to', catchmentQuery, undefined, 'get', catchmentAnswer),
      post: analysis('catchments', `catchments; ${draftNote}`, catchmentQuery, draftBody, 'post', catchmentAnswer),
    },
    '/api/analysis/coverage': {
      get: analysis('coverage', 'coverage of the demand by shelters and depots, with the gap areas', coverageQuery, undefined, 'get', coverageAnswer),
      post: analysis('coverage', `coverage; ${draftNote}`, coverageQuery, draftBody, 'post', coverageAnswer),
    },
    '/api/analysis/siting': { post: analysis('siting', 'where new shelters would serve the most residents', {}, sitingBody, 'post', sitingAnswer) },
    '/api/analysis/evacuation': { post: analysis('evacuation', 'an evacuation plan for a warning area', {}, evacuationBody, 'post', evacuationAnswer) },
    '/api/analysis/nearest-shelter': {
      get: {
        tags: ['analysis'], summary: 'the nearest usable shelter outside the high-risk zones, with the walking line', operationId: 'nearestShelter',
        parameters: zodParameters(nearestQuery),
        responses: { '200': zodAnswer(nearestShelterAnswer, '{ shelter, distance_m, walking_minutes, line, excluded_unsafe }'), '400': error('bad lon or lat'), '404': error('no usable shelter') },
      },
    },
    '/api/indicators': {
      get: { tags: ['analysis'], summary: 'the plan’s indicators per town and for the city', operationId: 'indicators', parameters: answerParams({}), responses: answerResponses(indicatorsAnswer) },
    },
    '/api/analysis/route': {
      get: {
        tags: ['analysis'], summary: 'the way from a point to a shelter along the roads', operationId: 'route',
        parameters: zodParameters(routeQuery),
        responses: {
          '200': zodAnswer(routeAnswer, 'a GeoJSON LineString Feature: { mode, minutes, length_m, offroad_m, roads: [names in order], shelter_id, closed_roads? }', ['application/geo+json']),
          '400': error('a parameter is wrong (named in details)'),
          '404': error('no shelter with that id'),
          '422': error('no way of this mode leads from the point to the shelter (no_way), or closures name unknown roads'),
        },
      },
    },
    '/api/analysis/isochrones': {
      get: {
        tags: ['analysis'], summary: 'nested areas from which a shelter is reached within each number of minutes', operationId: 'isochrones',
        parameters: zodParameters(z.strictObject(isochroneQuery)),
        responses: {
          '200': zodAnswer(isochronesAnswer, 'FeatureCollection of MultiPolygons, smallest first, properties { minutes }; shelter_id, mode, closed_roads?'),
          '400': error('a parameter is wrong (named in details)'),
          '404': error('no shelter with that id'),
        },
      },
    },
  };
}
