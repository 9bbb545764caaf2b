/**
 * Writes a deterministic sample dataset:
 *   npx tsx data/generate/cli.ts --scale county|province --seed N [--out DIR]
 * Same scale and seed → byte-identical files. Default DIR: data/generated/<scale>-<seed> (git-ignored).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generate } from './generate.ts';
import { writeDataset } from './write.ts';

const Args = z.object({
  scale: z.enum(['county', 'province']),
  seed: z.coerce.number().int().min(0).max(0xffffffff),
  out: z.string().min(1).optional(),
});

function main(): void {
  const { values } = parseArgs({ options: { scale: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error('usage: npx tsx data/generate/cli.ts --scale county|province --seed N [--out DIR]');
    console.error(z.prettifyError(parsed.error));
    process.exit(2);
  }
  const { scale, seed } = parsed.data;
  const out = parsed.data.out ?? `data/generated/${scale}-${seed}`;
  const started = Date.now();
  const dataset = generate(scale, seed);
  writeDataset(out, dataset.layers, dataset.manifest);
  const counts = Object.entries(dataset.manifest.counts).map(([k, v]) => `${k}=${v}`).join(' ');
  console.log(`${scale} seed ${seed} → ${out}: ${counts} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main();
