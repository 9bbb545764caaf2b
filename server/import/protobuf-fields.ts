/**
 * The fields of one Protocol Buffers message, read without a schema: enough for the few small
 * framing messages of an .osm.pbf file (BlobHeader, Blob, HeaderBlock). Varints above 2^53 are
 * refused rather than rounded.
 */
export type ProtoField = { field: number; varint: number } | { field: number; bytes: Buffer };

export class ProtobufError extends Error {}

function varint(buf: Buffer, at: { pos: number }): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (at.pos >= buf.length) throw new ProtobufError('a number runs past the end of its message');
    const b = buf[at.pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
  throw new ProtobufError('a number is too large');
}

export function* protoFields(buf: Buffer): Generator<ProtoField> {
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = varint(buf, at);
    const [field, wire] = [Math.floor(key / 8), key % 8];
    if (wire === 0) yield { field, varint: varint(buf, at) };
    else if (wire === 2) {
      const n = varint(buf, at);
      if (at.pos + n > buf.length) throw new ProtobufError('a field runs past the end of its message');
      yield { field, bytes: buf.subarray(at.pos, at.pos + n) };
      at.pos += n;
    } else if (wire === 1 || wire === 5) at.pos += wire === 1 ? 8 : 4;
    else throw new ProtobufError(`wire type ${wire} is not used by the OSM format`);
  }
  if (at.pos > buf.length) throw new ProtobufError('a field runs past the end of its message');
}
