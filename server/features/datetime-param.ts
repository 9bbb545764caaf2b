/**
 * The `datetime` parameter of OGC API – Features: an RFC 3339 instant (a date-time, or a date
 * meaning that whole UTC day) or a closed interval `start/end` whose ends may be open (`..` or
 * empty). Parsed into bounds for one timestamp column; the values go to SQL as bound parameters.
 */
import { badRequest } from '../http/errors.ts';
import type { TimeBounds } from '../layers/repository.ts';

export type { TimeBounds };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const fail = (raw: string, why: string) =>
  badRequest(`datetime ${why}: give an RFC 3339 instant (2024-06-01T08:00:00Z or 2024-06-01) or an interval a/b, ../b or a/..`, [{ field: 'datetime', message: `got "${raw.slice(0, 80)}"` }]);

/** Instants PostgreSQL stores and toISOString writes plainly: years 0001 to 9999 (in UTC). */
function inRange(iso: string, raw: string): string {
  if (!/^\d{4}-/.test(iso) || iso.startsWith('0000')) throw fail(raw, 'lies outside the years 1 to 9999');
  return iso;
}

/** A calendar date that exists (Date.UTC would roll 2024-02-30 over into March), at 00:00 UTC. */
function calendarDate(value: string, raw: string): Date {
  const m = DATE.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw fail(raw, `has an impossible date "${value}"`);
  return d;
}

/** A date's first instant, and the first instant of the next day. */
function day(value: string, raw: string): { start: string; next: string } {
  const d = calendarDate(value, raw);
  return { start: inRange(d.toISOString(), raw), next: inRange(new Date(d.getTime() + 86_400_000).toISOString(), raw) };
}

function instant(value: string, raw: string): string {
  // RFC 3339 allows a lower-case t and z; Date.parse wants them upper-case.
  const t = Date.parse(value.toUpperCase());
  if (!DATE_TIME.test(value) || Number.isNaN(t)) throw fail(raw, `has an impossible time "${value}"`);
  calendarDate(value.slice(0, 10), raw); // the date itself must exist (no 30 February)
  return inRange(new Date(t).toISOString(), raw);
}

type End = { kind: 'open' } | { kind: 'date'; start: string; next: string } | { kind: 'time'; at: string };

function end(value: string, raw: string): End {
  if (value === '' || value === '..') return { kind: 'open' };
  if (DATE.test(value)) return { kind: 'date', ...day(value, raw) };
  if (DATE_TIME.test(value)) return { kind: 'time', at: instant(value, raw) };
  throw fail(raw, `is not understood ("${value}")`);
}

export function parseDatetime(raw: string): TimeBounds {
  const parts = raw.trim().split('/');
  if (parts.length > 2) throw fail(raw, 'has more than one "/"');
  if (parts.length === 1) {
    const e = end(parts[0], raw);
    if (e.kind === 'open') throw fail(raw, 'is empty');
    return e.kind === 'date' ? { gte: e.start, lt: e.next } : { gte: e.at, lte: e.at };
  }
  const [a, b] = [end(parts[0], raw), end(parts[1], raw)];
  const out: TimeBounds = {};
  if (a.kind === 'date') out.gte = a.start;
  if (a.kind === 'time') out.gte = a.at;
  if (b.kind === 'date') out.lt = b.next;
  if (b.kind === 'time') out.lte = b.at;
  const upper = out.lte ?? out.lt;
  if (out.gte !== undefined && upper !== undefined && (out.lte !== undefined ? out.gte > out.lte : out.gte >= upper)) throw fail(raw, 'ends before it starts');
  return out;
}
