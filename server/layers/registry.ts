/**
 * The layer registry: every spatial layer, in map order (bottom to top).
 * Adding a layer is one module here and one migration.
 */
import { depots } from './depots.ts';
import { hazardZones } from './hazard-zones.ts';
import { riskSites } from './risk-sites.ts';
import { roads } from './roads.ts';
import { shelters } from './shelters.ts';
import { towns } from './towns.ts';
import { SYSTEM_COLUMNS, type AttributeSpec, type LayerDefinition, type Role } from './types.ts';
import { villages } from './villages.ts';
import { warnings } from './warnings.ts';

export const LAYERS: readonly LayerDefinition[] = [towns, hazardZones, warnings, roads, villages, riskSites, shelters, depots];

const byId = new Map(LAYERS.map((l) => [l.id, l]));

export function findLayer(id: string): LayerDefinition | undefined {
  return byId.get(id);
}

export function attributeEntries(layer: LayerDefinition): Array<[string, AttributeSpec]> {
  return Object.entries(layer.attributes);
}

/** Attributes a reader may see: private ones only for signed-in staff. */
export function visibleAttributes(layer: LayerDefinition, includePrivate: boolean): string[] {
  return attributeEntries(layer)
    .filter(([, a]) => includePrivate || !a.private)
    .map(([k]) => k);
}

/** System columns a reader may see: who wrote last (a staff login name) only for signed-in staff. */
export function visibleSystemColumns(includePrivate: boolean): string[] {
  return SYSTEM_COLUMNS.filter((k) => includePrivate || k !== 'updated_by');
}

/** SQL of the features a layer shows the public (not deleted, and its own condition if any). */
export function publicCondition(layer: LayerDefinition): string {
  return layer.publicWhere ? `deleted_at IS NULL AND ${layer.publicWhere}` : 'deleted_at IS NULL';
}

export function canWrite(layer: LayerDefinition, role: Role): boolean {
  return role === 'admin' || layer.writeRoles.includes(role);
}
