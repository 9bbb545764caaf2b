/** OpenAPI entries of the routes the web client reads: the layer registry, place search, evacuation cards. */
import { zodAnswer, zodParameters } from '../http/openapi-zod.ts';
import { layersAnswer } from '../layers/contract.ts';
import { searchAnswer, searchQuery } from '../search/contract.ts';
import { cardAnswer } from '../cards/contract.ts';

type Obj = Record<string, unknown>;

const error = (description: string): Obj => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function webPaths(): Record<string, Obj> {
  return {
    '/api/layers': {
      get: {
        tags: ['web'], summary: 'the layer registry for map clients: titles, field titles and value labels (zh, en), and the basemap', operationId: 'layers',
        description: 'Private attributes are listed only for signed-in staff (session or bearer token).',
        responses: { '200': zodAnswer(layersAnswer, '{ layers: [{ id, title, description, geometryType, labelAttribute, writable, attributes: [{ name, title, type, values?, labels?, … }] }], basemap: { url, labels_url, attribution } | null }') },
      },
    },
    '/api/search': {
      get: {
        tags: ['web'], summary: 'shelters, villages and towns by Chinese name, pinyin name or code', operationId: 'searchPlaces',
        parameters: zodParameters(searchQuery),
        responses: { '200': zodAnswer(searchAnswer, '{ q, results: [{ layer, id, code, name, name_en, town_code, town_name, center: [lon, lat], bbox }] }: exact matches, then prefixes, then the rest'), '400': error('missing, empty or overlong q') },
      },
    },
    '/api/cards/{code}': {
      get: {
        tags: ['web'], summary: 'the household evacuation card (明白卡) of a risk site', operationId: 'evacuationCard',
        description: 'The designated shelter is the one GET /api/analysis/nearest-shelter gives from the house. The monitor (name, phone) is present only for signed-in staff.',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', maxLength: 40 }, description: 'risk site code, e.g. XP440983001-0001' }],
        responses: {
          '200': zodAnswer(cardAnswer, '{ site, town, grade, hazard_zones, shelter: { shelter, distance_m, walking_minutes, line, excluded_unsafe } | null, monitor | null, warning_signals, printed_by, generated_at }'),
          '404': error('no risk site with that code'),
        },
      },
    },
  };
}
