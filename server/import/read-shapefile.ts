/**
 * A Shapefile from an unpacked zip: the .shp geometries and .dbf attributes read in step,
 * the .prj for the coordinate system and the .cpg for the text encoding. Files whose .shp
 * and .dbf disagree on the number of records are refused, whichever runs out first.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CrsRef } from './crs.ts';
import { crsFromWkt } from './crs-wkt.ts';
import { openDbf } from './dbf-records.ts';
import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import { openShp, ShapefileError, shxRecordCount } from './shp-records.ts';
import type { ImportSource, SourceRow } from './source.ts';
import { encodingLabel } from './text-encoding.ts';
import type { ExtractedFile } from './unzip-bounded.ts';

export interface ShapefileOptions {
  /** Which shapefile, when the archive holds several (its name without extension). */
  sourceLayer?: string;
  /** Overrides the .cpg. */
  encoding?: string;
  limits: ImportLimits;
}

function stem(name: string): string {
  return name.slice(0, name.length - path.extname(name).length);
}

export function shapefileNames(files: ExtractedFile[]): string[] {
  return files.filter((f) => path.extname(f.name).toLowerCase() === '.shp').map((f) => path.basename(stem(f.name)));
}

/** Opens the .shp once the .dbf's record count is known to fit the caps and the .shx index. */
async function checkedShp(path: string, records: number, pick: string, shxSize: number | undefined, limits: ImportLimits) {
  if (records > limits.maxRows) throw tooLarge(`the shapefile has ${records} records; at most ${limits.maxRows} are accepted in one import`);
  if (shxSize !== undefined && shxRecordCount(shxSize) !== records) {
    throw unreadable(`${pick}.shp has ${shxRecordCount(shxSize)} records (by its .shx index) but ${pick}.dbf has ${records}: the two files do not belong together`);
  }
  try {
    return await openShp(path);
  } catch (e) {
    if (e instanceof ShapefileError) throw unreadable(e.message);
    throw e;
  }
}

export async function openShapefile(files: ExtractedFile[], options: ShapefileOptions): Promise<ImportSource> {
  const names = shapefileNames(files);
  const pick = options.sourceLayer ?? (names.length === 1 ? names[0] : undefined);
  if (!pick || !names.includes(pick)) {
    throw new ImportError('needs_option', 'choose_source_layer', names.length > 1 ? `the zip holds ${names.length} shapefiles; name one with source_layer` : `no shapefile named "${pick}" in the zip`, [
      { field: 'source_layer', message: `one of: ${names.join(', ')}` },
    ]);
  }
  const sibling = (ext: string) => files.find((f) => path.basename(stem(f.name)) === pick && path.extname(f.name).toLowerCase() === ext);
  const shp = sibling('.shp')!;
  const dbf = sibling('.dbf');
  if (!dbf) throw unreadable(`the zip has ${pick}.shp but no ${pick}.dbf (the attributes)`);
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  const shx = sibling('.shx');

  let declaredCrs: CrsRef | undefined;
  if (prj) {
    const r = crsFromWkt(fs.readFileSync(prj.path, 'utf8'));
    if (!r.ok) throw new ImportError('unsupported', 'unsupported_crs', `${pick}.prj: ${r.reason}`, [{ field: 'crs', message: r.reason }]);
    declaredCrs = r.crs;
  }
  let encoding = options.encoding;
  if (!encoding && cpg) {
    const label = fs.readFileSync(cpg.path, 'latin1').trim();
    encoding = encodingLabel(label);
    if (!encoding) throw new ImportError('unsupported', 'unsupported_encoding', `${pick}.cpg names encoding "${label}", which OneMap does not read; give encoding`, [{ field: 'encoding', message: `got "${label}"` }]);
  }

  const dbfReader = await openDbf(dbf.path, { encoding, maxColumns: options.limits.maxColumns }).catch((e: unknown) => {
    if (e instanceof ShapefileError) throw unreadable(e.message);
    throw e;
  });
  const shpReader = await checkedShp(shp.path, dbfReader.recordCount, pick, shx?.size, options.limits).catch(async (e: unknown) => {
    await dbfReader.close();
    throw e;
  });
  return {
    format: 'shapefile',
    layerName: pick,
    fields: dbfReader.fields.map((f) => f.name),
    declaredCrs,
    encoding: dbfReader.encoding,
    total: dbfReader.recordCount,
    progress: () => shpReader.progress(),
    close: async () => {
      await Promise.all([shpReader.close(), dbfReader.close()]);
    },
    async *rows(): AsyncGenerator<SourceRow> {
      let n = 0;
      try {
        for await (const rec of shpReader.records()) {
          const attrs = await dbfReader.next();
          if (attrs === undefined) throw new ShapefileError(`${pick}.shp has more records than ${pick}.dbf (${dbfReader.recordCount}): the two files do not belong together`);
          if (attrs === null) continue; // deleted in the .dbf
          n++;
          yield { row: rec.number, fields: attrs, geometry: rec.geometry, ...(rec.problem ? { problem: rec.problem } : {}) };
        }
        if ((await dbfReader.next()) !== undefined) {
          throw new ShapefileError(`${pick}.dbf has more records than ${pick}.shp (${n}): the two files do not belong together`);
        }
      } catch (e) {
        if (e instanceof ShapefileError) throw unreadable(e.message);
        throw e;
      }
    },
  };
}

