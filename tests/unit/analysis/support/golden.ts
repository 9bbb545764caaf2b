/**
 * Golden files: an answer recorded once and compared to the letter on every run, so that a
 * change of any figure, order or tie-break shows up as a failing test with a readable diff.
 * The files are rewritten only when the environment sets REGEN=1 (after a change whose new
 * answers have been checked by hand); without it a missing file is a failure, never a write.
 *
 * @example
 * expectGolden('tests/fixtures/golden/coverage/out/tiny-city.geojson', coverage(city));
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The repository root, so golden paths read the same from any test file. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const regenerating = process.env.REGEN === '1';

/**
 * Compares `value`, written as {@link goldenText}, with the file at `file` (relative to the
 * repository root); with REGEN=1 writes the file instead.
 */
export function expectGolden(file: string, value: unknown): void {
  const full = path.resolve(ROOT, file);
  const text = goldenText(value);
  if (regenerating) {
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    return;
  }
  if (!fs.existsSync(full)) throw new Error(`golden file ${file} is missing: record it with REGEN=1 once its answer has been checked`);
  // compared as text: every digit, key order and array order counts
  expect(text).toBe(fs.readFileSync(full, 'utf8'));
}

/**
 * JSON with two-space indentation, except that an array holding only numbers, strings,
 * booleans and nulls stays on one line (a coordinate pair, a ring of them, an assignment),
 * which keeps geometries readable and diffs short. NaN and ±Infinity become null, as in JSON.
 */
export function goldenText(value: unknown): string {
  return `${format(JSON.parse(JSON.stringify(value)) as unknown, '')}\n`;
}

function format(v: unknown, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isFlat)) return JSON.stringify(v);
    const inner = indent + '  ';
    return `[\n${v.map((x) => inner + format(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

/** A leaf, or an array of leaves (a coordinate pair). */
function isFlat(x: unknown): boolean {
  return x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object'));
}
