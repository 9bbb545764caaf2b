/**
 * The figures every benchmark reports: medians and percentiles of run times, and memory (peak
 * resident set, heap, what an index retains). A percentile is the value at rank ⌊q·n⌋ of the
 * sorted runs (the upper median for an even count), so all benches round alike.
 *
 * @example
 * median([3, 1, 2]);                 // 2
 * stats(times);                      // { n, p50, p95, p99, mean }
 * peakRssMb();                       // this process's peak resident memory
 */
import fs from 'node:fs';

/** The value at rank ⌊q·n⌋ of the sorted values (the last one for q = 1); NaN for none. */
export function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Count, median, 95th and 99th percentiles and mean. */
export function stats(xs: readonly number[]): Stats {
  return { n: xs.length, p50: percentile(xs, 0.5), p95: percentile(xs, 0.95), p99: percentile(xs, 0.99), mean: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length) };
}

/** Median, least and most. */
export function spread(xs: readonly number[]): { median: number; min: number; max: number } {
  return { median: median(xs), min: percentile(xs, 0), max: percentile(xs, 1) };
}

const MB = 2 ** 20;

/** Peak resident memory of this process so far, MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in KB
}

/** Resident memory of this process now, or of another (by pid, from /proc), MB. */
export function rssMb(pid?: number): number {
  if (pid === undefined) return process.memoryUsage().rss / MB;
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** JS heap in use now, MB. */
export function heapUsedMb(): number {
  return process.memoryUsage().heapUsed / MB;
}

/**
 * Memory the process still holds after a full collection (heap + typed arrays), MB: what a
 * structure built in between retains. Needs node --expose-gc to collect first.
 */
export function retainedMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / MB;
}
