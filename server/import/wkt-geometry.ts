/**
 * Reads Well-Known Text geometries (OGC 06-103r4), as spreadsheets and database dumps carry
 * them: POINT, LINESTRING, POLYGON and their MULTI forms, with Z/M dropped, and the EWKT
 * "SRID=n;" prefix. Throws an Error that says where the text went wrong.
 */
import type { Geometry, Position } from 'geojson';

export interface ParsedWkt {
  geometry: Geometry | null;
  srid?: number;
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  word(): string {
    this.skip();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i, this.i + 32));
    if (!m) throw new Error(`expected a word at character ${this.i + 1}`);
    this.i += m[0].length;
    return m[0].toUpperCase();
  }

  peek(): string {
    this.skip();
    return this.s[this.i] ?? '';
  }

  expect(ch: string): void {
    if (this.peek() !== ch) throw new Error(`expected "${ch}" at character ${this.i + 1}`);
    this.i++;
  }

  number(): number {
    this.skip();
    const m = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) throw new Error(`expected a number at character ${this.i + 1}`);
    this.i += m[0].length;
    return Number(m[0]);
  }
}

function position(r: Reader, dims: number): Position {
  const p: number[] = [];
  for (let d = 0; d < dims; d++) p.push(r.number());
  return [p[0], p[1]];
}

/** How many numbers a position has: from a Z/M/ZM tag, else by counting the first one. */
function dimensions(r: Reader, tag: string): number {
  if (tag === 'ZM') return 4;
  if (tag === 'Z' || tag === 'M') return 3;
  const save = r.i;
  let n = 0;
  while (r.peek() === '(') r.i++;
  while (/[-+.\d]/.test(r.peek())) {
    r.number();
    n++;
  }
  r.i = save;
  return Math.max(2, Math.min(4, n));
}

function list<T>(r: Reader, item: () => T): T[] {
  r.expect('(');
  const out = [item()];
  while (r.peek() === ',') {
    r.i++;
    out.push(item());
  }
  r.expect(')');
  return out;
}

export function parseWkt(text: string): ParsedWkt {
  let s = text.trim();
  let srid: number | undefined;
  const e = /^SRID=(\d+);/i.exec(s);
  if (e) {
    srid = Number(e[1]);
    s = s.slice(e[0].length);
  }
  const r = new Reader(s);
  const type = r.word();
  let tag = '';
  if (/^[A-Z]/i.test(r.peek())) {
    const w = r.word();
    if (w === 'EMPTY') return { geometry: null, srid };
    tag = w;
    if (!['Z', 'M', 'ZM'].includes(tag)) throw new Error(`unexpected "${w}" after ${type}`);
    if (/^[A-Z]/i.test(r.peek())) {
      if (r.word() === 'EMPTY') return { geometry: null, srid };
      throw new Error(`unexpected word after ${type} ${tag}`);
    }
  }
  const dims = dimensions(r, tag);
  const pos = () => position(r, dims);
  const ring = () => list(r, pos);
  const poly = () => list(r, ring);
  // MULTIPOINT allows its points with or without their own brackets.
  const mpoint = () => {
    if (r.peek() !== '(') return pos();
    r.i++;
    const p = pos();
    r.expect(')');
    return p;
  };
  let geometry: Geometry;
  switch (type) {
    case 'POINT':
      r.expect('(');
      geometry = { type: 'Point', coordinates: pos() };
      r.expect(')');
      break;
    case 'LINESTRING':
      geometry = { type: 'LineString', coordinates: ring() };
      break;
    case 'POLYGON':
      geometry = { type: 'Polygon', coordinates: poly() };
      break;
    case 'MULTIPOINT':
      geometry = { type: 'MultiPoint', coordinates: list(r, mpoint) };
      break;
    case 'MULTILINESTRING':
      geometry = { type: 'MultiLineString', coordinates: list(r, ring) };
      break;
    case 'MULTIPOLYGON':
      geometry = { type: 'MultiPolygon', coordinates: list(r, poly) };
      break;
    default:
      throw new Error(`geometry type ${type} is not supported`);
  }
  if (r.peek() !== '') throw new Error(`unexpected text at character ${r.i + 1}`);
  return { geometry, srid };
}
