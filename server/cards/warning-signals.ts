/**
 * The warning signals printed on the evacuation card, read once from a JSON file and checked,
 * so a deployment in another province replaces the file, not the code.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { validationSummary } from '../http/validation-errors.ts';

const label = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const labelList = z.strictObject({ zh: z.array(z.string().min(1)), en: z.array(z.string().min(1)) });

const level = z.strictObject({
  colour: z.enum(['white', 'blue', 'yellow', 'orange', 'red']),
  name: label,
  meaning: label,
  actions: labelList,
});

export const warningSignalsFile = z.object({
  region: label,
  signals: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z_]+$/), title: label, source: label, levels: z.array(level).min(1) }))
    .min(1),
  danger_signs: labelList,
});

export type WarningSignals = z.infer<typeof warningSignalsFile>;

export function loadWarningSignals(path: string): WarningSignals {
  const parsed = warningSignalsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`invalid warning signals in ${path}: ${validationSummary(parsed.error)}`);
  }
  return parsed.data;
}
