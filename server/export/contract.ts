/** What a file download answers, per format: GeoJSON is a FeatureCollection, the others are bytes. */
import { anyFeatureCollection } from '../http/geojson-contract.ts';
import { answerSchema } from '../http/openapi-zod.ts';
import { MEDIA_TYPES, type FileFormat } from './export-formats.ts';

type Obj = Record<string, unknown>;

/** A documented file answer in each of these formats (Content-Disposition: attachment). */
export function fileAnswer(description: string, formats: readonly FileFormat[]): Obj {
  const content = Object.fromEntries(formats.map((f) => [
    MEDIA_TYPES[f].split(';')[0],
    { schema: f === 'geojson' ? answerSchema(anyFeatureCollection) : { type: 'string', format: 'binary' } },
  ]));
  return { description, content };
}
