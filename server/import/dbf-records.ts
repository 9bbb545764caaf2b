/**
 * Streams the attribute records of a dBASE III .dbf file (the attribute half of a Shapefile).
 * Field names and text are decoded with the file's encoding (GBK or UTF-8 in Chinese data).
 */
import { tooLarge } from './file-errors.ts';
import { FileBytes } from './file-bytes.ts';
import { ShapefileError } from './shp-records.ts';
import { encodingFromLanguageDriver, isUtf8 } from './text-encoding.ts';

export interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

export interface DbfReader {
  fields: DbfField[];
  recordCount: number;
  encoding: string;
  /** One record's values by field name, or null for a record marked deleted. */
  next(): Promise<Record<string, unknown> | null | undefined>;
  close(): Promise<void>;
}

export interface DbfOptions {
  /** TextDecoder label; when absent the language driver byte or the text itself decides. */
  encoding?: string;
  maxColumns: number;
}

function value(raw: Buffer, field: DbfField, decoder: TextDecoder): unknown {
  switch (field.type) {
    case 'N':
    case 'F': {
      const t = raw.toString('latin1').trim();
      if (t === '' || /^\*+$/.test(t)) return null;
      const n = Number(t);
      return Number.isFinite(n) ? n : t;
    }
    case 'L': {
      const c = raw.toString('latin1').trim().toUpperCase();
      return 'TY'.includes(c) && c ? true : 'FN'.includes(c) && c ? false : null;
    }
    case 'D': {
      const t = raw.toString('latin1').trim();
      return /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : null;
    }
    case 'I':
      return raw.length === 4 ? raw.readInt32LE(0) : null;
    default: {
      const t = decoder.decode(raw).replace(/\0+$/, '').trim();
      return t === '' ? null : t;
    }
  }
}

export async function openDbf(path: string, options: DbfOptions): Promise<DbfReader> {
  const file = await FileBytes.open(path);
  try {
    const head = await file.read(32);
    if (head.length < 32) throw new ShapefileError('the .dbf file is too short to be a dBASE table');
    const recordCount = head.readUInt32LE(4);
    const headerLength = head.readUInt16LE(8);
    const recordLength = head.readUInt16LE(10);
    const fieldCount = Math.floor((headerLength - 33) / 32);
    if (headerLength < 33 || headerLength > file.size) throw new ShapefileError('the .dbf header is corrupt');
    if (fieldCount > options.maxColumns) throw tooLarge(`the .dbf has ${fieldCount} fields; at most ${options.maxColumns} are accepted`);
    if (recordCount * recordLength > file.size - headerLength + recordLength) {
      throw new ShapefileError(`the .dbf header announces ${recordCount} records but the file is too short for them (truncated)`);
    }
    const descriptors = await file.read(headerLength - 32);
    const rawFields: Array<{ name: Buffer; type: string; length: number; decimals: number }> = [];
    for (let at = 0; at + 32 <= descriptors.length && descriptors[at] !== 0x0d; at += 32) {
      const nameBytes = descriptors.subarray(at, at + 11);
      const end = nameBytes.indexOf(0);
      rawFields.push({
        name: nameBytes.subarray(0, end < 0 ? 11 : end),
        type: String.fromCharCode(descriptors[at + 11]),
        length: descriptors[at + 16],
        decimals: descriptors[at + 17],
      });
    }
    const width = 1 + rawFields.reduce((s, f) => s + f.length, 0);
    if (width > recordLength) throw new ShapefileError('the .dbf fields are wider than its records (corrupt header)');
    // Without a declared encoding, look at the names and the first records' bytes.
    let encoding = options.encoding ?? encodingFromLanguageDriver(head[29]);
    const first = await file.read(Math.min(recordCount * recordLength, Math.max(recordLength, 64 * 1024)));
    if (!encoding) encoding = isUtf8(Buffer.concat([...rawFields.map((f) => f.name), first])) ? 'utf-8' : 'gb18030';
    const decoder = new TextDecoder(encoding);
    const fields = rawFields.map((f) => ({ name: decoder.decode(f.name).trim(), type: f.type, length: f.length, decimals: f.decimals }));
    let pending: Buffer = first;
    let read = 0;
    return {
      fields,
      recordCount,
      encoding,
      close: () => file.close(),
      async next() {
        if (read >= recordCount) return undefined;
        if (pending.length < recordLength) pending = Buffer.concat([pending, await file.read(Math.max(recordLength, 64 * 1024) - pending.length)]);
        if (pending.length < recordLength) throw new ShapefileError(`the .dbf file ends inside record ${read + 1} of ${recordCount}`);
        const rec = pending.subarray(0, recordLength);
        pending = pending.subarray(recordLength);
        read++;
        if (rec[0] === 0x2a) return null; // '*': deleted
        let at = 1;
        // Own properties whatever the names: a field "__proto__" is a field.
        return Object.fromEntries(
          fields.map((f) => {
            const v = value(rec.subarray(at, at + f.length), f, decoder);
            at += f.length;
            return [f.name, v];
          }),
        );
      },
    };
  } catch (e) {
    await file.close();
    throw e;
  }
}
