/**
 * What-if edits of the shelters layer, applied in memory for one analysis and never saved:
 * add shelters (they get negative ids, -1, -2, … in the answer), change or move existing ones
 * (a merge patch of properties and/or a new geometry), or remove them.
 */
import { z } from 'zod';
import { checkProperties } from '../layers/attribute-schema.ts';
import { checkGeometry } from '../layers/validate-geometry.ts';
import { shelters as shelterLayer } from '../layers/shelters.ts';
import { invalid, type ErrorDetail } from '../http/errors.ts';
import type { ShelterCollection, ShelterFeature } from '../analysis/types.ts';

const MAX_EDITS = 500;

export const draftSchema = z.strictObject({
  add: z.array(z.object({ type: z.literal('Feature').optional(), geometry: z.unknown(), properties: z.record(z.string(), z.unknown()) })).max(MAX_EDITS).optional(),
  change: z
    .array(z.object({ type: z.literal('Feature').optional(), id: z.number().int().positive(), geometry: z.unknown().optional(), properties: z.record(z.string(), z.unknown()).optional() }))
    .max(MAX_EDITS)
    .optional(),
  remove: z.array(z.number().int().positive()).max(MAX_EDITS).optional(),
});

export type ShelterDraft = z.infer<typeof draftSchema>;

/** The shelters as the draft would leave them (a new collection; the input is not mutated). */
export function applyShelterDraft(shelters: ShelterCollection, draft: ShelterDraft | undefined): ShelterCollection {
  if (!draft) return shelters;
  const details: ErrorDetail[] = [];
  const byId = new Map(shelters.features.map((f) => [f.id, f]));
  const removed = new Set(draft.remove ?? []);
  for (const id of removed) if (!byId.has(id)) details.push({ field: 'draft.remove', message: `no shelter ${id}` });

  const changed = new Map<number, ShelterFeature>();
  (draft.change ?? []).forEach((c, i) => {
    const current = byId.get(c.id);
    if (!current) return void details.push({ field: `draft.change[${i}].id`, message: `no shelter ${c.id}` });
    const patch = checkProperties(shelterLayer, c.properties ?? {}, 'partial');
    if (!patch.ok) return void details.push(...patch.details.map((d) => ({ ...d, field: `draft.change[${i}].${d.field}` })));
    let geometry = current.geometry;
    if (c.geometry !== undefined) {
      const g = checkGeometry(c.geometry, 'Point');
      if (!g.ok) return void details.push(...g.details.map((d) => ({ ...d, field: `draft.change[${i}].${d.field}` })));
      geometry = g.geometry as ShelterFeature['geometry'];
    }
    changed.set(c.id, { ...current, geometry, properties: { ...current.properties, ...patch.properties } as ShelterFeature['properties'] });
  });

  const added: ShelterFeature[] = [];
  (draft.add ?? []).forEach((a, i) => {
    const props = checkProperties(shelterLayer, a.properties, 'create');
    const g = checkGeometry(a.geometry, 'Point');
    if (!props.ok) details.push(...props.details.map((d) => ({ ...d, field: `draft.add[${i}].${d.field}` })));
    if (!g.ok) details.push(...g.details.map((d) => ({ ...d, field: `draft.add[${i}].${d.field}` })));
    if (props.ok && g.ok) {
      added.push({ type: 'Feature', id: -(i + 1), geometry: g.geometry as ShelterFeature['geometry'], properties: props.properties as unknown as ShelterFeature['properties'] });
    }
  });
  if (details.length) throw invalid('the draft is not valid', details);

  const features = shelters.features.filter((f) => !removed.has(f.id)).map((f) => changed.get(f.id) ?? f);
  return { type: 'FeatureCollection', features: [...features, ...added] };
}
