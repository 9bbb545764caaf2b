/**
 * CQL2 text (OGC 21-065) read by recursive descent into a FilterNode tree: basic CQL2
 * (comparisons, AND/OR/NOT, IS NULL), the advanced comparison operators (LIKE, BETWEEN, IN) and the
 * spatial functions with WKT or BBOX literals. Property names are checked against the layer's
 * queryables and literals against the property's type, so the tree only holds what SQL can run.
 * Caps on length, nesting, nodes and positions are checked as the text is read.
 */
import { HttpError } from '../../http/errors.ts';
import { parseDatetime } from '../datetime-param.ts';
import { SPATIAL_FUNCTIONS, type CompareOp, type FilterNode, type GeometryOperand, type Literal, type PropType, type SpatialFunction } from './ast.ts';
import { Cql2Error, Cql2Refusal } from './errors.ts';
import { tokenize, type Token } from './tokens.ts';
import { readGeometry } from './wkt.ts';

export const FILTER_CAPS = {
  /** Characters of filter text. */
  length: 8192,
  /** Parentheses and NOTs inside one another. */
  depth: 20,
  /** Conditions, operands and listed values. */
  nodes: 500,
  /** Coordinate pairs over all geometry literals. */
  positions: 1000,
};

export interface ParseOptions {
  /** The properties a filter may name, with their types (the layer's queryables). */
  properties: Record<string, PropType>;
  /** Geometry literals are in another CRS (filter-crs): each position to CRS84, and that CRS's name. */
  toCrs84?: (p: number[]) => number[];
  crsName?: string;
  /**
   * The draft language `cql-text` that older clients send (GDAL up to 3.6): also ILIKE, and a
   * time compared with a quoted RFC 3339 string rather than TIMESTAMP('…').
   */
  draft?: boolean;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'TIMESTAMP', 'DATE']);

/** Which literals a property of each type compares with. */
const LITERAL_OF: Record<Exclude<PropType, 'geometry'>, Literal['t']> = { string: 'string', number: 'number', boolean: 'boolean', datetime: 'timestamp' };
const TYPE_WORDS: Record<Literal['t'], string> = { string: 'a string', number: 'a number', boolean: 'a boolean', timestamp: 'a TIMESTAMP or DATE' };

const describe = (t: Token): string => (t.kind === 'end' ? 'the end of the filter' : t.kind === 'string' ? `'${t.text.slice(0, 40)}'` : `"${t.text.slice(0, 40)}"`);

export function parseCql2(src: string, opts: ParseOptions): FilterNode {
  if (src.length > FILTER_CAPS.length) {
    throw new HttpError(413, 'filter_too_large', `filter is longer than ${FILTER_CAPS.length} characters (the cap)`, [{ field: 'filter', message: `${src.length} characters` }]);
  }
  return new Parser(tokenize(src), opts).filter();
}

