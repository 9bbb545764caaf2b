/**
 * CSV export: UTF-8 with a byte-order mark (so Excel on Chinese Windows shows the text right),
 * a WKT column that GDAL and QGIS read as the geometry, and longitude/latitude for point layers.
 * Text that a spreadsheet would run as a formula is neutralised (see `cell`).
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { columnValue, flatValue } from './export-columns.ts';
import type { ExportTarget } from './export-target.ts';
import { toWkt } from './wkt-write.ts';
import { write } from './write-stream.ts';

/** What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP, "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that starts like a formula gets a leading single quote, so it stays text; numbers are left alone. */
function cell(v: string | number | null): string | number | null {
  return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;
}

export async function writeCsv(t: ExportTarget, out: Writable): Promise<void> {
  const points = t.geometryType === 'Point';
  const header = ['WKT', ...(points ? ['longitude', 'latitude'] : []), ...t.columns.map((c) => c.name)].map(cell);
  await write(out, '\uFEFF' + stringify([header]));
  for await (const f of t.features) {
    const g = f.geometry;
    const xy = points && g?.type === 'Point' ? [g.coordinates[0], g.coordinates[1]] : points ? [null, null] : [];
    await write(out, stringify([[toWkt(g), ...xy, ...t.columns.map((c) => cell(flatValue(c, columnValue(f, c))))]]));
  }
}
