/** What a file download answers, per format: GeoJSON is a FeatureCollection, the others are bytes. */
import { z } from 'zod';
import { anyFeatureCollection } from '../http/geojson-contract.ts';
import { answerSchema } from '../http/openapi-zod.ts';
import { MEDIA_TYPES, type FileFormat } from './export-formats.ts';

type Obj = Record<string, unknown>;

/** A GeoJSON file names its layer (`name`, as GDAL writes and reads it). */
const geojsonFile = anyFeatureCollection.extend({ name: z.string() });

/** A documented file answer in each of these formats (Content-Disposition: attachment). */
export function fileAnswer(description: string, formats: readonly FileFormat[]): Obj {
  const content = Object.fromEntries(formats.map((f) => [
    MEDIA_TYPES[f].split(';')[0],
    { schema: f === 'geojson' ? answerSchema(geojsonFile) : { type: 'string', format: 'binary' } },
  ]));
  return { description, content };
}
