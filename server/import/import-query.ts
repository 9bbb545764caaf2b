/** The options of an import, declared once for the HTTP route (query string) and the CLI (flags). */
import { z } from 'zod';
import { badRequest } from '../http/errors.ts';
import { crsByName, SUPPORTED_CRS_HINT, type CrsRef } from './crs.ts';
import type { FileOptions } from './import-file.ts';
import type { DuplicatePolicy, ImportMode } from './import-report.ts';
import { encodingLabel } from './text-encoding.ts';

export const importQuery = z.strictObject({
  mode: z.enum(['dry-run', 'commit']).default('dry-run').describe('dry-run reports what would happen; commit writes all accepted rows in one transaction, or nothing'),
  crs: z.string().max(200).optional().describe(`coordinate system of the file when it does not say (${SUPPORTED_CRS_HINT})`),
  encoding: z.string().max(40).optional().describe('text encoding of a CSV or .dbf when it does not say (utf-8, gbk)'),
  on_duplicate: z.enum(['reject', 'update', 'skip']).default('reject').describe('what a row whose code already exists does'),
  repair: z.enum(['true', 'false']).default('false').describe('repair invalid polygons with ST_MakeValid instead of rejecting them'),
  source: z.string().min(1).max(200).optional().describe('a name for the source, under which its field mapping is saved'),
  source_layer: z.string().max(200).optional().describe('the shapefile or GeoPackage table to read when the file holds several'),
  x_field: z.string().max(100).optional().describe('CSV column of longitude / easting'),
  y_field: z.string().max(100).optional().describe('CSV column of latitude / northing'),
  wkt_field: z.string().max(100).optional().describe('CSV column of WKT geometry'),
});

export type ImportQuery = z.infer<typeof importQuery>;

export interface ResolvedImportQuery {
  mode: ImportMode;
  onDuplicate: DuplicatePolicy;
  repair: boolean;
  crs?: CrsRef;
  sourceName?: string;
  file: FileOptions;
}

export function resolveImportQuery(q: ImportQuery): ResolvedImportQuery {
  let crs: CrsRef | undefined;
  if (q.crs !== undefined) {
    crs = crsByName(q.crs);
    if (!crs) throw badRequest(`crs "${q.crs}" is not one OneMap converts`, [{ field: 'crs', message: `use ${SUPPORTED_CRS_HINT}` }]);
  }
  let encoding: string | undefined;
  if (q.encoding !== undefined) {
    encoding = encodingLabel(q.encoding);
    if (!encoding) throw badRequest(`encoding "${q.encoding}" is not one OneMap reads`, [{ field: 'encoding', message: 'use utf-8 or gbk' }]);
  }
  return {
    mode: q.mode,
    onDuplicate: q.on_duplicate,
    repair: q.repair === 'true',
    crs,
    sourceName: q.source,
    file: { encoding, sourceLayer: q.source_layer, columns: { x: q.x_field, y: q.y_field, wkt: q.wkt_field } },
  };
}
