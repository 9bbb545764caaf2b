/**
 * CQL2 text, cut into tokens. Every token keeps its character offset so that a syntax error can
 * say where it is. Keywords are matched case-insensitively by the parser, not here.
 */
import { Cql2Error } from './errors.ts';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'end';

export interface Token {
  kind: TokenKind;
  /** word: as written; quoted: the identifier inside "…"; string: the value with '' undone; op: the operator. */
  text: string;
  /** 0-based character offset of the token's first character. */
  at: number;
}

const OPS = ['<>', '<=', '>=', '=', '<', '>'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c, text: c, at });
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, at });
      i += op.length;
      continue;
    }
    if (c === "'" || c === '"') {
      // Both quotes escape themselves by doubling ('it''s', "a""b").
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Cql2Error(at, `a closing ${c} for the ${c === "'" ? 'string' : 'quoted name'} opened here`, 'the end of the filter');
        if (src[i] === c) {
          if (src[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += src[i++];
      }
      out.push({ kind: c === "'" ? 'string' : 'quoted', text, at });
      continue;
    }
    const num = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
    // No arithmetic is offered, so a sign always belongs to the number after it.
    if (num) {
      out.push({ kind: 'number', text: num[0], at });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(src.slice(i, i + 256));
    if (word) {
      out.push({ kind: 'word', text: word[0], at });
      i += word[0].length;
      continue;
    }
    throw new Cql2Error(at, 'a name, a literal, an operator or a parenthesis', `"${c}"`);
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}