class Parser {
  private i = 0;
  private nodes = 0;
  private positions = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly opts: ParseOptions,
  ) {}

  filter(): FilterNode {
    const node = this.or(0);
    const t = this.peek();
    if (t.kind !== 'end') throw new Cql2Error(t.at, t.kind === ')' ? 'the end of the filter (this ")" closes nothing)' : 'AND, OR or the end of the filter', describe(t));
    return node;
  }

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }

  private accept(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.i++;
    return true;
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw new Cql2Error(t.at, what, describe(t));
    return this.next();
  }

  private expectWord(word: string): void {
    const t = this.peek();
    if (!this.accept(word)) throw new Cql2Error(t.at, word, describe(t));
  }

  private node<T extends FilterNode>(n: T, at: number): T {
    if (++this.nodes > FILTER_CAPS.nodes) throw new Cql2Refusal(`more than ${FILTER_CAPS.nodes} conditions and values (the cap on nodes)`, at);
    return n;
  }

  private or(depth: number): FilterNode {
    const at = this.peek().at;
    const args = [this.and(depth)];
    while (this.accept('OR')) args.push(this.and(depth));
    return args.length === 1 ? args[0] : this.node({ op: 'or', args }, at);
  }

  private and(depth: number): FilterNode {
    const at = this.peek().at;
    const args = [this.not(depth)];
    while (this.accept('AND')) args.push(this.not(depth));
    return args.length === 1 ? args[0] : this.node({ op: 'and', args }, at);
  }

  private deeper(depth: number, at: number): number {
    if (depth + 1 > FILTER_CAPS.depth) throw new Cql2Refusal(`nested more than ${FILTER_CAPS.depth} deep (the cap on nesting)`, at);
    return depth + 1;
  }

  private not(depth: number): FilterNode {
    const t = this.peek();
    if (this.accept('NOT')) return this.node({ op: 'not', arg: this.not(this.deeper(depth, t.at)) }, t.at);
    return this.primary(depth);
  }

  private primary(depth: number): FilterNode {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      const inner = this.or(this.deeper(depth, t.at));
      this.expect(')', '")" or AND/OR');
      return inner;
    }
    if (t.kind === 'word') {
      const upper = t.text.toUpperCase();
      if ((SPATIAL_FUNCTIONS as readonly string[]).includes(upper) && this.peek(1).kind === '(') return this.spatial(upper as SpatialFunction);
      if ((upper === 'TRUE' || upper === 'FALSE') && !this.startsComparison(1)) {
        this.next();
        return this.node({ op: 'literal', value: upper === 'TRUE' }, t.at);
      }
    }
    return this.predicate();
  }

  private startsComparison(k: number): boolean {
    return this.peek(k).kind === 'op';
  }

  /** A property or a literal, the two sides of a comparison. */
  private operand(): { property: string; type: PropType; at: number } | { literal: Literal; at: number } {
    const t = this.peek();
    if (t.kind === 'quoted' || (t.kind === 'word' && !KEYWORDS.has(t.text.toUpperCase()))) {
      if (t.kind === 'word' && this.peek(1).kind === '(') throw new Cql2Refusal(`unknown function "${t.text.slice(0, 40)}"; the functions are ${SPATIAL_FUNCTIONS.join(', ')}`, t.at);
      this.next();
      const type = Object.hasOwn(this.opts.properties, t.text) ? this.opts.properties[t.text] : undefined;
      if (!type) throw new Cql2Refusal(`unknown property "${t.text.slice(0, 40)}"; the queryables are ${Object.keys(this.opts.properties).join(', ')}`, t.at);
      return { property: t.text, type, at: t.at };
    }
    return { literal: this.literal(), at: t.at };
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { t: 'string', value: t.text };
    if (t.kind === 'number') {
      const value = Number(t.text);
      if (!Number.isFinite(value)) throw new Cql2Error(t.at, 'a finite number', describe(t));
      return { t: 'number', value };
    }
    if (t.kind === 'word') {
      const upper = t.text.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return { t: 'boolean', value: upper === 'TRUE' };
      if (upper === 'TIMESTAMP' || upper === 'DATE') {
        this.expect('(', `"(" after ${upper}`);
        const s = this.expect('string', `a quoted ${upper === 'DATE' ? 'date' : 'timestamp'}`);
        this.expect(')', `")" closing ${upper}(`);
        return { t: 'timestamp', value: instant(upper, s) };
      }
    }
    throw new Cql2Error(t.at, 'a property name or a literal (string, number, TRUE/FALSE, TIMESTAMP, DATE)', describe(t));
  }

  private checked(type: PropType, name: string, lit: Literal, at: number): Literal {
    if (type === 'geometry') throw new Cql2Refusal(`"${name}" is a geometry: compare it with S_INTERSECTS, S_WITHIN or another spatial function`, at);
    if (this.opts.draft && type === 'datetime' && lit.t === 'string') {
      const kind = /^\d{4}-\d{2}-\d{2}$/.test(lit.value) ? 'DATE' : 'TIMESTAMP';
      return { t: 'timestamp', value: instant(kind, { kind: 'string', text: lit.value, at }) };
    }
    if (lit.t !== LITERAL_OF[type]) throw new Cql2Refusal(`"${name}" holds ${TYPE_WORDS[LITERAL_OF[type]].replace(/^a /, '')}s, not ${TYPE_WORDS[lit.t]}`, at);
    return lit;
  }

  private predicate(): FilterNode {
    const first = this.operand();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      const second = this.operand();
      // A comparison holds one property and one literal, either way round.
      if ('property' in first && 'literal' in second) return this.node({ op: 'compare', compare: t.text as CompareOp, property: first.property, value: this.checked(first.type, first.property, second.literal, second.at) }, first.at);
      if ('literal' in first && 'property' in second) return this.node({ op: 'compare', compare: FLIPPED[t.text as CompareOp], property: second.property, value: this.checked(second.type, second.property, first.literal, first.at) }, first.at);
      throw new Cql2Refusal('a comparison takes one property and one literal (comparing two properties or two literals is not offered)', first.at);
    }
    if (!('property' in first)) throw new Cql2Error(t.at, 'a comparison operator (= <> < > <= >=)', describe(t));
    const { property, type } = first;
    if (this.accept('IS')) {
      const not = this.accept('NOT');
      this.expectWord('NULL');
      return this.node({ op: 'isNull', property, not }, first.at);
    }
    const not = this.accept('NOT');
    const kw = this.peek();
    const ilike = this.opts.draft === true && this.isWord('ILIKE');
    if (this.accept('LIKE') || (ilike && this.accept('ILIKE'))) {
      if (type !== 'string') throw new Cql2Refusal(`LIKE compares strings; "${property}" is not one`, kw.at);
      const p = this.expect('string', 'a quoted pattern after LIKE');
      return this.node({ op: 'like', property, pattern: p.text, not, ...(ilike ? { caseInsensitive: true } : {}) }, first.at);
    }
    if (this.accept('BETWEEN')) {
      if (type !== 'number') throw new Cql2Refusal(`BETWEEN compares numbers; "${property}" is not one`, kw.at);
      const lowAt = this.peek().at;
      const low = this.checked(type, property, this.literal(), lowAt);
      this.expectWord('AND');
      const highAt = this.peek().at;
      const high = this.checked(type, property, this.literal(), highAt);
      return this.node({ op: 'between', property, low, high, not }, first.at);
    }
    if (this.accept('IN')) {
      this.expect('(', '"(" opening the list after IN');
      const values: Literal[] = [];
      do {
        const at = this.peek().at;
        values.push(this.checked(type, property, this.literal(), at));
        this.node({ op: 'literal', value: true }, at); // each listed value counts towards the cap
      } while (this.peek().kind === ',' && this.next());
      this.expect(')', '"," or ")" in the IN list');
      return this.node({ op: 'in', property, values, not }, first.at);
    }
    throw new Cql2Error(kw.at, not ? 'LIKE, BETWEEN or IN after NOT' : 'a comparison operator, LIKE, BETWEEN, IN or IS [NOT] NULL', describe(kw));
  }

  private spatial(fn: SpatialFunction): FilterNode {
    const at = this.next().at;
    this.expect('(', `"(" after ${fn}`);
    const a = this.geometryOperand(fn);
    this.expect(',', `"," between the two geometries of ${fn}`);
    const b = this.geometryOperand(fn);
    this.expect(')', `")" closing ${fn}(`);
    return this.node({ op: 'spatial', fn, a, b }, at);
  }

  private geometryOperand(fn: string): GeometryOperand {
    const t = this.peek();
    if (t.kind === 'quoted' || (t.kind === 'word' && this.peek(1).kind !== '(' && !this.isGeometryWord(t))) {
      const o = this.operand();
      if (!('property' in o) || o.type !== 'geometry') throw new Cql2Refusal(`${fn} compares geometries; "${t.text.slice(0, 40)}" is not the geometry`, t.at);
      return { g: 'property' };
    }
    const g = readGeometry(this.tokens, this.i, { toCrs84: this.opts.toCrs84, crsName: this.opts.crsName, positionsLeft: FILTER_CAPS.positions - this.positions });
    this.i = g.next;
    this.positions += g.positions;
    return { g: 'wkt', wkt: g.wkt };
  }

  private isGeometryWord(t: Token): boolean {
    return /^(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION|BBOX)$/i.test(t.text);
  }
}

const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

/** TIMESTAMP('2024-06-01T08:00:00Z') or DATE('2024-06-01') as an ISO instant in UTC. */
function instant(kind: 'TIMESTAMP' | 'DATE', s: Token): string {
  const ok = kind === 'DATE' ? /^\d{4}-\d{2}-\d{2}$/.test(s.text) : /^\d{4}-\d{2}-\d{2}[Tt]/.test(s.text) && !s.text.includes('/');
  let gte: string | undefined;
  if (ok) {
    try {
      gte = parseDatetime(s.text).gte;
    } catch {
      gte = undefined;
    }
  }
  if (!gte) throw new Cql2Refusal(`${kind}('${s.text.slice(0, 40)}') is not ${kind === 'DATE' ? 'a date like 2024-06-01' : 'an RFC 3339 instant like 2024-06-01T08:00:00Z'}`, s.at);
  return gte;
}
