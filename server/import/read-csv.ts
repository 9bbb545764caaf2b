/**
 * CSV sheets from town offices: UTF-8 or GBK (told apart by the bytes, or given), comma,
 * semicolon or tab separated, with the position in longitude/latitude columns or a WKT column.
 * Read as a stream; a line longer than the cap or more columns than the cap is refused.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { Geometry } from 'geojson';
import { findGeometryColumns, parseCoordinate, type GeometryColumns } from './csv-geometry-columns.ts';
import { crsByCode, type CrsRef } from './crs.ts';
import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import type { ImportSource, SourceRow } from './source.ts';
import { isUtf8, sniffTextEncoding } from './text-encoding.ts';
import { parseWkt } from './wkt-geometry.ts';

export interface CsvOptions {
  encoding?: string;
  columns: GeometryColumns;
  limits: ImportLimits;
}

/** Longest line accepted: room for a detailed polygon in WKT, not for a runaway file. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

type Parsed = { record: string[]; info: { bytes: number } };

function sniffDelimiter(head: string): string {
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

/** Columns in the first line of a sample (quote-aware); counts past `stopAt` are not needed. */
function headerColumns(sample: string, delimiter: string, stopAt: number): number {
  let n = 1;
  let quoted = false;
  for (let i = 0; i < sample.length && n <= stopAt; i++) {
    const c = sample[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) n++;
    else if (!quoted && (c === '\n' || c === '\r')) break;
  }
  return n;
}

function headerNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((r, i) => {
    const base = r.trim() || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** A cell our CSV export guarded against spreadsheet formulas ("'=…", see export/write-csv.ts) reads as it was. */
const unguard = (v: string): string => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

function csvFailure(e: unknown): ImportError {
  const err = e as CsvError & { lines?: number };
  if (err.code === 'CSV_MAX_RECORD_SIZE') return tooLarge(`line ${err.lines ?? '?'} of the CSV is longer than ${MAX_LINE_CHARS / 1024 / 1024} MB; refused`);
  if (e instanceof ImportError) return e;
  return unreadable(`the CSV cannot be read${err.lines ? ` at line ${err.lines}` : ''}: ${err.message}`);
}

export async function openCsv(path: string, options: CsvOptions): Promise<ImportSource> {
  const { limits } = options;
  const size = fs.statSync(path).size;
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  const fd = fs.openSync(path, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const sniffed = sniffTextEncoding(head);
  // A byte-order mark says UTF-8; text that is not contradicts it (a GBK sheet given a mark by some
  // tool). Guessing could store a wrong text for good, so the user is asked to say which it is.
  if (!options.encoding && sniffed.label === 'utf-8' && sniffed.bom && !isUtf8(head.subarray(sniffed.bom))) {
    throw unreadable('the CSV starts with a UTF-8 byte-order mark but its text is not UTF-8 (GBK, perhaps): save it again as UTF-8, or import it with encoding=gbk if it is GBK');
  }
  const encoding = options.encoding ?? sniffed.label;
  const decoderProbe = new TextDecoder(encoding);
  const sample = decoderProbe.decode(head.subarray(sniffed.bom));
  const delimiter = sniffDelimiter(sample);
  // A header wider than the cap is refused from its first bytes, before any parsing.
  if (headerColumns(sample, delimiter, limits.maxColumns) > limits.maxColumns) throw tooLarge(`the CSV has more than ${limits.maxColumns} columns; at most ${limits.maxColumns} are accepted`);
  // Progress: the bytes read, scaled by how much of the decoded text the parser has consumed
  // (the stream reads ahead of the parser).
  let bytes = 0;
  let chars = 0;
  let consumed = 0;

  /** Bytes that are not text in the encoding are refused, never stored as U+FFFD. */
  const notText = (from: number, to: number) =>
    unreadable(`the CSV is not ${encoding === 'utf-8' ? 'UTF-8' : encoding} text (an invalid byte sequence within bytes ${from}–${to}): save it as UTF-8, or import it with encoding=gbk or encoding=utf-8, whichever it is`);

  const open = () => {
    const decoder = new TextDecoder(encoding, { fatal: true });
    let skip = sniffed.bom;
    const decode = new Transform({
      readableObjectMode: false,
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        const part = skip ? chunk.subarray(skip) : chunk;
        skip = 0;
        let text: string;
        try {
          text = decoder.decode(part, { stream: true });
        } catch {
          return done(notText(bytes - chunk.length, bytes));
        }
        chars += text.length;
        done(null, text);
      },
      flush(done) {
        try {
          done(null, decoder.decode());
        } catch {
          done(notText(Math.max(0, bytes - 4), bytes));
        }
      },
    });
    // info: each record comes with the parser's position, which is where the import really is.
    const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_LINE_CHARS, trim: false, info: true });
    fs.createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(decode).pipe(parser);
    decode.on('error', (e) => parser.destroy(e));
    return parser;
  };

  // The header line, read on its own first, says the columns.
  const headerParser = open();
  let header: string[] | undefined;
  try {
    for await (const rec of headerParser) {
      header = (rec as Parsed).record;
      break;
    }
  } catch (e) {
    throw csvFailure(e);
  } finally {
    headerParser.destroy();
  }
  if (!header) throw unreadable('the CSV file is empty');
  if (header.length > limits.maxColumns) throw tooLarge(`the CSV has ${header.length} columns; at most ${limits.maxColumns} are accepted`);
  const fields = headerNames(header);
  const cols = findGeometryColumns(fields, options.columns);
  for (const [k, v] of Object.entries(cols)) {
    if (v !== undefined && !fields.includes(v)) throw new ImportError('needs_option', 'bad_request', `the CSV has no column "${v}"`, [{ field: `${k}_field`, message: `columns: ${fields.join(', ')}` }]);
  }
  if (!cols.wkt && !(cols.x && cols.y)) {
    throw new ImportError('unsupported', 'no_geometry_columns', 'the CSV has neither longitude/latitude columns nor a WKT column; name them with x_field and y_field, or wkt_field', [
      { field: 'file', message: `columns: ${fields.slice(0, 50).join(', ')}` },
    ]);
  }
  let declaredCrs: CrsRef | undefined;

  return {
    format: 'csv',
    fields,
    geometryFields: [cols.x, cols.y, cols.wkt].filter((c): c is string => c !== undefined),
    encoding,
    get declaredCrs() {
      return declaredCrs;
    },
    progress: () => (size && chars ? Math.min(1, (bytes * Math.min(1, consumed / chars)) / size) : 0),
    close: async () => {},
    async *rows(): AsyncGenerator<SourceRow> {
      bytes = 0;
      chars = 0;
      const parser = open();
      consumed = 0;
      let line = 0;
      try {
        for await (const rec of parser) {
          if (line++ === 0) continue; // the header
          if (line - 1 > limits.maxRows) throw tooLarge(`the CSV has more than ${limits.maxRows} rows; at most ${limits.maxRows} are accepted in one import`);
          const { record: values, info } = rec as Parsed;
          consumed = info.bytes;
          // Own properties whatever the names: a column "__proto__" is a column.
          const row: Record<string, unknown> = Object.fromEntries(fields.map((f, i) => [f, unguard(values[i] ?? '')]));
          let geometry: Geometry | null | undefined = null;
          let problem: string | undefined;
          if (values.length > fields.length) problem = `${values.length} values but the header has ${fields.length} columns`;
          else if (cols.wkt) {
            const text = String(row[cols.wkt]).trim();
            if (text) {
              try {
                const parsed = parseWkt(text);
                geometry = parsed.geometry;
                // An EWKT SRID on the first row names the file's system, like a .prj would.
                if (parsed.srid !== undefined && line === 2) declaredCrs = crsByCode(parsed.srid);
              } catch (e) {
                geometry = undefined;
                problem = `${cols.wkt}: not readable WKT (${(e as Error).message})`;
              }
            }
          } else if (cols.x && cols.y) {
            const rx = String(row[cols.x]).trim();
            const ry = String(row[cols.y]).trim();
            if (rx || ry) {
              const x = parseCoordinate(rx);
              const y = parseCoordinate(ry);
              if (Number.isFinite(x) && Number.isFinite(y)) geometry = { type: 'Point', coordinates: [x, y] };
              else {
                geometry = undefined;
                problem = `${cols.x}/${cols.y}: "${rx.slice(0, 40)}", "${ry.slice(0, 40)}" are not coordinates`;
              }
            }
          }
          yield { row: line - 1, fields: row, geometry, ...(problem ? { problem } : {}) };
        }
      } catch (e) {
        throw csvFailure(e);
      } finally {
        parser.destroy();
      }
    },
  };
}
