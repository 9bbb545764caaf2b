/**
 * Text encodings of Chinese data files: UTF-8 or GBK (read as GB18030, its superset).
 * A Shapefile says which in its .cpg (or the dbf's language driver byte); a CSV does not, so
 * its first bytes decide: valid UTF-8 is UTF-8, anything else is GBK.
 */

// A Map: the names come from the request and a file, and "constructor" is no encoding.
const ALIASES = new Map<string, string>(Object.entries({
  utf8: 'utf-8', '65001': 'utf-8',
  gbk: 'gb18030', gb2312: 'gb18030', gb18030: 'gb18030', '936': 'gb18030', euccn: 'gb18030',
  big5: 'big5', '950': 'big5',
  latin1: 'windows-1252', '1252': 'windows-1252', iso88591: 'windows-1252',
}));

/** TextDecoder label for an encoding name from a .cpg or a parameter ("GBK", "CP936", "UTF-8"…); undefined if unknown. */
export function encodingLabel(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/[-_\s]/g, '');
  const codePage = /^(?:cp|ansi|windows|ms)(\d+)$/.exec(key)?.[1];
  return ALIASES.get(codePage ?? key);
}

/** dBASE language driver ids that name a Chinese code page. */
export function encodingFromLanguageDriver(ldid: number): string | undefined {
  if (ldid === 0x4d || ldid === 0x7a) return 'gb18030'; // 936 (GBK)
  if (ldid === 0x4f || ldid === 0x78) return 'big5';
  return undefined;
}

/** Is this prefix of a file valid UTF-8? A multi-byte character cut at the end is allowed. */
export function isUtf8(bytes: Uint8Array): boolean {
  // Allow up to 3 bytes of a character cut off by the end of the sample.
  for (let cut = 0; cut <= Math.min(3, bytes.length); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try a shorter prefix
    }
  }
  return false;
}

/** Encoding of a text file from its first bytes: a BOM, else UTF-8 if valid, else GBK. */
export function sniffTextEncoding(head: Uint8Array): { label: string; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { label: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { label: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { label: 'utf-16be', bom: 2 };
  return { label: isUtf8(head) ? 'utf-8' : 'gb18030', bom: 0 };
}
