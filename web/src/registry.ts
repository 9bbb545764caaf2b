/**
 * The layer registry as served by GET /api/layers: every layer, field and value name on the
 * map comes from here, in the current language.
 */
import { getJson } from './api.ts';
import { label } from './i18n.ts';
import type { AttributeDescriptionAnswer, LayerDescriptionAnswer, LayersAnswer } from '../../server/layers/contract.ts';

/** The registry's shapes come from the service's contract (server/layers/contract.ts). */
export type AttributeInfo = AttributeDescriptionAnswer;
export type LayerInfo = LayerDescriptionAnswer;
export type LayersResponse = LayersAnswer;
export type BasemapInfo = NonNullable<LayersAnswer['basemap']>;

export class Registry {
  private byId: Map<string, LayerInfo>;

  constructor(public doc: LayersResponse) {
    this.byId = new Map(doc.layers.map((l) => [l.id, l]));
  }

  /** Reads the registry again (after signing in, staff see the private attributes too). */
  async refresh(): Promise<void> {
    this.doc = await getJson<LayersResponse>('/api/layers');
    this.byId = new Map(this.doc.layers.map((l) => [l.id, l]));
  }

  layer(id: string): LayerInfo | undefined {
    return this.byId.get(id);
  }

  attribute(layerId: string, name: string): AttributeInfo | undefined {
    return this.byId.get(layerId)?.attributes.find((a) => a.name === name);
  }

  /** The layer's title in the current language. */
  title(layerId: string): string {
    return label(this.byId.get(layerId)?.title) || layerId;
  }

  fieldTitle(layerId: string, name: string): string {
    return label(this.attribute(layerId, name)?.title) || name;
  }

  /** An enum value's name in the current language (the raw value when unlabelled). */
  valueLabel(layerId: string, name: string, value: unknown): string {
    if (value === null || value === undefined) return '';
    const l = this.attribute(layerId, name)?.labels?.[String(value)];
    return l ? label(l) : String(value);
  }

  values(layerId: string, name: string): string[] {
    return this.attribute(layerId, name)?.values ?? [];
  }
}

export async function loadRegistry(): Promise<Registry> {
  return new Registry(await getJson<LayersResponse>('/api/layers'));
}
