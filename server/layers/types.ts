/**
 * How a layer is described. The features API, validation, JSON Schema, tiles, import/export,
 * the public/private field split and the web legend all read this one description.
 */
import type { Label } from '../domain/vocabularies.ts';

export type { Label } from '../domain/vocabularies.ts';
export { GRADES, GRADE_LABELS } from '../domain/vocabularies.ts';

/**
 * Who staff are: admins; planners (shelters, depots, zones, roads); geohazard teams (risk sites);
 * duty officers (warnings and evacuation operations); village cadres (moving households during an
 * operation); shelter staff (check-ins at a shelter).
 */
export type Role = 'admin' | 'planner' | 'geohazard' | 'duty' | 'cadre' | 'shelter';
export const ROLES: readonly Role[] = ['admin', 'planner', 'geohazard', 'duty', 'cadre', 'shelter'];

interface AttributeBase {
  title: Label;
  /** Must be present on create (PUT/POST). */
  required?: boolean;
  /** Accepts null. */
  nullable?: boolean;
  /** Never shown to anonymous readers nor in tiles. */
  private?: boolean;
  /** Usable as an equality filter on the items route. */
  filterable?: boolean;
  /** Carried in vector tiles (what the map styles and labels by). */
  inTiles?: boolean;
  /** Set by the service (e.g. by grading), not by a feature write. */
  readOnly?: boolean;
}

export type AttributeSpec = AttributeBase &
  (
    | { type: 'string'; maxLength?: number; pattern?: string }
    | { type: 'enum'; values: readonly string[]; labels?: Record<string, Label> }
    | { type: 'integer'; min?: number; max?: number }
    | { type: 'number'; min?: number; max?: number }
    | { type: 'datetime' }
    | { type: 'boolean' }
    | { type: 'string_list'; maxItems?: number }
    | { type: 'quantity_map' }
  );

export type GeometryType = 'Point' | 'MultiLineString' | 'MultiPolygon';

export interface LayerDefinition {
  /** Collection id in the OGC API and the tiles. */
  id: string;
  table: string;
  geometryType: GeometryType;
  title: Label;
  description: Label;
  /** Roles that may write (admin always may). */
  writeRoles: readonly Role[];
  attributes: Record<string, AttributeSpec>;
  /** Attribute that identifies a feature to people (unique). */
  codeAttribute: 'code';
  /** Attribute shown as the feature's label. */
  labelAttribute: string;
  /** Positions may carry a third value, the elevation in metres (roads: their slopes). */
  elevation?: boolean;
  /** Zoom from which its vector tiles hold features (dense line layers); 0 when unset. */
  tileMinZoom?: number;
  /**
   * SQL condition on the layer's own columns that a feature must meet to be shown to the public
   * (in items, tiles and analyses), e.g. warnings still in force; staff items show every feature.
   */
  publicWhere?: string;
  /** Its own time attribute (a datetime), which the items' `datetime` filters on; else updated_at. */
  timeField?: string;
}

/** Columns every editable feature carries, maintained by the service. */
export const SYSTEM_COLUMNS = ['version', 'created_at', 'updated_at', 'updated_by'] as const;

