/**
 * Geometry literals of CQL2 text: WKT (POINT, LINESTRING, POLYGON, their MULTI forms and
 * GEOMETRYCOLLECTION, 2D) and BBOX(west, south, east, north). Read from the filter's tokens and
 * written again as WKT from the numbers alone, longitude first, for ST_GeomFromText as a bound
 * parameter; rings must close and coordinates lie on the globe, so that the database never
 * refuses what was accepted here.
 */
import type { Token } from './tokens.ts';
import { Cql2Error, Cql2Refusal } from './errors.ts';

export interface ReadGeometry {
  wkt: string;
  /** The index of the token after the literal. */
  next: number;
  positions: number;
}

const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the filter' : `"${t.text.slice(0, 40)}"`);

type Position = [number, number];

export function readGeometry(tokens: Token[], start: number, opts: { toCrs84?: (p: number[]) => number[]; crsName?: string; positionsLeft: number }): ReadGeometry {
  let i = start;
  let positions = 0;
  const peek = () => tokens[Math.min(i, tokens.length - 1)];
  const next = () => tokens[Math.min(i++, tokens.length - 1)];
  const expect = (kind: Token['kind'], what: string): Token => {
    const t = peek();
    if (t.kind !== kind) throw new Cql2Error(t.at, what, describe(t));
    return next();
  };
  const number = (): number => {
    const t = expect('number', 'a coordinate (a number)');
    return Number(t.text);
  };
  const position = (): Position => {
    const at = peek().at;
    const [a, b] = [number(), number()];
    const [x, y] = opts.toCrs84 ? opts.toCrs84([a, b]) : [a, b];
    if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) throw new Cql2Refusal(`the position ${a} ${b} is not on the globe in ${opts.crsName ?? 'CRS84 (longitude latitude, in degrees)'}`, at);
    if (++positions > opts.positionsLeft) throw new Cql2Refusal('geometry literals hold more positions than the cap on positions allows', at);
    return [x, y];
  };
  /** "(" item {"," item} ")" */
  const list = <T>(item: () => T): T[] => {
    expect('(', '"("');
    const out = [item()];
    while (peek().kind === ',') {
      next();
      out.push(item());
    }
    expect(')', '"," or ")"');
    return out;
  };
  const xy = (p: Position) => `${p[0]} ${p[1]}`;
  const line = (min: number) => () => {
    const at = peek().at;
    const ps = list(position);
    if (ps.length < min) throw new Cql2Refusal(`a ${min === 4 ? 'polygon ring' : 'line'} needs at least ${min} positions`, at);
    if (min === 4 && xy(ps[0]) !== xy(ps[ps.length - 1])) throw new Cql2Refusal('a polygon ring must end where it starts', at);
    return `(${ps.map(xy).join(', ')})`;
  };
  const polygon = () => `(${list(line(4)).join(', ')})`;
  // A MULTIPOINT's points may or may not have their own parentheses.
  const multiPoint = () => (peek().kind === '(' ? `(${list(position).map(xy).join(', ')})` : xy(position()));

  const geometry = (): string => {
    const t = expect('word', 'a geometry (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION or BBOX)');
    const kind = t.text.toUpperCase();
    switch (kind) {
      case 'POINT': {
        expect('(', '"(" after POINT');
        const p = position();
        expect(')', '")" closing the POINT (it holds one position)');
        return `POINT(${xy(p)})`;
      }
      case 'LINESTRING':
        return `LINESTRING${line(2)()}`;
      case 'POLYGON':
        return `POLYGON${polygon()}`;
      case 'MULTIPOINT':
        return `MULTIPOINT(${list(multiPoint).join(', ')})`;
      case 'MULTILINESTRING':
        return `MULTILINESTRING(${list(line(2)).join(', ')})`;
      case 'MULTIPOLYGON':
        return `MULTIPOLYGON(${list(polygon).join(', ')})`;
      case 'GEOMETRYCOLLECTION':
        return `GEOMETRYCOLLECTION(${list(geometry).join(', ')})`;
      case 'BBOX':
        return bbox(t);
      default:
        throw new Cql2Error(t.at, 'a geometry (POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION or BBOX)', describe(t));
    }
  };
  const bbox = (t: Token): string => {
    const nums = list(number);
    if (nums.length !== 4 && nums.length !== 6) throw new Cql2Refusal('BBOX takes 4 numbers (or 6 with heights)', t.at);
    // With six values the third and sixth are heights, which a 2D service ignores.
    const [a, b, c, d] = nums.length === 6 ? [nums[0], nums[1], nums[3], nums[4]] : nums;
    let [w, s, e, n] = [a, b, c, d];
    if (opts.toCrs84) {
      // Corners in the filter's CRS (its own axis order) as west, south, east, north in CRS84.
      const [p, q] = [opts.toCrs84([a, b]), opts.toCrs84([c, d])];
      [w, s, e, n] = [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])];
    }
    if (!(w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n)) throw new Cql2Refusal('BBOX must be west, south, east, north on the globe, west ≤ east and south ≤ north', t.at);
    positions += 4;
    if (positions > opts.positionsLeft) throw new Cql2Refusal('geometry literals hold more positions than the cap on positions allows', t.at);
    return `POLYGON((${w} ${s}, ${e} ${s}, ${e} ${n}, ${w} ${n}, ${w} ${s}))`;
  };

  const wkt = geometry();
  return { wkt, next: i, positions };
}
