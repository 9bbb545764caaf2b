/**
 * GET /api/layers: the layer registry as the web client needs it — titles, attribute titles
 * and enum labels in Chinese and English, so every label on the map comes from one place —
 * plus the configured basemap. Private attributes are listed only for signed-in staff.
 */
import { Router } from 'express';
import { LAYERS, attributeEntries, canWrite } from './registry.ts';
import type { AttributeSpec, Label, LayerDefinition, Role } from './types.ts';

export interface BasemapSettings {
  url: string | undefined;
  labelsUrl: string | undefined;
  attribution: string;
}

export interface AttributeDescription {
  name: string;
  title: Label;
  type: AttributeSpec['type'];
  required: boolean;
  nullable: boolean;
  readOnly: boolean;
  private: boolean;
  filterable: boolean;
  values?: readonly string[];
  labels?: Record<string, Label>;
  min?: number;
  max?: number;
  maxLength?: number;
  pattern?: string;
}

export interface LayerDescription {
  id: string;
  title: Label;
  description: Label;
  geometryType: LayerDefinition['geometryType'];
  labelAttribute: string;
  /** Whether the signed-in reader may write this layer (false for the public). */
  writable: boolean;
  attributes: AttributeDescription[];
}

function describeAttribute(name: string, a: AttributeSpec): AttributeDescription {
  const d: AttributeDescription = {
    name,
    title: a.title,
    type: a.type,
    required: a.required ?? false,
    nullable: a.nullable ?? false,
    readOnly: a.readOnly ?? false,
    private: a.private ?? false,
    filterable: a.filterable ?? false,
  };
  if (a.type === 'enum') {
    d.values = a.values;
    d.labels = a.labels;
  }
  if (a.type === 'integer' || a.type === 'number') Object.assign(d, { min: a.min, max: a.max });
  if (a.type === 'string') Object.assign(d, { maxLength: a.maxLength, pattern: a.pattern });
  return d;
}

export function describeLayers(role: Role | undefined): LayerDescription[] {
  return LAYERS.map((l) => ({
    id: l.id,
    title: l.title,
    description: l.description,
    geometryType: l.geometryType,
    labelAttribute: l.labelAttribute,
    writable: role !== undefined && canWrite(l, role),
    attributes: attributeEntries(l)
      .filter(([, a]) => role !== undefined || !a.private)
      .map(([k, a]) => describeAttribute(k, a)),
  }));
}

export function layerRoutes(basemap: BasemapSettings): Router {
  const r = Router();
  r.get('/layers', (req, res) => {
    const body = {
      layers: describeLayers(req.principal?.role),
      basemap: basemap.url ? { url: basemap.url, labels_url: basemap.labelsUrl ?? null, attribution: basemap.attribution } : null,
    };
    // What a signed-in reader sees differs from the public answer, so shared caches must not mix them.
    res.set('Cache-Control', req.principal ? 'private, no-store' : 'public, max-age=300').set('Vary', 'Cookie, Authorization').json(body);
  });
  return r;
}
