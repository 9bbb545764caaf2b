/** OpenAPI entries of the analysis routes: how distances are measured, routes and isochrones. */
import { MAX_CLOSURES, MAX_ISOCHRONES, MAX_ISOCHRONE_MINUTES } from './analysis-params.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (description: string, type = 'application/json'): Obj => ({ description, content: { [type]: { schema: { type: 'object' } } } });

const mode = (fallback: string, values = ['walk', 'drive', 'straight']): Obj => ({
  name: 'mode',
  in: 'query',
  required: false,
  schema: { type: 'string', enum: values, default: fallback },
  description: 'walk (Tobler’s hiking function on the roads’ slopes) or drive (speed by road class and surface) along the roads, off-road legs at 2.5 km/h; straight: straight lines, as before travel time',
});

const closures: Obj = {
  name: 'closures',
  in: 'query',
  required: false,
  schema: { type: 'string', pattern: '^[1-9][0-9]*(,[1-9][0-9]*)*$' },
  description: `what-if: ids of roads to treat as closed (at most ${MAX_CLOSURES}; walk and drive only); the answer lists them in closed_roads. Roads whose closed attribute is set are always impassable`,
};

const closeZones: Obj = {
  name: 'close_zones',
  in: 'query',
  required: false,
  schema: { type: 'string', example: 'very_high,high' },
  description: 'what-if: close every road that crosses a hazard zone of these grades (walk and drive only); the answer says which zones and how many roads in closed_zones',
};

const shelterId: Obj = { name: 'shelter_id', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } };

export function analysisPaths(): Record<string, Obj> {
  return {
    '/api/analysis/catchments': {
      get: {
        tags: ['analysis'], summary: 'which shelter serves whom (method nearest or capacity), by travel time or straight lines', operationId: 'catchments',
        parameters: [
          { name: 'method', in: 'query', schema: { type: 'string', enum: ['nearest', 'capacity'], default: 'nearest' } },
          { name: 'demand', in: 'query', schema: { type: 'string', enum: ['risk_sites', 'villages'], default: 'risk_sites' } },
          mode('straight'),
          closures,
          closeZones,
        ],
        responses: {
          '200': json('FeatureCollection of shelters with assignments (distance_m along the way, offroad_m, minutes), unassigned and summary (mode, total_minutes, straight_line comparison, closed_roads)'),
          '400': error('a parameter is wrong (named in details)'),
          '422': error('closures name a road that does not exist, or come with mode=straight'),
        },
      },
    },
    '/api/analysis/coverage': {
      get: {
        tags: ['analysis'], summary: 'who is beyond the reach of every shelter: by minutes per shelter type (the standards file) or by radius', operationId: 'coverage',
        parameters: [mode('straight'), closures, closeZones],
        responses: {
          '200': json('uncovered (nearest_minutes, shortfall_minutes by travel), overloaded, gap_areas, towns, summary (straight_line: covered by radius, not by time)'),
          '400': error('a parameter is wrong (named in details)'),
          '422': error('closures name a road that does not exist, or come with mode=straight'),
        },
      },
    },
    '/api/analysis/evacuation': {
      post: {
        tags: ['analysis'], summary: 'evacuation plan for a warning area; reach by travel time (mode drive by default, max_minutes) or straight lines (max_distance_m)', operationId: 'evacuation',
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { warning_area: { type: 'object' }, mode: { type: 'string', enum: ['walk', 'drive', 'straight'], default: 'straight' }, max_minutes: { type: 'number', maximum: 600 }, max_distance_m: { type: 'number' }, draft: { type: 'object', properties: { close_roads: { type: 'array', items: { type: 'integer' }, maxItems: MAX_CLOSURES }, close_area: { type: 'object' } } } } } } } },
        responses: { '200': json('sites, assignments (with minutes by travel), unassigned, shelters, shelters_to_open, towns, summary'), '422': error('the body is not valid (fields named)') },
      },
    },
    '/api/analysis/nearest-shelter': {
      get: {
        tags: ['analysis'], summary: '"where do I go?": the nearest safe shelter and the way to it', operationId: 'nearestShelter',
        parameters: [
          { name: 'lon', in: 'query', required: true, schema: { type: 'number', minimum: -180, maximum: 180 } },
          { name: 'lat', in: 'query', required: true, schema: { type: 'number', minimum: -90, maximum: 90 } },
          mode('straight'),
        ],
        responses: { '200': json('{ shelter, distance_m, walking_minutes, minutes, offroad_m, mode, line (the route along the roads), excluded_unsafe }'), '400': error('bad position'), '404': error('no usable safe shelter') },
      },
    },
    '/api/analysis/route': {
      get: {
        tags: ['analysis'], summary: 'the way from a point to a shelter along the roads', operationId: 'route',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { type: 'string', example: '110.94,22.35' }, description: 'LON,LAT' },
          shelterId,
          mode('walk', ['walk', 'drive']),
          closures,
        ],
        responses: {
          '200': json('a GeoJSON LineString Feature: { mode, minutes, length_m, offroad_m, roads: [names in order], shelter_id, closed_roads? }', 'application/geo+json'),
          '400': error('a parameter is wrong (named in details)'),
          '404': error('no shelter with that id'),
          '422': error('no way of this mode leads from the point to the shelter (no_way), or closures name unknown roads'),
        },
      },
    },
    '/api/analysis/isochrones': {
      get: {
        tags: ['analysis'], summary: 'nested areas from which a shelter is reached within each number of minutes', operationId: 'isochrones',
        parameters: [
          shelterId,
          { name: 'minutes', in: 'query', required: true, schema: { type: 'string', example: '5,10,15' }, description: `up to ${MAX_ISOCHRONES} values, each above 0 and at most ${MAX_ISOCHRONE_MINUTES}` },
          mode('walk', ['walk', 'drive']),
          closures,
        ],
        responses: {
          '200': json('FeatureCollection of MultiPolygons, smallest first, properties { minutes }; shelter_id, mode, closed_roads?'),
          '400': error('a parameter is wrong (named in details)'),
          '404': error('no shelter with that id'),
        },
      },
    },
  };
}
