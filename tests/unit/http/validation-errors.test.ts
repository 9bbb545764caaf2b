import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationDetails, validationSummary } from '../../../server/http/validation-errors.ts';

const schema = z.strictObject({
  name: z.string().min(1),
  capacity: z.number().int().min(0),
  candidates: z.strictObject({ features: z.array(z.strictObject({ type: z.literal('Feature') })) }).optional(),
});

const failure = (input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return r.error;
};

describe('validationDetails', () => {
  it('names each field by its path: names dotted, list indexes bracketed', () => {
    const details = validationDetails(failure({ name: '', capacity: 1.5, candidates: { features: [{ type: 'Feature' }, { type: 'Point' }] } }));
    expect(details.map((d) => d.field).sort()).toEqual(['candidates.features[1].type', 'capacity', 'name']);
    for (const d of details) expect(d.message).not.toBe('');
  });

  it('names every unknown key by its own path, nested or not', () => {
    const details = validationDetails(failure({ name: 'a', capacity: 1, colour: 'red', size: 3, candidates: { features: [], extra: true } }));
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'unknown field "colour"' },
        { field: 'size', message: 'unknown field "size"' },
        { field: 'candidates.extra', message: 'unknown field "extra"' },
      ]),
    );
  });

  it('names the whole input (root) when it is not an object at all', () => {
    expect(validationDetails(failure([1, 2])).map((d) => d.field)).toEqual(['(root)']);
  });

  it('puts a prefix before every field and takes the unknown-key message given', () => {
    const details = validationDetails(failure({ name: 'a', capacity: -1, colour: 'red' }), { prefix: 'properties', unknownKey: (k) => `no attribute ${k}` });
    expect(details).toEqual(expect.arrayContaining([{ field: 'properties.colour', message: 'no attribute colour' }, expect.objectContaining({ field: 'properties.capacity' })]));
  });

  it('summarises the same details one per line for a start-up error', () => {
    expect(validationSummary(failure({ name: '', capacity: 0, colour: 1 }), '\n').split('\n').map((l) => l.split(':')[0]).sort()).toEqual(['colour', 'name']);
  });
});
