/**
 * A small seeded pseudo-random generator (mulberry32): the same sequence for the same seed, so
 * tie-breaking, benchmarks and generated test instances repeat exactly from run to run.
 *
 * @example
 * const rnd = mulberry32(42); rnd(); // 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
