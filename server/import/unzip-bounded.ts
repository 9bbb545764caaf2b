/**
 * Extracts the data files of a zip archive into a folder, counting the bytes actually inflated
 * (never trusting the sizes the archive declares), so a zip bomb stops at the cap with a clear
 * error instead of filling memory or disk. Unsafe names and encrypted entries are refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ImportError, tooLarge, unreadable } from './file-errors.ts';
import { megabytes } from './limits.ts';

const WANTED = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg', '.gpkg', '.geojson', '.json', '.csv']);
const MAX_ENTRIES = 10_000;

export interface ExtractedFile {
  /** The name inside the archive. */
  name: string;
  path: string;
  size: number;
}

export async function extractZip(zipPath: string, dir: string, maxBytes: number): Promise<ExtractedFile[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true, strictFileNames: false });
  } catch (e) {
    throw unreadable(`the zip archive cannot be read: ${(e as Error).message}`);
  }
  const out: ExtractedFile[] = [];
  let inflated = 0;
  let entries = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (++entries > MAX_ENTRIES) throw unreadable(`the zip archive has more than ${MAX_ENTRIES} entries`);
      const name = entry.fileName;
      const ext = path.extname(name).toLowerCase();
      if (name.endsWith('/') || name.startsWith('__MACOSX/') || !WANTED.has(ext)) continue;
      if (entry.isEncrypted()) throw unreadable(`${name} in the zip archive is encrypted`);
      if (inflated + entry.uncompressedSize > maxBytes) {
        throw tooLarge(`the zip archive declares ${megabytes(inflated + entry.uncompressedSize)} of data; at most ${megabytes(maxBytes)} may be unpacked`);
      }
      const target = path.join(dir, `${out.length}${ext}`);
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          inflated += chunk.length;
          if (inflated > maxBytes) return done(tooLarge(`the zip archive unpacks to more than ${megabytes(maxBytes)} (the cap on unpacked data); refused`));
          done(null, chunk);
        },
      });
      try {
        await pipeline(await zip.openReadStreamPromise(entry), counter, fs.createWriteStream(target));
      } catch (e) {
        if (e instanceof ImportError) throw e;
        // yauzl stops an entry at the size its header declares.
        if (/too many bytes/.test((e as Error).message)) throw unreadable(`${name} in the zip archive holds more data than its header declares (a zip bomb or a corrupt archive); refused`);
        throw unreadable(`${name} in the zip archive cannot be unpacked: ${(e as Error).message}`);
      }
      out.push({ name, path: target, size: fs.statSync(target).size });
    }
  } catch (e) {
    zip.close();
    if (e instanceof ImportError) throw e;
    throw unreadable(`the zip archive cannot be read: ${(e as Error).message}`);
  }
  return out;
}
