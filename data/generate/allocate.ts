/** Splits an integer total in proportion to weights, exactly (largest remainder), with an optional floor each. */
export function allocate(total: number, weights: readonly number[], minimum = 0): number[] {
  const n = weights.length;
  const free = total - minimum * n;
  if (free < 0) throw new Error(`cannot give ${minimum} each to ${n} parts out of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum > 0 ? (free * w) / sum : free / n));
  const out = raw.map((r) => Math.floor(r));
  let left = free - out.reduce((a, b) => a + b, 0);
  // Ties break by index so the split never depends on sort stability.
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left-- <= 0) break;
    out[i] += 1;
  }
  return out.map((v) => v + minimum);
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
