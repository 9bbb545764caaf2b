/** What a file download answers, per format: GeoJSON is a FeatureCollection, the others are bytes. */
import { z } from 'zod';
import { anyFeatureCollection } from '../http/geojson-contract.ts';
import { answerSchema } from '../http/openapi-zod.ts';
import { FILE_FORMATS, MEDIA_TYPES, type FileFormat } from './export-formats.ts';

type Obj = Record<string, unknown>;

/** POST /api/export's query: the format, and the name of the layer and file. */
export const exportQuery = z.strictObject({
  f: z.enum(FILE_FORMATS),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - only').default('analysis').describe('layer and file name'),
});

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
