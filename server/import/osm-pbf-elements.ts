/**
 * An .osm.pbf file read block by block (OSM PBF format: a 4-byte length, a BlobHeader, a Blob).
 * The framing is read here so that every size is checked before it is spent — a header of at
 * most 64 KiB, a block of at most 32 MiB packed and unpacked (the format's own limits), all
 * blocks together within IMPORT_MAX_DECOMPRESSED_BYTES — and each inflated data block is then
 * decoded by osm-pbf-parser-node.
 */
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import { OSMTransform, parse } from 'osm-pbf-parser-node';
import { tooLarge, unreadable } from './file-errors.ts';
import type { ImportLimits } from './limits.ts';
import type { OsmElement } from './osm-ways.ts';
import { ProtobufError, protoFields } from './protobuf-fields.ts';

const MAX_HEADER = 64 * 1024;
const MAX_BLOCK = 32 * 1024 * 1024;
/** What OneMap reads; a file that requires anything else (history, other schemas) is refused. */
const KNOWN_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes']);

interface BlobHeader {
  type: string;
  datasize: number;
}

function blobHeader(buf: Buffer): BlobHeader {
  let type = '';
  let datasize = -1;
  for (const f of protoFields(buf)) {
    if (f.field === 1 && 'bytes' in f) type = f.bytes.toString('utf8');
    else if (f.field === 3 && 'varint' in f) datasize = f.varint;
  }
  if (!type || datasize < 0) throw unreadable('the .osm.pbf file has a block header without a type or size');
  return { type, datasize };
}

function blobData(buf: Buffer, budget: { left: number }): Buffer {
  let data: Buffer | undefined;
  let packed: 'zlib' | 'other' | undefined;
  for (const f of protoFields(buf)) {
    if (!('bytes' in f)) continue;
    if (f.field === 1) data = Buffer.from(f.bytes);
    else if (f.field === 3) {
      try {
        data = zlib.inflateSync(f.bytes, { maxOutputLength: Math.min(MAX_BLOCK, budget.left + 1) });
      } catch (e) {
        if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          if (budget.left < MAX_BLOCK) throw tooLarge(`the .osm.pbf file unpacks to more than ${budget.left} bytes (IMPORT_MAX_DECOMPRESSED_BYTES)`);
          throw unreadable('a block of the .osm.pbf file unpacks to more than 32 MiB, which the format does not allow');
        }
        throw unreadable('a block of the .osm.pbf file is not valid zlib data');
      }
      packed = 'zlib';
    } else if (f.field >= 4 && f.field <= 7) packed ??= 'other';
  }
  if (!data) throw unreadable(packed === 'other' ? 'the .osm.pbf file is compressed with lzma, lz4 or zstd; OneMap reads zlib (the usual) or uncompressed blocks' : 'a block of the .osm.pbf file holds no data');
  budget.left -= data.length;
  if (budget.left < 0) throw tooLarge(`the .osm.pbf file unpacks to more bytes than IMPORT_MAX_DECOMPRESSED_BYTES allows`);
  return data;
}

function checkHeaderBlock(data: Buffer): void {
  for (const f of protoFields(data)) {
    if (f.field === 4 && 'bytes' in f) {
      const feature = f.bytes.toString('utf8');
      if (!KNOWN_FEATURES.has(feature)) throw unreadable(`the .osm.pbf file requires "${feature.slice(0, 60)}", which OneMap does not read (only OsmSchema-V0.6 and DenseNodes)`);
    }
  }
}

/** The decoder's output narrowed to what the roads need. */
function asElement(o: object): OsmElement {
  const e = o as { type?: string; id?: number; lon?: number; lat?: number; refs?: number[]; tags?: Record<string, string> };
  if (e.type === 'node') return { type: 'node', id: e.id!, lon: e.lon!, lat: e.lat! };
  if (e.type === 'way') return { type: 'way', id: e.id!, refs: e.refs ?? [], tags: e.tags ?? {} };
  return { type: 'relation' };
}

function decode(data: Buffer, options: OSMTransform): OsmElement[] {
  try {
    return parse(data, options).map(asElement);
  } catch (e) {
    throw unreadable(`a block of the .osm.pbf file cannot be decoded: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`);
  }
}

export async function* osmPbfElements(path: string, limits: Pick<ImportLimits, 'maxDecompressedBytes'>, counter: { bytes: number }): AsyncGenerator<OsmElement[]> {
  const file = await fs.open(path, 'r');
  // Node tags are never used: leaving them out spares most of the decoding.
  const options = new OSMTransform({ withTags: { node: false, way: true, relation: false }, withInfo: false });
  const budget = { left: limits.maxDecompressedBytes };
  const readExactly = async (n: number, what: string): Promise<Buffer> => {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await file.read(buf, 0, n, counter.bytes);
    if (bytesRead < n) throw unreadable(`the .osm.pbf file ends inside ${what} (truncated)`);
    counter.bytes += n;
    return buf;
  };
  try {
    const size = (await file.stat()).size;
    let first = true;
    while (counter.bytes < size) {
      const length = (await readExactly(4, 'a block length')).readUInt32BE(0);
      if (length > MAX_HEADER) throw unreadable(first ? 'the file is not an .osm.pbf file' : `a block header of the .osm.pbf file is ${length} bytes; the format allows 64 KiB`);
      const header = blobHeader(await readExactly(length, 'a block header'));
      if (first && header.type !== 'OSMHeader') throw unreadable(`an .osm.pbf file starts with an OSMHeader block, not ${JSON.stringify(header.type.slice(0, 40))}`);
      first = false;
      if (header.datasize > MAX_BLOCK) throw unreadable(`a block of the .osm.pbf file is ${header.datasize} bytes; the format allows 32 MiB`);
      const blob = await readExactly(header.datasize, 'a block');
      if (header.type === 'OSMHeader') checkHeaderBlock(blobData(blob, budget));
      // Unknown block types are skipped, as the format says.
      else if (header.type === 'OSMData') yield decode(blobData(blob, budget), options);
    }
  } catch (e) {
    if (e instanceof ProtobufError) throw unreadable(`the .osm.pbf file is damaged: ${e.message}`);
    throw e;
  } finally {
    await file.close();
  }
}
